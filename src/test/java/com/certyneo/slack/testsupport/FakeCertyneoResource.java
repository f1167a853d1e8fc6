package com.certyneo.slack.testsupport;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Starts {@link FakeCertyneo} (token endpoint + API) and {@link FakeSlackHooks} (Slack response_url)
 * for a Quarkus test application and points the service at them.
 */
public class FakeCertyneoResource implements QuarkusTestResourceLifecycleManager {

    private FakeCertyneo certyneo;
    private FakeSlackHooks hooks;

    @Override
    public Map<String, String> start() {
        certyneo = FakeCertyneo.start();
        hooks = FakeSlackHooks.start();
        return Map.of(
                "certyneo.api-url", certyneo.apiUrl(),
                "certyneo.oidc-token-url", certyneo.tokenUrl(),
                "certyneo.client-id", FakeCertyneo.CLIENT_ID,
                "certyneo.client-secret", FakeCertyneo.CLIENT_SECRET,
                "resend.response-url-prefixes", hooks.prefix());
    }

    @Override
    public void stop() {
        if (certyneo != null) {
            certyneo.stop();
        }
        if (hooks != null) {
            hooks.stop();
        }
    }
}
