package com.certyneo.slack.local.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.vertx.core.json.JsonObject;

/** The sandbox's pure decisions: when it exists, which Slack the local profile talks to, what samples look like. */
class SandboxChoicesTest {

    @Test
    void theSandboxExistsInTheLocalProfileAndDevModeOnly() {
        assertThat(SandboxProfile.active(List.of("local"))).isTrue();
        assertThat(SandboxProfile.active(List.of("dev", "local"))).isTrue();
        assertThat(SandboxProfile.active(List.of("prod"))).isFalse();
        assertThat(SandboxProfile.active(List.of("test"))).isFalse();
    }

    @Test
    void theSlackStandInIsUsedUnlessRealSlackCredentialsAreSet() {
        SlackChoiceConfigSource none = new SlackChoiceConfigSource(null, " ");
        assertThat(none.getValue("sandbox.slack-stand-in")).isEqualTo("true");
        assertThat(none.getValue("sandbox.slack-api-url")).isEqualTo("${sandbox.base-url}/sandbox/slack/api");
        assertThat(none.getValue("sandbox.slack-authorize-url"))
                .isEqualTo("${sandbox.base-url}/sandbox/slack/oauth/v2/authorize");

        for (SlackChoiceConfigSource real : List.of(new SlackChoiceConfigSource("A123.456", null),
                new SlackChoiceConfigSource(null, "A123.456"))) {
            assertThat(real.getValue("sandbox.slack-stand-in")).isEqualTo("false");
            assertThat(real.getValue("sandbox.slack-api-url")).isEqualTo("https://slack.com/api");
            assertThat(real.getValue("sandbox.slack-authorize-url"))
                    .isEqualTo("https://slack.com/oauth/v2/authorize");
        }
        // below application-local.properties and every variable: SLACK_API_URL still wins
        assertThat(none.getOrdinal()).isLessThan(100);
    }

    @Test
    void sampleEventsKeepTheFixtureShapeWithTheTypedTitleSignersAndEnvelope() {
        Clock clock = Clock.fixed(Instant.parse("2026-12-02T10:00:00Z"), ZoneOffset.UTC);
        SampleEvents samples = new SampleEvents(clock, new SlackWorkspace("Acme Sandbox", 0, clock));
        JsonObject event = samples.build("recipient.signed", "acc_sandbox", "env_x", "Lease <B>",
                "Ann Lee <ann@acme.example> signed\nBo Chu pending\nCy Ray <cy@acme.example> signed", null);
        assertThat(event.getString("id")).startsWith("evt_sbx_");
        assertThat(event.getString("account_id")).isEqualTo("acc_sandbox");
        assertThat(event.getString("created_at")).isEqualTo("2026-12-02T10:00:00Z");
        JsonObject envelope = event.getJsonObject("data").getJsonObject("envelope");
        assertThat(envelope.getString("id")).isEqualTo("env_x");
        assertThat(envelope.getString("url")).isEqualTo("https://app.certyneo.com/envelopes/env_x");
        assertThat(envelope.getString("title")).isEqualTo("Lease <B>");
        assertThat(envelope.getJsonArray("signers")).hasSize(3);
        assertThat(envelope.getJsonArray("signers").getJsonObject(1).getString("email"))
                .isEqualTo("bo.chu@acme.example");
        // the signer of recipient.signed is the latest one who signed
        assertThat(event.getJsonObject("data").getJsonObject("recipient").getString("name")).isEqualTo("Cy Ray");

        JsonObject completed = samples.build("envelope.completed", "acc_sandbox", "env_y", null, null, null);
        assertThat(completed.getJsonObject("data").getJsonObject("envelope").getString("proof_pdf_url"))
                .isEqualTo("https://app.certyneo.com/envelopes/env_y/proof.pdf");
    }
}
