package com.certyneo.slack.testsupport;

import io.quarkus.test.common.QuarkusTestResource;

/** Registers the fake Certyneo and the fake Slack response_url for every Quarkus test of the module. */
@QuarkusTestResource(FakeCertyneoResource.class)
public final class TestCertyneo {

    private TestCertyneo() {
    }
}
