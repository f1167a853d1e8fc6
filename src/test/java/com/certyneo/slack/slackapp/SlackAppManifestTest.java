package com.certyneo.slack.slackapp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/** The Slack app manifest asks for the two scopes only and points at the service's real endpoints. */
class SlackAppManifestTest {

    private static final String BASE = "https://slack.certyneo.example";

    private final JsonNode manifest = read();

    @Test
    void botScopesAreChatWriteAndChannelsReadOnly() {
        assertThat(texts(manifest.path("oauth_config").path("scopes").path("bot")))
                .containsExactlyInAnyOrder("chat:write", "channels:read");
        assertThat(manifest.path("oauth_config").path("scopes").has("user")).isFalse();
        assertThat(String.join(",", texts(manifest.path("oauth_config").path("scopes").path("bot"))))
                .isEqualTo(SlackOAuthResource.SCOPES);
    }

    @Test
    void urlsPointAtTheServiceEndpoints() {
        assertThat(texts(manifest.path("oauth_config").path("redirect_urls")))
                .containsExactly(BASE + "/slack/oauth/callback");
        assertThat(manifest.path("settings").path("event_subscriptions").path("request_url").asText())
                .isEqualTo(BASE + "/slack/events");
        assertThat(texts(manifest.path("settings").path("event_subscriptions").path("bot_events")))
                .containsExactlyInAnyOrder("app_uninstalled", "tokens_revoked", "member_joined_channel",
                        "channel_unarchive",
                        "channel_archive", "channel_deleted");
        assertThat(manifest.path("settings").path("interactivity").path("request_url").asText())
                .isEqualTo(BASE + "/slack/interactions");
        assertThat(manifest.path("settings").path("token_rotation_enabled").asBoolean(true)).isFalse();
    }

    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(node -> values.add(node.asText()));
        return values;
    }

    private static JsonNode read() {
        try {
            return new ObjectMapper(new YAMLFactory()).readTree(Path.of("deployment", "slack-app-manifest.yaml")
                    .toFile());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
