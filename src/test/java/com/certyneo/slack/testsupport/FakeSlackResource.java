package com.certyneo.slack.testsupport;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/** Starts {@link FakeSlack} for a Quarkus test application and points slack.api-url at it. */
public class FakeSlackResource implements QuarkusTestResourceLifecycleManager {

    private FakeSlack fake;

    @Override
    public Map<String, String> start() {
        fake = FakeSlack.start();
        return Map.of("slack.api-url", fake.url());
    }

    @Override
    public void stop() {
        if (fake != null) {
            fake.stop();
        }
    }
}
