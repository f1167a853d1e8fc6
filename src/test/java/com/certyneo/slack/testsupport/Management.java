package com.certyneo.slack.testsupport;

import static io.restassured.RestAssured.given;

import java.net.URI;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.quarkus.test.common.http.TestHTTPResourceManager;

/**
 * The management interface of the running {@code @QuarkusTest} application: health, metrics and
 * OpenAPI live there (quarkus.management.enabled), on a free port per test JVM, not on the port
 * RestAssured uses by default.
 */
public final class Management {

    private Management() {
    }

    /** Absolute URL of {@code path} (e.g. {@code /q/metrics}) on the management port. */
    public static String url(String path) {
        return URI.create(TestHTTPResourceManager.getManagementUri()).resolve(path).toString();
    }

    /** What /q/metrics answers now (Prometheus text format). */
    public static String metrics() {
        return given().get(url("/q/metrics")).asString();
    }

    /**
     * The value of series {@code name} in {@code metrics} whose labels include every one of {@code labels} (each
     * written {@code key="value"}); 0 when there is none (a counter before its first increment).
     */
    public static double sample(String metrics, String name, String... labels) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*\\})? (\\S+)$").matcher(metrics);
        while (m.find()) {
            String found = m.group(1) == null ? "" : m.group(1);
            if (Arrays.stream(labels).allMatch(found::contains)) {
                return Double.parseDouble(m.group(2));
            }
        }
        return 0;
    }
}
