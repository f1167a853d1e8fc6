package com.certyneo.slack.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongFunction;
import java.util.function.Supplier;
import java.util.stream.Stream;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;

/**
 * Load generators: signed webhooks over HTTP (closed loop at a fixed concurrency, or open loop at a fixed rate),
 * and the PostgreSQL floor (single-row INSERT … ON CONFLICT DO NOTHING, one commit each) at the same concurrency.
 */
final class Load {

    /** The floor's statement: one row, one durable commit. */
    static final String FLOOR_STATEMENT = "insert into bench_floor (id) values ($1) on conflict do nothing";

    /** An answer slower than this is counted in {@link Result#slowBySecond}: the ack target at half load. */
    static final long SLOW_NANOS = Duration.ofMillis(10).toNanos();

    /**
     * What a run produced. {@code accepted} counts 202 answers (commits, for the floor); every other answer is in
     * {@code statuses}. An open loop also reports its own lag and, per second of its window, how many answers took
     * over {@link #SLOW_NANOS}: a tail spread evenly is queueing, one packed into a few seconds is an event (a vacuum,
     * a checkpoint, a pause), and {@code windowStart} places those seconds against other logs (PostgreSQL's, a
     * collector's).
     */
    record Result(long accepted, long others, double seconds, Stats latency, Map<Integer, Long> statuses,
            Stats generatorLag, long[] slowBySecond, Instant windowStart, Stats[] latencyBySecond) {

        Result(long accepted, long others, double seconds, Stats latency, Map<Integer, Long> statuses) {
            this(accepted, others, seconds, latency, statuses, null, null, null, null);
        }

        /** The latency of the requests due in the window's seconds other than {@code excluded}. */
        Stats latencyOutside(Collection<Integer> excluded) {
            Stats out = new Stats();
            for (int k = 0; k < latencyBySecond.length; k++) {
                if (!excluded.contains(k)) {
                    out.addAll(latencyBySecond[k]);
                }
            }
            return out;
        }

        double perSecond() {
            return Math.round(accepted / seconds * 10) / 10.0;
        }
    }

    /** Called with the event's marker and the instant its 202 arrived. */
    interface AcceptListener {
        void accepted(long marker, long nanos);
    }

    private final Vertx vertx;
    private final int port;
    private final Map<Integer, Pool> pools = new ConcurrentHashMap<>();

    Load(Vertx vertx, int port) {
        this.vertx = vertx;
        this.port = port;
    }

    /** {@code concurrency} requests always in flight for {@code duration}; latency is request to answer. */
    Result closedLoop(int concurrency, Duration duration, Supplier<Events.Signed> source, AcceptListener listener)
            throws InterruptedException {
        HttpClient http = client(concurrency);
        Stats latency = new Stats();
        AtomicLong accepted = new AtomicLong();
        AtomicLong others = new AtomicLong();
        Map<Integer, Long> statuses = new ConcurrentHashMap<>();
        CountDownLatch done = new CountDownLatch(concurrency);
        long start = System.nanoTime();
        long deadline = start + duration.toNanos();
        for (int i = 0; i < concurrency; i++) {
            loop(http, source, deadline, latency, accepted, others, statuses, listener, done);
        }
        done.await();
        double seconds = (System.nanoTime() - start) / 1e9;
        http.close();
        return new Result(accepted.get(), others.get(), seconds, latency, statuses);
    }

    private void loop(HttpClient http, Supplier<Events.Signed> source, long deadline, Stats latency,
            AtomicLong accepted, AtomicLong others, Map<Integer, Long> statuses, AcceptListener listener,
            CountDownLatch done) {
        if (System.nanoTime() >= deadline) {
            done.countDown();
            return;
        }
        long sent = System.nanoTime();
        send(http, port, source.get(), listener).onComplete(ar -> {
            count(ar.succeeded() ? ar.result() : -1, 202, System.nanoTime() - sent, latency, statuses, accepted, others);
            loop(http, source, deadline, latency, accepted, others, statuses, listener, done);
        });
    }

    /**
     * {@code perSecond} requests a second for {@code duration}, whatever the answers do. Latency is measured from
     * the instant each request was due, so a stalled service is not hidden by the generator waiting for it.
     */
    Result openLoop(double perSecond, Duration duration, Supplier<Events.Signed> source, AcceptListener listener)
            throws InterruptedException {
        return openLoop(perSecond, Duration.ZERO, duration, source, listener);
    }

    /**
     * As above, after {@code settle} at the same rate whose requests are sent but not counted: the generator's
     * connections are opened and the service's pool filled before the measured window (a fresh client opens a
     * connection per request until enough are idle, which is the harness's cost, not the service's).
     */
    Result openLoop(double perSecond, Duration settle, Duration duration, Supplier<Events.Signed> source,
            AcceptListener listener) throws InterruptedException {
        return httpOpenLoop(port, perSecond, settle, duration, source, listener);
    }

    /**
     * The same open loop against {@link HttpCommitServer} on {@code serverPort}: HTTP and one durable commit per
     * request, with none of the service's work, at the rate offered to the service.
     */
    Result httpCommitOpenLoop(int serverPort, double perSecond, Duration settle, Duration duration,
            Supplier<Events.Signed> source) throws InterruptedException {
        return httpOpenLoop(serverPort, perSecond, settle, duration, source, null);
    }

    private Result httpOpenLoop(int toPort, double perSecond, Duration settle, Duration duration,
            Supplier<Events.Signed> source, AcceptListener listener) throws InterruptedException {
        HttpClient http = client(512);
        try {
            return openLoop(perSecond, settle, duration, 202, i -> send(http, toPort, source.get(), listener));
        } finally {
            http.close();
        }
    }

    /**
     * The floor at a rate: single-row INSERT … ON CONFLICT DO NOTHING of a new key, one commit each, offered at
     * {@code perSecond} over up to 64 connections whatever the answers do: what PostgreSQL and the disk answer at the
     * rate of an open loop over HTTP, one commit per request, before any HTTP or service work.
     */
    Result floorOpenLoop(int pgPort, double perSecond, Duration settle, Duration duration, String run)
            throws InterruptedException {
        Pool pool = pool(pgPort, 64);
        return openLoop(perSecond, settle, duration, 200, i -> pool.preparedQuery(FLOOR_STATEMENT)
                .execute(Tuple.of(Events.id("floor_open", run, i))).map(rows -> 200));
    }

    /**
     * The open loop itself: request {@code i} (numbered from 0) is due at {@code i / perSecond} seconds; the ones
     * due in {@code settle} are sent and not counted. {@code ok} is the status counted as accepted.
     */
    private Result openLoop(double perSecond, Duration settle, Duration duration, int ok,
            LongFunction<Future<Integer>> request) throws InterruptedException {
        Stats latency = new Stats();
        AtomicLong accepted = new AtomicLong();
        AtomicLong others = new AtomicLong();
        Map<Integer, Long> statuses = new ConcurrentHashMap<>();
        long settling = requests(perSecond, settle);
        long total = requests(perSecond, settle.plus(duration));
        CountDownLatch done = new CountDownLatch((int) total);
        long start = System.nanoTime();
        AtomicLong issued = new AtomicLong();
        // the generator's own lag: how late each request left against its schedule (timer, signing, client); a
        // large lag means the harness, not the service, failed to offer the rate
        Stats lag = new Stats();
        long window = start + settle.toNanos();
        Instant windowStart = Instant.now().plusNanos(window - System.nanoTime());
        AtomicLongArray slow = new AtomicLongArray((int) Math.max(1, duration.toSeconds()));
        Stats[] bySecond = new Stats[slow.length()];
        Arrays.setAll(bySecond, k -> new Stats());
        long timer = vertx.setPeriodic(1, id -> {
            // request i is due at start + i / perSecond: the ones numbered up to `due` are due now
            long due = (long) ((System.nanoTime() - start) / 1e9 * perSecond);
            while (issued.get() < Math.min(due + 1, total)) {
                long i = issued.getAndIncrement();
                long intended = start + (long) (i / perSecond * 1e9);
                boolean counted = i >= settling;
                if (counted) {
                    lag.add(System.nanoTime() - intended);
                }
                request.apply(i).onComplete(ar -> {
                    if (counted) {
                        long now = System.nanoTime();
                        count(ar.succeeded() ? ar.result() : -1, ok, now - intended, latency, statuses, accepted,
                                others);
                        int second = (int) Math.max(0,
                                Math.min(slow.length() - 1, (intended - window) / 1_000_000_000L));
                        bySecond[second].add(now - intended);
                        if (now - intended > SLOW_NANOS) {
                            slow.incrementAndGet(second);
                        }
                    }
                    done.countDown();
                });
            }
        });
        done.await(settle.toSeconds() + duration.toSeconds() + 60, TimeUnit.SECONDS);
        vertx.cancelTimer(timer);
        double seconds = (System.nanoTime() - start) / 1e9 - settle.toNanos() / 1e9;
        long[] slowBySecond = new long[slow.length()];
        Arrays.setAll(slowBySecond, slow::get);
        return new Result(accepted.get(), others.get(), seconds, latency, statuses, lag, slowBySecond, windowStart,
                bySecond);
    }

    /**
     * The webhooks of {@code source} an open loop at {@code perSecond} sends in {@code duration}, signed now and
     * handed out in order: an open loop fed from this spends its window sending, not formatting and signing, which
     * would take a share of the two cores from the receiver it measures. Only for windows well inside the signature
     * tolerance (300 s).
     */
    static Supplier<Events.Signed> presigned(Supplier<Events.Signed> source, double perSecond, Duration duration) {
        Iterator<Events.Signed> hooks = Stream.generate(source).limit(requests(perSecond, duration)).toList().iterator();
        // tens of thousands of requests, all young and all live until sent: the first young collections of the window
        // copied them, and the generator stood still for up to 0.4 s (its lag p99 256 and 286 ms in two full runs of
        // 2026-12-04, BENCHMARKS.md); collected now, they are old before the window starts
        System.gc();
        return hooks::next;
    }

    /** How many requests an open loop at {@code perSecond} sends in {@code duration}. */
    static long requests(double perSecond, Duration duration) {
        return (long) (perSecond * duration.toMillis() / 1000);
    }

    /** As below, and tells {@code listener} (if any) the instant a 202 arrived. */
    private static Future<Integer> send(HttpClient http, int toPort, Events.Signed hook, AcceptListener listener) {
        return send(http, toPort, hook).onSuccess(status -> {
            if (status == 202 && listener != null) {
                listener.accepted(hook.marker(), System.nanoTime());
            }
        });
    }

    /** Sends one webhook to the service and answers its HTTP status (the body is read and dropped). */
    Future<Integer> send(HttpClient http, Events.Signed hook) {
        return send(http, port, hook);
    }

    private static Future<Integer> send(HttpClient http, int port, Events.Signed hook) {
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1").setPort(port)
                .setURI("/webhooks/certyneo").setHeaders(hook.headers());
        return http.request(options).compose(req -> req.send(hook.body()))
                .compose(resp -> resp.body().map(b -> resp.statusCode()));
    }

    HttpClient client(int connections) {
        return vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true),
                new PoolOptions().setHttp1MaxSize(connections));
    }

    private static void count(int status, int ok, long nanos, Stats latency, Map<Integer, Long> statuses,
            AtomicLong accepted, AtomicLong others) {
        latency.add(nanos);
        statuses.merge(status, 1L, Long::sum);
        (status == ok ? accepted : others).incrementAndGet();
    }

    /**
     * The floor: {@code concurrency} connections, each committing single-row INSERT … ON CONFLICT DO NOTHING of a
     * new key as fast as PostgreSQL acknowledges, for {@code duration}.
     */
    Result floor(int pgPort, int concurrency, Duration duration, String run) throws InterruptedException {
        return sqlLoop(pgPort, concurrency, duration, FLOOR_STATEMENT, n -> Tuple.of(Events.id("floor", run, n)));
    }

    /**
     * The service's own intake statement (a copy of WebhookStore.DECIDE_AND_STORE), driven directly: what
     * PostgreSQL can do for this design with no HTTP, signature or JSON work in front of it.
     */
    Result intakeStatement(int pgPort, int concurrency, Duration duration, String run, String accountId,
            String payloadTemplate) throws InterruptedException {
        java.time.OffsetDateTime created = java.time.OffsetDateTime.parse("2026-11-26T09:00:00Z");
        // one event per statement, as the service stores a lone webhook (its batches are arrays of these)
        return sqlLoop(pgPort, concurrency, duration, INTAKE_STATEMENT, n -> Tuple.from(java.util.List.of(
                new String[]{Events.id("sql", run, n)}, new String[]{accountId}, new String[]{"envelope.sent"},
                new String[]{"msg_sql_" + run + "_" + n}, new java.time.OffsetDateTime[]{created},
                new String[]{"env_sql_" + n},
                new String[]{payloadTemplate.replace("EVENT_ID", Events.id("sql", run, n))})));
    }

    /**
     * The service's statement itself, read from its source so that the harness can never drive a stale copy (the
     * harness is not built with the service): the text block assigned to DECIDE_AND_STORE in whichever class of
     * src/main/java holds it. Runs from the repository root, as bench/run.sh does.
     */
    static final String INTAKE_STATEMENT = intakeStatement(
            java.nio.file.Path.of("src/main/java/com/certyneo/slack/delivery/IntakeSql.java"),
            java.nio.file.Path.of("src/main/java/com/certyneo/slack/delivery/QueueSql.java"));

    static String intakeStatement(java.nio.file.Path source, java.nio.file.Path rules) {
        try {
            String code = java.nio.file.Files.readString(source);
            java.util.regex.Matcher m = java.util.regex.Pattern
                    .compile("DECIDE_AND_STORE = \"\"\"\\R(.*?)\"\"\"\\.formatted\\(QueueSql\\.CONNECTED\\);",
                            java.util.regex.Pattern.DOTALL).matcher(code);
            java.util.regex.Matcher rule = java.util.regex.Pattern.compile("CONNECTED = \"(.*?)\";")
                    .matcher(java.nio.file.Files.readString(rules));
            if (!m.find() || !rule.find()) {
                throw new IllegalStateException("DECIDE_AND_STORE not found in " + source);
            }
            return m.group(1).stripIndent().formatted(rule.group(1));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("run the harness from the repository root", e);
        }
    }

    private Result sqlLoop(int pgPort, int concurrency, Duration duration, String sql,
            LongFunction<Tuple> params) throws InterruptedException {
        Pool pool = pool(pgPort, concurrency);
        Stats latency = new Stats();
        AtomicLong commits = new AtomicLong();
        AtomicLong failures = new AtomicLong();
        AtomicLong ids = new AtomicLong();
        CountDownLatch done = new CountDownLatch(concurrency);
        long start = System.nanoTime();
        long deadline = start + duration.toNanos();
        for (int i = 0; i < concurrency; i++) {
            sqlLoop(pool, sql, params, ids, deadline, latency, commits, failures, done);
        }
        done.await();
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Result(commits.get(), failures.get(), seconds, latency, Map.of());
    }

    /** One pool per size, kept for the run: backends that exit mid-scenario would hide their CPU time. */
    private Pool pool(int pgPort, int size) {
        return pools.computeIfAbsent(size, c -> PgBuilder.pool()
                .with(new io.vertx.sqlclient.PoolOptions().setMaxSize(c))
                .connectingTo(connectOptions(pgPort)).using(vertx).build());
    }

    /** The harness's PostgreSQL, statements prepared once per connection. */
    static PgConnectOptions connectOptions(int pgPort) {
        return new PgConnectOptions().setHost("127.0.0.1").setPort(pgPort).setDatabase("postgres")
                .setUser("postgres").setPassword("postgres").setCachePreparedStatements(true)
                // as the service's pool (PreparedStatementPool): the intake statement is over Vert.x' default
                // 2,048-character limit, and a statement over it is parsed and planned at every execution
                .setPreparedStatementCacheSqlLimit(16 * 1024);
    }

    private static void sqlLoop(Pool pool, String sql, LongFunction<Tuple> params,
            AtomicLong ids, long deadline, Stats latency, AtomicLong commits, AtomicLong failures,
            CountDownLatch done) {
        if (System.nanoTime() >= deadline) {
            done.countDown();
            return;
        }
        long sent = System.nanoTime();
        pool.preparedQuery(sql).execute(params.apply(ids.incrementAndGet())).onComplete(ar -> {
            latency.add(System.nanoTime() - sent);
            (ar.succeeded() ? commits : failures).incrementAndGet();
            sqlLoop(pool, sql, params, ids, deadline, latency, commits, failures, done);
        });
    }
}
