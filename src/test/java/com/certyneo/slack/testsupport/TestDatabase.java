package com.certyneo.slack.testsupport;

import io.quarkus.test.common.QuarkusTestResource;

/** Registers the real PostgreSQL for every Quarkus test of the module. */
@QuarkusTestResource(PostgresResource.class)
public final class TestDatabase {

    private TestDatabase() {
    }
}
