package com.certyneo.slack.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A fake Certyneo over real HTTP (JDK HttpServer): an OAuth2 token endpoint (client credentials,
 * HTTP Basic or form credentials) and the API ({@code POST /v1/envelopes/{id}/resend}) on another
 * port, as the real ones live on different hosts. Started once per Quarkus test application by
 * {@link FakeCertyneoResource}; get it with {@link #get()} and call {@link #reset()} in
 * {@code @BeforeEach}.
 * <p>
 * Behaves like the real thing: the API answers 401 to a missing, unknown or expired bearer token
 * and 400 without {@code Certyneo-Account}. Token lifetimes ({@code expires_in}) and the API's
 * answers (status, body, delay) are scriptable; {@link #stopApi()} takes the API down (connection
 * refused) and {@link #startApi()} brings it back on the same port. Thread-safe.
 */
public final class FakeCertyneo {

    public static final String CLIENT_ID = "test";
    public static final String CLIENT_SECRET = "test";
    public static final Duration DEFAULT_TOKEN_LIFETIME = Duration.ofHours(1);

    private static volatile FakeCertyneo current;
    private static final Pattern RESEND = Pattern.compile("/v1/envelopes/([^/]+)/resend");

    /** A scripted API answer. */
    public record Reply(int status, String body, Duration delay) {

        public static Reply ok() {
            return new Reply(200, "{\"status\":\"resent\"}", Duration.ZERO);
        }

        public static Reply status(int status) {
            return new Reply(status, status >= 500 ? "{\"title\":\"Internal error\"}" : "{}", Duration.ZERO);
        }

        public static Reply rejected(int status, String detail) {
            return new Reply(status, "{\"title\":\"Refused\",\"detail\":\"" + detail.replace("\"", "\\\"") + "\"}",
                    Duration.ZERO);
        }

        public Reply after(Duration wait) {
            return new Reply(status, body, wait);
        }
    }

    /** One token issued by the token endpoint. */
    public record IssuedToken(String accessToken, Instant issuedAt, Instant expiresAt) {
    }

    /** One request to the resend endpoint; {@code answeredAt} is when the fake finished answering it. */
    public record ResendCall(Instant arrivedAt, Instant answeredAt, String envelopeId, String account,
            String authorization, String idempotencyKey, int status) {

        public String bearer() {
            return authorization != null && authorization.startsWith("Bearer ") ? authorization.substring(7) : null;
        }
    }

    private final Object lock = new Object();
    private final AtomicLong sequence = new AtomicLong();
    private HttpServer tokenServer;
    private HttpServer apiServer;
    private int apiPort;
    private LocalHttp http;

    // guarded by lock
    private final Map<String, IssuedToken> validTokens = new HashMap<>();
    private final List<IssuedToken> tokenRequests = new ArrayList<>();
    private final Deque<Duration> scriptedLifetimes = new ArrayDeque<>();
    private final Deque<Reply> oneShot = new ArrayDeque<>();
    private final List<ResendCall> calls = new ArrayList<>();
    private Reply always;
    private final Map<String, Reply> perAccount = new HashMap<>();
    private int inFlight;

    public static FakeCertyneo get() {
        FakeCertyneo fake = current;
        if (fake == null) {
            throw new IllegalStateException("FakeCertyneo is not started (FakeCertyneoResource registers it)");
        }
        return fake;
    }

    public static FakeCertyneo start() {
        FakeCertyneo fake = new FakeCertyneo();
        fake.http = new LocalHttp("fake-certyneo");
        fake.tokenServer = fake.http.serve(0, "/oauth/token", fake::token);
        fake.apiPort = 0;
        fake.startApi();
        current = fake;
        return fake;
    }

    public void stop() {
        tokenServer.stop(0);
        stopApi();
        http.close();
        if (current == this) {
            current = null;
        }
    }

    public String tokenUrl() {
        return "http://127.0.0.1:" + tokenServer.getAddress().getPort() + "/oauth/token";
    }

    public String apiUrl() {
        return "http://127.0.0.1:" + apiPort;
    }

    /** Certyneo down: the API port refuses connections until {@link #startApi()}. Tokens stay available. */
    public void stopApi() {
        synchronized (lock) {
            if (apiServer != null) {
                apiServer.stop(0);
                apiServer = null;
            }
        }
    }

    public void startApi() {
        synchronized (lock) {
            if (apiServer != null) {
                return;
            }
            // the same port again after stopApi(): a Certyneo that comes back
            apiServer = http.serve(apiPort, "/", this::api);
            apiPort = apiServer.getAddress().getPort();
        }
    }

    /**
     * Forgets recorded calls, token requests and scripts, and brings the API up. Tokens already issued
     * stay valid until they expire, as they would at Certyneo.
     */
    public void reset() {
        startApi();
        synchronized (lock) {
            tokenRequests.clear();
            scriptedLifetimes.clear();
            oneShot.clear();
            calls.clear();
            always = null;
            perAccount.clear();
        }
    }

    /** Every resend call for {@code account} gets {@code reply} (before the queued and {@link #always} ones). */
    public void alwaysFor(String account, Reply reply) {
        synchronized (lock) {
            perAccount.put(account, reply);
        }
    }

    /** Lifetimes ({@code expires_in}) of the next tokens issued, in order; then the default hour. */
    public void nextTokenLifetimes(Duration... lifetimes) {
        synchronized (lock) {
            scriptedLifetimes.addAll(List.of(lifetimes));
        }
    }

    /** Answers for the next resend calls, in order; then {@link #always(Reply)} or 200. */
    public void enqueue(Reply... replies) {
        synchronized (lock) {
            oneShot.addAll(List.of(replies));
        }
    }

    public void always(Reply reply) {
        synchronized (lock) {
            always = reply;
        }
    }

    public List<IssuedToken> tokenRequests() {
        synchronized (lock) {
            return List.copyOf(tokenRequests);
        }
    }

    /** Resend requests answered so far (a call still being answered is counted by {@link #inFlight()}). */
    public List<ResendCall> resendCalls() {
        synchronized (lock) {
            return List.copyOf(calls);
        }
    }

    public int inFlight() {
        synchronized (lock) {
            return inFlight;
        }
    }

    private void token(HttpExchange exchange) throws IOException {
        try (exchange) {
            String form = read(exchange.getRequestBody());
            Map<String, String> fields = LocalHttp.form(form);
            String[] credentials = basicCredentials(exchange.getRequestHeaders().getFirst("Authorization"));
            String clientId = credentials != null ? credentials[0] : fields.get("client_id");
            String secret = credentials != null ? credentials[1] : fields.get("client_secret");
            if (!"POST".equals(exchange.getRequestMethod())) {
                send(exchange, 405, "{\"error\":\"invalid_request\"}", Duration.ZERO);
                return;
            }
            if (!"client_credentials".equals(fields.get("grant_type"))) {
                send(exchange, 400, "{\"error\":\"unsupported_grant_type\"}", Duration.ZERO);
                return;
            }
            if (!CLIENT_ID.equals(clientId) || !CLIENT_SECRET.equals(secret)) {
                send(exchange, 401, "{\"error\":\"invalid_client\"}", Duration.ZERO);
                return;
            }
            IssuedToken issued;
            synchronized (lock) {
                Duration lifetime = scriptedLifetimes.isEmpty() ? DEFAULT_TOKEN_LIFETIME : scriptedLifetimes.poll();
                Instant now = Instant.now();
                issued = new IssuedToken(
                        "ctk-" + sequence.incrementAndGet() + "-" + Long.toHexString(System.nanoTime()),
                        now, now.plus(lifetime));
                validTokens.put(issued.accessToken(), issued);
                tokenRequests.add(issued);
            }
            long expiresIn = Duration.between(issued.issuedAt(), issued.expiresAt()).toSeconds();
            send(exchange, 200, "{\"access_token\":\"" + issued.accessToken() + "\",\"token_type\":\"Bearer\","
                    + "\"expires_in\":" + expiresIn + "}", Duration.ZERO);
        }
    }

    private void api(HttpExchange exchange) throws IOException {
        try (exchange) {
            Instant arrived = Instant.now();
            read(exchange.getRequestBody());
            Matcher matcher = RESEND.matcher(exchange.getRequestURI().getRawPath());
            if (!"POST".equals(exchange.getRequestMethod()) || !matcher.matches()) {
                send(exchange, 404, "{\"title\":\"Not found\"}", Duration.ZERO);
                return;
            }
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            String account = exchange.getRequestHeaders().getFirst("Certyneo-Account");
            String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
            String envelope = URLDecoder.decode(matcher.group(1), StandardCharsets.UTF_8);
            Reply reply;
            synchronized (lock) {
                inFlight++;
                if (!tokenValid(authorization)) {
                    reply = new Reply(401, "{\"error\":\"invalid_token\"}", Duration.ZERO);
                } else if (account == null || account.isBlank()) {
                    reply = Reply.rejected(400, "Certyneo-Account header is required");
                } else if (perAccount.containsKey(account)) {
                    reply = perAccount.get(account);
                } else if (!oneShot.isEmpty()) {
                    reply = oneShot.poll();
                } else {
                    reply = always != null ? always : Reply.ok();
                }
            }
            try {
                send(exchange, reply.status(), reply.body(), reply.delay());
            } finally {
                synchronized (lock) {
                    inFlight--;
                    calls.add(new ResendCall(arrived, Instant.now(), envelope, account, authorization, key,
                            reply.status()));
                }
            }
        }
    }

    private boolean tokenValid(String authorization) {
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return false;
        }
        IssuedToken token = validTokens.get(authorization.substring(7));
        return token != null && Instant.now().isBefore(token.expiresAt());
    }

    private static void send(HttpExchange exchange, int status, String body, Duration delay) throws IOException {
        if (!delay.isZero()) {
            try {
                Thread.sleep(delay.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        try {
            exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        } catch (IOException clientGone) {
            // the caller timed out and closed the connection: the answer is lost, as it would be for real
        }
    }

    private static String read(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }

    private static String[] basicCredentials(String header) {
        if (header == null || !header.startsWith("Basic ")) {
            return null;
        }
        String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        int colon = decoded.indexOf(':');
        return colon < 0
                ? null
                : new String[]{URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8),
                        URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8)};
    }
}
