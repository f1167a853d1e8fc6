package com.certyneo.slack.platform;

import java.lang.reflect.InvocationTargetException;
import java.util.List;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * Entry point, the same in every build.
 * <ol>
 * <li>Outside the local/dev/test profiles it first checks the required settings
 * ({@link RequiredConfigCheck}) and exits with {@value #EXIT_CONFIG} naming every missing or
 * unsafe variable: before Quarkus starts, so that no datasource/OIDC/Flyway error comes first.</li>
 * <li>The local/dev/test profiles carry well-known secrets and skip that check, so only the
 * development build may run them: a production build (native image, production jar) has no
 * {@code src/local} (no launcher, no {@code application-local.properties}) and refuses them.</li>
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

    static final String LAUNCHER = "com.certyneo.slack.local.LocalDatabase";

    public static void main(String... args) {
        String profiles = RequiredConfigCheck.activeProfiles(System.getenv(), System.getProperties());
        if (RequiredConfigCheck.appliesTo(profiles)) {
            List<String> missing = RequiredConfigCheck.missing(System.getenv(), System.getProperties());
            List<String> invalid = RequiredConfigCheck.invalid(System.getenv(), System.getProperties());
            if (!missing.isEmpty() || !invalid.isEmpty()) {
                refuse(RequiredConfigCheck.message(profiles, missing, invalid));
            }
        } else {
            Class<?> launcher = launcher();
            if (launcher == null) {
                refuse(productionBuildRefusal(profiles));
            }
            if (hasProfile(profiles, "local") || hasProfile(profiles, "dev")) {
                startLocalDatabase(launcher);
            }
        }
        Quarkus.run(args);
    }

    /** Why a production build does not run a development profile, and what to do instead. */
    static String productionBuildRefusal(String profiles) {
        return "certyneo-slack cannot start (profile " + profiles + "): the local, dev and test profiles exist "
                + "only in the development build (./mvnw package without -Dnative); this production build "
                + "refuses them. Unset QUARKUS_PROFILE / -Dquarkus.profile and set the production "
                + "configuration (see docs/operations.md).";
    }

    private static void refuse(String message) {
        System.err.println(message);
        System.exit(EXIT_CONFIG);
    }

    private static boolean hasProfile(String profiles, String wanted) {
        for (String profile : profiles.split(",")) {
            if (profile.trim().equals(wanted)) {
                return true;
            }
        }
        return false;
    }

    /** The development build's launcher class, or null in a production build. */
    static Class<?> launcher() {
        try {
            return Class.forName(LAUNCHER);
        } catch (ClassNotFoundException e) {
            return null;
        }
    }

    private static void startLocalDatabase(Class<?> launcher) {
        try {
            launcher.getMethod("startIfNoDatasource").invoke(null);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("The embedded PostgreSQL did not start", e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("The embedded PostgreSQL launcher is unusable", e);
        }
    }
}
