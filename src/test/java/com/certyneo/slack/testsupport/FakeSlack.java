package com.certyneo.slack.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A fake Slack Web API served over real HTTP (JDK HttpServer) for tests. Started once per Quarkus
 * test application by {@link FakeSlackResource} (registered globally by {@link TestSlack}), which
 * points {@code slack.api-url} at it. Get it with {@link #get()}; call {@link #reset()} in
 * {@code @BeforeEach}.
 * <p>
 * Behaves like Slack: Bearer token checked against known tokens ({@code invalid_auth} otherwise),
 * HTTP 200 {@code ok:false} errors, 429 with Retry-After, cursor pagination on conversations.list.
 * Every call is recorded ({@link #calls()}, {@link #posts()}) with its arrival instant, channel and
 * full body. Behaviour is scriptable per method and channel ({@link #enqueue}, {@link #always}),
 * and {@link #strictPacing(boolean)} answers 429 (Retry-After: 1) whenever one channel gets two
 * writes (chat.postMessage or chat.update) within one second. Threads: a post with {@code thread_ts} is a reply to
 * that message of the channel ({@code thread_not_found} when there is none, or when it was deleted and had no
 * replies; a deleted parent with replies stays as Slack's "This message was deleted." and takes more replies);
 * chat.update answers {@code message_not_found} for an unknown or deleted ts; {@link #deleteMessage} deletes as a
 * user would. Thread-safe.
 */
public final class FakeSlack {

    /** Bot token known after {@link #reset()}, for team {@link #TEAM_ID}. */
    public static final String BOT_TOKEN = "xoxb-fake-0000-bot-token";
    public static final String TEAM_ID = "T0FAKE";
    public static final String TEAM_NAME = "Fake Workspace";
    public static final String BOT_USER_ID = "U0FAKEBOT";
    public static final String APP_ID = "A0FAKEAPP";
    /** OAuth client credentials accepted by oauth.v2.access; same as the %test profile's slack.client-*. */
    public static final String CLIENT_ID = "test-client-id";
    public static final String CLIENT_SECRET = "test-client-secret";

    public static final String POST_MESSAGE = "chat.postMessage";
    public static final String UPDATE = "chat.update";
    public static final String CONVERSATIONS_LIST = "conversations.list";
    public static final String CONVERSATIONS_INFO = "conversations.info";
    public static final String OAUTH_V2_ACCESS = "oauth.v2.access";
    public static final String AUTH_REVOKE = "auth.revoke";
    public static final String AUTH_TEST = "auth.test";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static volatile FakeSlack current;

    /** A conversation known to the fake. */
    public record Channel(String id, String name, boolean member, boolean archived, boolean privateChannel) {

        public static Channel publicChannel(String id, String name, boolean member) {
            return new Channel(id, name, member, false, false);
        }
    }

    /** What an OAuth code grants; the token becomes known once the code is exchanged. */
    public record OAuthGrant(String teamId, String teamName, String botUserId, String appId, String scope,
            String accessToken, String redirectUri) {

        /** Team {@link #TEAM_ID}, scopes chat:write,channels:read; any redirect_uri accepted. */
        public static OAuthGrant of(String accessToken) {
            return new OAuthGrant(TEAM_ID, TEAM_NAME, BOT_USER_ID, APP_ID, "chat:write,channels:read", accessToken,
                    null);
        }
    }

    /**
     * A scripted answer. {@link #normal()} lets the fake answer as usual; {@link #after(Duration)}
     * delays any reply (longer than the client's timeout = a timeout).
     */
    public record Reply(Kind kind, String error, int status, int retryAfterSeconds, Duration delay) {

        public enum Kind {
            NORMAL, ERROR, RATE_LIMITED, HTTP_STATUS, DISCONNECT
        }

        public static Reply normal() {
            return new Reply(Kind.NORMAL, null, 200, 0, Duration.ZERO);
        }

        /** HTTP 200 {@code {"ok":false,"error":code}}. */
        public static Reply error(String code) {
            return new Reply(Kind.ERROR, code, 200, 0, Duration.ZERO);
        }

        /** HTTP 429 with {@code Retry-After: seconds}. */
        public static Reply rateLimited(int seconds) {
            return new Reply(Kind.RATE_LIMITED, null, 429, seconds, Duration.ZERO);
        }

        /** Any HTTP status with a small non-JSON body, e.g. 500, 502, 503. */
        public static Reply httpStatus(int status) {
            return new Reply(Kind.HTTP_STATUS, null, status, 0, Duration.ZERO);
        }

        /** Drop the connection without any answer (a connection error for the client). */
        public static Reply disconnect() {
            return new Reply(Kind.DISCONNECT, null, 0, 0, Duration.ZERO);
        }

        /** Answer normally after a delay. */
        public static Reply delay(Duration delay) {
            return normal().after(delay);
        }

        public Reply after(Duration delay) {
            return new Reply(kind, error, status, retryAfterSeconds, delay);
        }
    }

    /**
     * One recorded call. {@code channel} is null for methods without one; {@code body} is the JSON body,
     * or the form/query parameters as a JSON object; {@code outcome} is {@code ok}, the Slack error code,
     * {@code rate_limited}, {@code http_<status>} or {@code disconnected}.
     */
    public record Call(Instant at, String method, String channel, String authorization, JsonNode body, int status,
            String outcome) {

        public boolean ok() {
            return "ok".equals(outcome);
        }

        /**
         * Convenience for JSON bodies: the plain text a notification shows, the top-level {@code text}, or else the
         * first attachment's {@code fallback} (our messages carry it there, see message.ColouredMessage).
         */
        public String text() {
            return body == null ? null : plainText(body);
        }
    }

    private record TokenInfo(String teamId, String teamName, String botUserId) {
    }

    private final Object lock = new Object();
    private HttpServer server;
    private LocalHttp http;

    // state guarded by lock
    private final Map<String, TokenInfo> tokens = new HashMap<>();
    private final Set<String> revoked = new HashSet<>();
    private final Map<String, OAuthGrant> codes = new HashMap<>();
    private final List<Channel> channels = new ArrayList<>();
    private final List<Call> calls = new ArrayList<>();
    private final Map<String, Deque<Reply>> oneShot = new HashMap<>();
    private final Map<String, Reply> persistent = new HashMap<>();
    private final Map<String, Instant> lastPostArrival = new HashMap<>();
    /** Messages in Slack by channel and ts, in posting order. */
    private final Map<String, Map<String, Message>> messages = new HashMap<>();
    private boolean strictPacing;
    private boolean textOnly;
    private int pacingViolations;
    private long tsSequence;

    /** The instance started for the running Quarkus test application. */
    public static FakeSlack get() {
        FakeSlack fake = current;
        if (fake == null) {
            throw new IllegalStateException(
                    "FakeSlack is not started (FakeSlackResource registers it for @QuarkusTest)");
        }
        return fake;
    }

    /** Starts a fake on a free port; also made the {@link #get()} instance. */
    public static FakeSlack start() {
        FakeSlack fake = new FakeSlack();
        fake.http = new LocalHttp("fake-slack");
        fake.server = fake.http.serve(0, "/api/", fake::handle);
        fake.reset();
        current = fake;
        return fake;
    }

    public void stop() {
        server.stop(0);
        http.close();
        if (current == this) {
            current = null;
        }
    }

    /** Base URL to use as slack.api-url, e.g. http://127.0.0.1:41234/api */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/api";
    }

    /**
     * Back to defaults: only {@link #BOT_TOKEN} known, no OAuth codes, channels C0GENERAL "general"
     * (bot member) and C0RANDOM "random" (not a member), no scripts, no pacing rule, no recorded calls.
     */
    public void reset() {
        synchronized (lock) {
            tokens.clear();
            revoked.clear();
            tokens.put(BOT_TOKEN, new TokenInfo(TEAM_ID, TEAM_NAME, BOT_USER_ID));
            codes.clear();
            channels.clear();
            channels.add(Channel.publicChannel("C0GENERAL", "general", true));
            channels.add(Channel.publicChannel("C0RANDOM", "random", false));
            calls.clear();
            oneShot.clear();
            persistent.clear();
            lastPostArrival.clear();
            messages.clear();
            strictPacing = false;
            textOnly = false;
            pacingViolations = 0;
        }
    }

    // ------------------------------------------------------------------ configuration

    /** Makes a bot token valid (for {@link #TEAM_ID} unless given). */
    public void addToken(String token) {
        addToken(token, TEAM_ID, TEAM_NAME, BOT_USER_ID);
    }

    public void addToken(String token, String teamId, String teamName, String botUserId) {
        synchronized (lock) {
            tokens.put(token, new TokenInfo(teamId, teamName, botUserId));
        }
    }

    /** Makes a token invalid, as if revoked on Slack's side (calls then get token_revoked). */
    public void revokeToken(String token) {
        synchronized (lock) {
            tokens.remove(token);
            revoked.add(token);
        }
    }

    public boolean isTokenValid(String token) {
        synchronized (lock) {
            return tokens.containsKey(token);
        }
    }

    /** A code that oauth.v2.access will exchange once for {@code grant}. */
    public void addOAuthCode(String code, OAuthGrant grant) {
        synchronized (lock) {
            codes.put(code, grant);
        }
    }

    /** Replaces the channel list (conversations.list order). */
    public void setChannels(List<Channel> list) {
        synchronized (lock) {
            channels.clear();
            channels.addAll(list);
        }
    }

    /** {@code count} public channels C0000001… named channel-1… where the bot is a member of the odd ones. */
    public static List<Channel> manyChannels(int count) {
        List<Channel> list = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            list.add(Channel.publicChannel(String.format("C%07d", i), "channel-" + i, i % 2 == 1));
        }
        return list;
    }

    /**
     * One-shot replies, used in order by the next calls of {@code method} to {@code channel} (null: to
     * any channel / for methods without one). Channel-specific scripts win over global ones.
     */
    public void enqueue(String method, String channel, Reply... replies) {
        synchronized (lock) {
            oneShot.computeIfAbsent(key(method, channel), k -> new ArrayDeque<>()).addAll(List.of(replies));
        }
    }

    /** A reply used for every call of {@code method} to {@code channel} (null: any) until reset. */
    public void always(String method, String channel, Reply reply) {
        synchronized (lock) {
            persistent.put(key(method, channel), reply);
        }
    }

    public void clearScripts() {
        synchronized (lock) {
            oneShot.clear();
            persistent.clear();
        }
    }

    /** When on, a second write (chat.postMessage or chat.update) to one channel within 1 s of the previous one gets 429, Retry-After: 1. */
    public void strictPacing(boolean on) {
        synchronized (lock) {
            strictPacing = on;
        }
    }

    /**
     * When on, a recorded call keeps only the channel and plain text ({@link Call#text()}) of its body: tens of thousands of messages (the
     * benchmark harness) then cost little memory and no GC pressure in the process measuring them.
     */
    public void recordTextOnly(boolean on) {
        synchronized (lock) {
            textOnly = on;
        }
    }

    /** Calls answered 429 (strict pacing or scripted). */
    public long rateLimited() {
        synchronized (lock) {
            return calls.stream().filter(c -> c.status() == 429).count();
        }
    }

    // ------------------------------------------------------------------ inspection

    public List<Call> calls() {
        synchronized (lock) {
            return List.copyOf(calls);
        }
    }

    public List<Call> calls(String method) {
        synchronized (lock) {
            return calls.stream().filter(c -> c.method().equals(method)).toList();
        }
    }

    /** Every chat.postMessage received, in arrival order (rejected ones included; see {@link Call#ok()}). */
    public List<Call> posts() {
        return calls(POST_MESSAGE);
    }

    public List<Call> posts(String channel) {
        return posts().stream().filter(c -> channel.equals(c.channel())).toList();
    }

    /** chat.postMessage calls that Slack accepted (a message appeared). */
    public List<Call> postedMessages() {
        return posts().stream().filter(Call::ok).toList();
    }

    /**
     * How many times two writes (chat.postMessage, chat.update) reached one channel within one second (counted even
     * when pacing is not strict).
     */
    public int pacingViolations() {
        synchronized (lock) {
            return pacingViolations;
        }
    }

    /**
     * A message in Slack: {@code threadTs} null for a channel message, else the root it replies to; {@code body} its
     * latest content (as posted or updated); {@code replies} its thread's size; {@code updates} chat.update calls it
     * took.
     */
    public record Message(String ts, String threadTs, JsonNode body, boolean deleted, int replies, int updates) {

        Message withReply() {
            return new Message(ts, threadTs, body, deleted, replies + 1, updates);
        }

        Message updated(JsonNode newBody) {
            return new Message(ts, threadTs, newBody, deleted, replies, updates + 1);
        }

        /** The plain text Slack would notify with: the top-level text, else the attachment's fallback. */
        public String text() {
            return body == null ? null : plainText(body);
        }
    }

    /** Deletes a message as a user would in Slack (test hook); false when there is no such message. */
    public boolean deleteMessage(String channel, String ts) {
        synchronized (lock) {
            Map<String, Message> inChannel = messages.getOrDefault(channel, Map.of());
            Message m = inChannel.get(ts);
            if (m == null) {
                return false;
            }
            inChannel.put(ts, new Message(m.ts(), m.threadTs(), m.body(), true, m.replies(), m.updates()));
            return true;
        }
    }

    /** The channel's messages (not replies) in posting order, deleted ones included. */
    public List<Message> channelMessages(String channel) {
        synchronized (lock) {
            return messages.getOrDefault(channel, Map.of()).values().stream().filter(m -> m.threadTs() == null)
                    .toList();
        }
    }

    /** The replies in the thread of {@code rootTs}, in posting order. */
    public List<Message> replies(String channel, String rootTs) {
        synchronized (lock) {
            return messages.getOrDefault(channel, Map.of()).values().stream()
                    .filter(m -> rootTs.equals(m.threadTs())).toList();
        }
    }

    /** The message as it is now in Slack (latest update), or null. */
    public Message message(String channel, String ts) {
        synchronized (lock) {
            return messages.getOrDefault(channel, Map.of()).get(ts);
        }
    }

    /** chat.update calls received for the channel (rejected ones included). */
    public List<Call> updates(String channel) {
        return calls(UPDATE).stream().filter(c -> channel.equals(c.channel())).toList();
    }

    private JsonNode keep(ObjectNode body) {
        return textOnly ? JSON.createObjectNode().put("text", body.path("text").asText(null)) : body.deepCopy();
    }

    // ------------------------------------------------------------------ HTTP

    private void handle(HttpExchange exchange) throws IOException {
        Instant arrival = Instant.now();
        try (exchange) {
            String method = exchange.getRequestURI().getPath().substring("/api/".length());
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            ObjectNode body = readBody(exchange);
            String channel = body.path("channel").asText(null);

            Reply scripted;
            Answer answer;
            boolean paced = false;
            // one critical section per call: arrival order = pacing order = recorded order
            synchronized (lock) {
                if ((POST_MESSAGE.equals(method) || UPDATE.equals(method)) && channel != null) {
                    Instant previous = lastPostArrival.put(channel, arrival);
                    if (previous != null && Duration.between(previous, arrival).compareTo(Duration.ofSeconds(1)) < 0) {
                        pacingViolations++;
                        paced = strictPacing;
                    }
                }
                scripted = paced ? Reply.rateLimited(1) : nextScript(method, channel);
                answer = switch (scripted.kind()) {
                    case ERROR -> json(error(scripted.error()));
                    case RATE_LIMITED -> new Answer(429, "rate_limited", "application/json",
                            "{\"ok\":false,\"error\":\"ratelimited\"}", String.valueOf(scripted.retryAfterSeconds()));
                    case DISCONNECT -> new Answer(0, "disconnected", null, null, null);
                    case HTTP_STATUS -> new Answer(scripted.status(), "http_" + scripted.status(), "text/html",
                            "<html><body>Slack is having trouble</body></html>", null);
                    case NORMAL -> json(respond(method, authorization, body, channel, arrival));
                };
                // recorded (and acted upon) at arrival: a delayed answer is Slack doing the work but answering late
                record(arrival, method, channel, authorization, body, answer.status(), answer.outcome());
            }
            if (!scripted.delay().isZero()) {
                try {
                    Thread.sleep(scripted.delay().toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            if (answer.status() == 0) {
                // closing before any response header makes the server drop the connection
                return;
            }
            if (answer.retryAfter() != null) {
                exchange.getResponseHeaders().add("Retry-After", answer.retryAfter());
            }
            send(exchange, answer.status(), answer.contentType(), answer.body());
        } catch (IOException e) {
            // the client went away (timeout): nothing more to do
        }
    }

    private record Answer(int status, String outcome, String contentType, String body, String retryAfter) {
    }

    private static Answer json(ObjectNode answer) throws IOException {
        boolean ok = answer.path("ok").asBoolean();
        return new Answer(200, ok ? "ok" : answer.path("error").asText(), "application/json; charset=utf-8",
                JSON.writeValueAsString(answer), null);
    }

    private Reply nextScript(String method, String channel) {
        for (String key : channel == null
                ? List.of(key(method, null))
                : List.of(key(method, channel), key(method, null))) {
            Deque<Reply> queue = oneShot.get(key);
            if (queue != null && !queue.isEmpty()) {
                return queue.poll();
            }
        }
        for (String key : channel == null
                ? List.of(key(method, null))
                : List.of(key(method, channel), key(method, null))) {
            Reply reply = persistent.get(key);
            if (reply != null) {
                return reply;
            }
        }
        return Reply.normal();
    }

    private ObjectNode respond(String method, String authorization, ObjectNode body, String channel, Instant arrival) {
        synchronized (lock) {
            if (OAUTH_V2_ACCESS.equals(method)) {
                return oauthAccess(authorization, body);
            }
            String token = authorization != null && authorization.startsWith("Bearer ")
                    ? authorization.substring("Bearer ".length())
                    : null;
            if (token == null || token.isEmpty()) {
                return error("not_authed");
            }
            TokenInfo info = tokens.get(token);
            if (info == null) {
                return error(revoked.contains(token) ? "token_revoked" : "invalid_auth");
            }
            return switch (method) {
                case POST_MESSAGE -> postMessage(body, channel, arrival);
                case UPDATE -> update(body, channel);
                case CONVERSATIONS_LIST -> conversationsList(body);
                case CONVERSATIONS_INFO -> conversationsInfo(channel);
                case AUTH_REVOKE -> {
                    tokens.remove(token);
                    revoked.add(token);
                    yield ok().put("revoked", true);
                }
                case AUTH_TEST -> ok().put("url", "https://fake.slack.com/").put("team", info.teamName())
                        .put("user", "certyneo").put("team_id", info.teamId()).put("user_id", info.botUserId())
                        .put("bot_id", "B" + info.botUserId());
                default -> error("unknown_method");
            };
        }
    }

    private ObjectNode postMessage(ObjectNode body, String channel, Instant arrival) {
        if (channel == null || channel.isBlank()) {
            return error("channel_not_found");
        }
        Channel known = channels.stream().filter(c -> c.id().equals(channel)).findFirst().orElse(null);
        // unknown channels are accepted as if the bot were a member; known ones are checked like Slack does
        if (known != null && known.archived()) {
            return error("is_archived");
        }
        if (known != null && !known.member()) {
            return error("not_in_channel");
        }
        String problem = validateMessage(body);
        if (problem != null) {
            return error(problem);
        }
        String threadTs = body.path("thread_ts").asText(null);
        Map<String, Message> inChannel = messages.computeIfAbsent(channel, c -> new java.util.LinkedHashMap<>());
        if (threadTs != null) {
            Message parent = inChannel.get(threadTs);
            if (parent == null || parent.threadTs() != null || parent.deleted() && parent.replies() == 0) {
                return error("thread_not_found");
            }
            inChannel.put(threadTs, parent.withReply());
        }
        String ts = String.format("%d.%06d", arrival.getEpochSecond(), ++tsSequence % 1_000_000);
        inChannel.put(ts, new Message(ts, threadTs, keep(body), false, 0, 0));
        ObjectNode answer = ok().put("channel", channel).put("ts", ts);
        answer.putObject("message").put("type", "message").put("ts", ts).put("text", body.path("text").asText(""));
        return answer;
    }

    private ObjectNode update(ObjectNode body, String channel) {
        if (channel == null) {
            return error("channel_not_found");
        }
        String ts = body.path("ts").asText(null);
        Map<String, Message> inChannel = messages.getOrDefault(channel, Map.of());
        Message message = ts == null ? null : inChannel.get(ts);
        if (message == null || message.deleted()) {
            return error("message_not_found");
        }
        String problem = validateMessage(body);
        if (problem != null) {
            return error(problem);
        }
        inChannel.put(ts, message.updated(keep(body)));
        return ok().put("channel", channel).put("ts", ts).put("text", body.path("text").asText(""));
    }

    /** The limits Slack enforces that our formatting must respect (SPEC section 3). */
    private static String validateMessage(ObjectNode body) {
        JsonNode blocks = body.get("blocks");
        JsonNode attachments = body.get("attachments");
        String text = body.path("text").asText("");
        if (text.isEmpty() && (blocks == null || blocks.isEmpty()) && (attachments == null || attachments.isEmpty())) {
            return "no_text";
        }
        if (text.length() > 40_000) {
            return "msg_too_long";
        }
        List<JsonNode> allBlocks = new ArrayList<>();
        if (blocks != null) {
            if (!blocks.isArray()) {
                return "invalid_blocks_format";
            }
            blocks.forEach(allBlocks::add);
        }
        if (attachments != null) {
            attachments.forEach(a -> a.path("blocks").forEach(allBlocks::add));
        }
        if (blocks != null && blocks.size() > 50) {
            return "invalid_blocks";
        }
        for (JsonNode block : allBlocks) {
            if (!blockFits(block)) {
                return "invalid_blocks";
            }
        }
        return null;
    }

    private static boolean blockFits(JsonNode block) {
        String type = block.path("type").asText("");
        if (type.isEmpty()) {
            return false;
        }
        if ("header".equals(type) && block.path("text").path("text").asText("").length() > 150) {
            return false;
        }
        if ("section".equals(type) && block.path("text").path("text").asText("").length() > 3000) {
            return false;
        }
        for (JsonNode element : block.path("elements")) {
            if ("button".equals(element.path("type").asText())) {
                if (element.path("text").path("text").asText("").length() > 75
                        || element.path("url").asText("").length() > 3000) {
                    return false;
                }
            }
        }
        JsonNode accessory = block.get("accessory");
        return accessory == null || !"button".equals(accessory.path("type").asText())
                || accessory.path("text").path("text").asText("").length() <= 75;
    }

    private ObjectNode conversationsList(ObjectNode params) {
        String types = params.path("types").asText("public_channel");
        boolean excludeArchived = params.path("exclude_archived").asText("false").equals("true");
        int limit = Math.max(1, Math.min(1000, params.path("limit").asInt(100)));
        int offset = 0;
        String cursor = params.path("cursor").asText("");
        if (!cursor.isEmpty()) {
            try {
                String decoded = new String(Base64.getDecoder().decode(cursor), StandardCharsets.UTF_8);
                offset = Integer.parseInt(decoded.substring("offset:".length()));
            } catch (RuntimeException e) {
                return error("invalid_cursor");
            }
        }
        List<Channel> visible = channels.stream()
                .filter(c -> c.privateChannel() ? types.contains("private_channel") : types.contains("public_channel"))
                .filter(c -> !(excludeArchived && c.archived()))
                .toList();
        ObjectNode answer = ok();
        ArrayNode array = answer.putArray("channels");
        int end = Math.min(visible.size(), offset + limit);
        for (int i = offset; i < end; i++) {
            array.add(channelJson(visible.get(i)));
        }
        String next = end < visible.size()
                ? Base64.getEncoder().encodeToString(("offset:" + end).getBytes(StandardCharsets.UTF_8))
                : "";
        answer.putObject("response_metadata").put("next_cursor", next);
        return answer;
    }

    private ObjectNode conversationsInfo(String channel) {
        return channels.stream().filter(c -> c.id().equals(channel) && !c.privateChannel()).findFirst()
                .map(c -> {
                    ObjectNode answer = ok();
                    answer.set("channel", channelJson(c));
                    return answer;
                })
                .orElseGet(() -> error("channel_not_found"));
    }

    private ObjectNode oauthAccess(String authorization, ObjectNode params) {
        String expected = "Basic " + Base64.getEncoder()
                .encodeToString((CLIENT_ID + ":" + CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
        if (authorization == null || !authorization.startsWith("Basic ")) {
            return error("invalid_client_id");
        }
        if (!expected.equals(authorization)) {
            return error("bad_client_secret");
        }
        OAuthGrant grant = codes.get(params.path("code").asText(""));
        if (grant == null) {
            return error("invalid_code");
        }
        if (grant.redirectUri() != null && !grant.redirectUri().equals(params.path("redirect_uri").asText(null))) {
            return error("bad_redirect_uri");
        }
        codes.remove(params.path("code").asText());
        tokens.put(grant.accessToken(), new TokenInfo(grant.teamId(), grant.teamName(), grant.botUserId()));
        revoked.remove(grant.accessToken());
        ObjectNode answer = ok().put("access_token", grant.accessToken()).put("token_type", "bot")
                .put("scope", grant.scope()).put("bot_user_id", grant.botUserId()).put("app_id", grant.appId());
        answer.putObject("team").put("id", grant.teamId()).put("name", grant.teamName());
        answer.putNull("enterprise");
        answer.putObject("authed_user").put("id", "U0INSTALLER");
        return answer;
    }

    private static String plainText(JsonNode body) {
        String text = body.path("text").asText(null);
        return text != null ? text : body.path("attachments").path(0).path("fallback").asText(null);
    }

    private static ObjectNode channelJson(Channel c) {
        ObjectNode node = JSON.createObjectNode();
        node.put("id", c.id()).put("name", c.name()).put("is_channel", !c.privateChannel())
                .put("is_private", c.privateChannel()).put("is_archived", c.archived()).put("is_member", c.member())
                .put("is_general", "general".equals(c.name()));
        return node;
    }

    private void record(Instant arrival, String method, String channel, String authorization, JsonNode body,
            int status, String outcome) {
        synchronized (lock) {
            JsonNode kept = textOnly
                    ? JSON.createObjectNode().put("channel", channel).put("text", plainText(body))
                    : body;
            calls.add(new Call(arrival, method, channel, authorization, kept, status, outcome));
        }
    }

    private static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static ObjectNode readBody(HttpExchange exchange) throws IOException {
        byte[] raw;
        try (InputStream in = exchange.getRequestBody()) {
            raw = in.readAllBytes();
        }
        ObjectNode params = JSON.createObjectNode();
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        if (contentType != null && contentType.startsWith("application/json") && raw.length > 0) {
            JsonNode parsed = JSON.readTree(raw);
            if (parsed instanceof ObjectNode object) {
                params = object;
            }
        } else if (raw.length > 0) {
            LocalHttp.form(new String(raw, StandardCharsets.UTF_8)).forEach(params::put);
        }
        String query = exchange.getRequestURI().getRawQuery();
        if (query != null) {
            for (Map.Entry<String, String> e : LocalHttp.form(query).entrySet()) {
                if (!params.has(e.getKey())) {
                    params.put(e.getKey(), e.getValue());
                }
            }
        }
        return params;
    }

    private static ObjectNode ok() {
        return JSON.createObjectNode().put("ok", true);
    }

    private static ObjectNode error(String code) {
        return JSON.createObjectNode().put("ok", false).put("error", code);
    }

    private static String key(String method, String channel) {
        return method + "|" + (channel == null ? "*" : channel);
    }
}
