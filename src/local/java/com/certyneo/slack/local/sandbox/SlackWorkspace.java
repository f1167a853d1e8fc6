package com.certyneo.slack.local.sandbox;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.certyneo.slack.local.sandbox.SandboxChannels.Channel;

import io.vertx.core.json.JsonObject;

/**
 * The Slack workspace the stand-in plays, in memory: channels, messages, OAuth codes and bot tokens, and
 * Slack's pacing rule (one message per second per channel). Every method is synchronized: requests come from
 * several event loops, and the state is tiny.
 */
final class SlackWorkspace {

    static final String TEAM_ID = "T0SANDBOX";
    static final String BOT_USER_ID = "U0SBXBOT";
    static final String BOT_ID = "B0SBXBOT";
    static final String APP_ID = "A0SBXAPP";
    static final String ADMIN_USER_ID = "U0SBXADMIN";
    static final String SCOPES = "chat:write,channels:read";
    /** Slack allows about one message per second per channel; a little slack for clock jitter between calls. */
    static final long PACE_MILLIS = 950;

    private final String name;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final List<Channel> channels;
    private final Map<String, List<JsonObject>> messages = new LinkedHashMap<>();
    private final Map<String, String> codes = new LinkedHashMap<>();
    private final Map<String, Boolean> tokens = new LinkedHashMap<>();
    private final Map<String, Long> lastWrite = new LinkedHashMap<>();
    private long lastTsMicros;

    SlackWorkspace(String name, int generatedChannels, Clock clock) {
        this.name = name;
        this.clock = clock;
        this.channels = SandboxChannels.create(generatedChannels);
    }

    String name() {
        return name;
    }

    synchronized List<Channel> channels() {
        return List.copyOf(channels);
    }

    synchronized Optional<Channel> channel(String idOrName) {
        String key = idOrName == null ? "" : idOrName.startsWith("#") ? idOrName.substring(1) : idOrName;
        return channels.stream().filter(c -> c.id.equals(key) || c.name.equals(key)).findFirst();
    }

    /** A single-use OAuth code for the redirect URI the authorize request named. */
    synchronized String newCode(String redirectUri) {
        String code = "sbx-code-" + hex(12);
        codes.put(code, redirectUri);
        return code;
    }

    /** The redirect URI the code was issued for, once; empty for an unknown or used code. */
    synchronized Optional<String> redeem(String code) {
        return Optional.ofNullable(code == null ? null : codes.remove(code));
    }

    synchronized String newBotToken() {
        String token = "xoxb-sandbox-" + hex(16);
        tokens.put(token, Boolean.TRUE);
        return token;
    }

    /** null when the token is good, else the Slack error for it. */
    synchronized String tokenProblem(String token) {
        if (token == null || token.isBlank()) {
            return "not_authed";
        }
        Boolean live = tokens.get(token);
        return live == null ? "invalid_auth" : live ? null : "token_revoked";
    }

    synchronized void revoke(String token) {
        tokens.computeIfPresent(token, (t, live) -> Boolean.FALSE);
    }

    /** Uninstalling the app revokes every token it was given. */
    synchronized void uninstall() {
        tokens.replaceAll((t, live) -> Boolean.FALSE);
    }

    synchronized boolean installed() {
        return tokens.containsValue(Boolean.TRUE);
    }

    /** Takes the channel's write slot; false when the previous write was less than a second ago. */
    synchronized boolean takeSlot(String channelId) {
        long now = clock.millis();
        Long last = lastWrite.get(channelId);
        if (last != null && now - last < PACE_MILLIS) {
            return false;
        }
        lastWrite.put(channelId, now);
        return true;
    }

    /** Stores a message (ts assigned) and returns it. */
    synchronized JsonObject add(String channelId, JsonObject message) {
        message.put("ts", nextTs()).put("channel", channelId);
        messages.computeIfAbsent(channelId, c -> new ArrayList<>()).add(message);
        return message;
    }

    synchronized Optional<JsonObject> message(String channelId, String ts) {
        return messages.getOrDefault(channelId, List.of()).stream().filter(m -> m.getString("ts").equals(ts))
                .findFirst();
    }

    /** Copies of the channel's messages in order (threads included; the view nests them). */
    synchronized List<JsonObject> messages(String channelId) {
        return messages.getOrDefault(channelId, List.of()).stream().map(JsonObject::copy).toList();
    }

    synchronized int count(String channelId) {
        return messages.getOrDefault(channelId, List.of()).size();
    }

    synchronized void join(String channelId) {
        channel(channelId).ifPresent(c -> c.member = true);
    }

    /** Slack message timestamps: seconds and a six-digit suffix, unique and increasing. */
    private String nextTs() {
        long micros = Math.max(clock.millis() * 1000, lastTsMicros + 1);
        lastTsMicros = micros;
        return String.format("%d.%06d", micros / 1_000_000, micros % 1_000_000);
    }

    String hex(int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
