package com.certyneo.slack.config;

import java.lang.reflect.InvocationTargetException;
import java.util.List;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * Entry point, the same in every build.
 * <ol>
 * <li>Outside the local/dev/test profiles it first checks the required settings
 * ({@link RequiredConfigCheck}) and exits with {@value #EXIT_CONFIG} naming every missing
 * variable: before Quarkus starts, so that no datasource/OIDC/Flyway error comes first.</li>
 * <li>With the {@code local} (or {@code dev}) profile it looks up the embedded-PostgreSQL launcher
 * BY NAME. That class is compiled only by the default Maven profile ({@code src/local/java}); a
 * native/production build has no such class and no zonky dependency, and nothing here refers to
 * it statically, so the native image cannot reach it.</li>
 * </ol>
 */
@QuarkusMain
public class Main {

    /** sysexits.h EX_CONFIG: tells a configuration error apart from a crash in pod statuses. */
    static final int EXIT_CONFIG = 78;

    private static final String LAUNCHER = "com.certyneo.slack.local.LocalDatabase";

    public static void main(String... args) {
        String profiles = RequiredConfigCheck.activeProfiles(System.getenv(), System.getProperties());
        if (RequiredConfigCheck.appliesTo(profiles)) {
            List<String> missing = RequiredConfigCheck.missing(System.getenv(), System.getProperties());
            if (!missing.isEmpty()) {
                System.err.println(RequiredConfigCheck.message(profiles, missing));
                System.exit(EXIT_CONFIG);
            }
        } else if (hasProfile(profiles, "local") || hasProfile(profiles, "dev")) {
            startLocalDatabase();
        }
        Quarkus.run(args);
    }

    private static boolean hasProfile(String profiles, String wanted) {
        for (String profile : profiles.split(",")) {
            if (profile.trim().equals(wanted)) {
                return true;
            }
        }
        return false;
    }

    private static void startLocalDatabase() {
        try {
            Class.forName(LAUNCHER).getMethod("startIfNoDatasource").invoke(null);
        } catch (ClassNotFoundException e) {
            System.err.println("This is a production build without the embedded PostgreSQL: "
                    + "set QUARKUS_DATASOURCE_REACTIVE_URL and QUARKUS_DATASOURCE_JDBC_URL.");
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("The embedded PostgreSQL did not start", e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("The embedded PostgreSQL launcher is unusable", e);
        }
    }
}
