package com.certyneo.slack.testsupport;

import java.net.URI;

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
}
