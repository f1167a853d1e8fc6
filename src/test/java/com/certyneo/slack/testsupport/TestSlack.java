package com.certyneo.slack.testsupport;

import io.quarkus.test.common.QuarkusTestResource;

/** Registers the fake Slack Web API for every Quarkus test of the module. */
@QuarkusTestResource(FakeSlackResource.class)
public final class TestSlack {

    private TestSlack() {
    }
}
