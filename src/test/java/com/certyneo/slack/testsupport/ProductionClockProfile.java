package com.certyneo.slack.testsupport;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The %test profile with production-like clocks where timing is under test: the periodic sweep is slow (it must not
 * be what delivers on time), and the transient-failure backoff starts at minutes, as it stands after a long outage
 * with the production settings (2 s doubling up to 10 min), so that waiting on it would take far longer than the
 * outage-recovery promise of 30 s.
 */
public class ProductionClockProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("delivery.sweep-interval", "30s", "delivery.backoff-base", "4m", "delivery.backoff-cap", "10m");
    }
}
