package com.certyneo.slack.bench;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.certyneo.slack.testsupport.AppProcess;
import com.certyneo.slack.testsupport.FakeSlack;
import com.certyneo.slack.testsupport.Installations;
import com.certyneo.slack.testsupport.RestartablePostgres;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;

/**
 * One command, every figure of BENCHMARKS.md: starts PostgreSQL (durable settings), a fake Slack and the packaged
 * service (JVM mode, production profile), all three with the tests' own support classes (testsupport), then runs the
 * scenarios side by side with the PostgreSQL floor and writes the results as JSON and Markdown (latest.*).
 *
 * <pre>
 * java -jar bench/target/certyneo-slack-bench.jar [--app target/quarkus-app/quarkus-run.jar] [--out bench/results]
 *      [--seconds 10] [--levels 8,16,32,64] [--channels 500,1000] [--per-channel 30] [--burst 60]
 *      [--warmup 60] [--scenarios ingest,idle,burst,digest,many,thread,soak] [--digest-burst 300]
 *      [--soak-channels 50] [--soak-seconds 360] [--env NAME=VALUE ...]
 *      [--jvm "options replacing src/main/jvm/jvm.options"]
 *      [--sql "an experiment on the schema"]
 * </pre>
 *
 * Scenario "many" ({@link ManyChannels}) runs once per size of {@code --channels}, each on fresh accounts: results
 * {@code many_channels} (first size, acc_ch_000…, the accounts of the idle scenario, which uses the first
 * min(--idle-events, first size) of them) and {@code many_channels_<size>} for the others. Scenario "drain": the
 * largest size again, its whole backlog accepted while its channels are paused, then released at once (the delivery
 * rate alone, as after an outage), result {@code drain_<size>}. Scenario "soak"
 * ({@link Soak}): {@code --soak-channels} channels each offered one webhook a second for {@code --soak-seconds},
 * result {@code soak}; "soak-short" is the same for 60 s, result {@code soak_short}, for quick checks.
 */
public final class Bench {

    private static final String WEBHOOK_SECRET = "whsec_" + Base64.getEncoder()
            .encodeToString("certyneo-bench-webhook-secret-32b".getBytes());
    // the public half of the local profile's throwaway key: the admin API is not exercised here
    private static final String OIDC_PUBLIC_KEY = "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAtzavhldnjk59z3jdjV06nB9NTKW/kS8yvEbP7z9ad2AFM+8f8/Gek21L+v7tl3+73mDzCqvfImhYkzwmbtkYm8Ic8kLmZM+hJQOWS3N6sKj6XMY4gz4+FDgyldVSpoUYhNw7TqPNoieaEmM8s5YGu7fEKrf8SiZy9UJ99xblNpZKii1SaXNFdd5CN0Z3HS4wWLtMhwiVWCiNIPH8mLnBCFjhEuFA+r5lhf4mFBuywzLuazCfe/6MYjSJ6C3gr2ZucI8tk6+LmsfAUYcxzEtijFHT1aXdRUcflwbB6yucUqwAH6SqQU0FjecQZGbfjxUkf/c/gEpcplMgxtE/YL4l4wIDAQAB";

    /** Half-load requests sent before the measured window, not counted (see Load#openLoop). */
    private static final Duration HALF_LOAD_SETTLE = Duration.ofSeconds(3);
    // the closed loops before the half load leave code compiled for their traffic; at the open loop's rate the JIT
    // kept recompiling (Netty, NIO, the PostgreSQL codec) for the first seconds of the window (BENCHMARKS.md, runs of
    // 2026-12-03 22:08): both receivers get this long at the half rate, not counted, before theirs
    private static final Duration HALF_LOAD_WARMUP = Duration.ofSeconds(20);

    // the thread scenario: every envelope's whole life (5 events), spread over the channels
    private static final int THREAD_ENVELOPES = 100;
    private static final int THREAD_CHANNELS = 10;

    private final Options options;
    private final Map<String, Object> results = new LinkedHashMap<>();
    private final Map<Long, Long> acceptedAt = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Double> peakRss = new ConcurrentHashMap<>();
    private volatile String phase = "startup";
    private HostStalls hostStalls;

    private Bench(Options options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        new Bench(Options.parse(args)).run();
        System.exit(0);
    }

    private void run() throws Exception {
        Files.createDirectories(options.out);
        Path work = Path.of("bench", "target", "run");
        Files.createDirectories(work);
        results.put("date", Instant.now().toString());
        results.put("command", options.command);
        results.put("environment_overrides", options.env);
        if (!options.sql.isEmpty()) {
            results.put("schema_experiments", options.sql);
        }
        results.put("machine", machine());
        Instant started = Instant.now();
        hostStalls = HostStalls.start(work);

        Vertx vertx = Vertx.vertx();
        FakeSlack slack = FakeSlack.start();
        // Slack's limit enforced where Slack counts it: 429 to a second message on one channel within 1 s
        slack.strictPacing(true);
        slack.recordTextOnly(true);
        try (RestartablePostgres pg = PgStats.start(work.resolve("pg"))) {
            results.put("postgresql", PgStats.describe(pg));
            byte[] key = new byte[32];
            random.nextBytes(key);
            String keys = "bench:" + Base64.getEncoder().encodeToString(key);
            int[] ports = AppProcess.freePorts(2);
            int port = ports[0];
            Map<String, String> env = serviceEnv(pg, slack, port, ports[1], keys);
            log("starting the service (JVM, prod profile) on port %d", port);
            List<String> jvm = NativeMemory.withTracking(options.jvm);
            AppProcess service = AppProcess.startJar(options.app, env, jvm);
            try {
                long readyMillis = service.awaitReady(Duration.ofSeconds(120));
                Map<String, Object> startup = new LinkedHashMap<>();
                startup.put("process_start_to_ready_ms", readyMillis);
                startup.put("quarkus_started_in_s", quarkusStartedSeconds(service.output()));
                startup.put("rss_at_ready_mib", round(service.rssMiB(false)));
                startup.put("jvm_options", String.join(" ", jvm));
                results.put("startup", startup);
                log("ready in %d ms (log: %s)", readyMillis, service.outputFile());
                NativeMemory nmt = new NativeMemory(service.pid());
                nmt.atReady();

                ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
                sampler.scheduleAtFixedRate(() -> {
                    peakRss.merge(phase, service.rssMiB(false), Math::max);
                    nmt.observe(phase);
                }, 0, 250,
                        TimeUnit.MILLISECONDS);

                List<String> accounts = new ArrayList<>();
                accounts.add("acc_ingest");
                accounts.add("acc_burst");
                accounts.addAll(ManyChannels.accounts(options.channels));
                accounts.addAll(Soak.accounts(options.soakChannels));
                insertInstallations(pg, keys, accounts);
                if (options.runs("thread")) {
                    Installations.insertAll(pg.dataSource(), keys, ThreadScenario.installations(THREAD_CHANNELS));
                }
                Installations.insertAll(pg.dataSource(), keys, List.of(DigestBurst.installation()));
                PgStats.execute(pg, "create table bench_floor (id text primary key)");
                for (String sql : options.sql) {
                    log("experiment: %s", sql);
                    PgStats.execute(pg, sql);
                }

                Load load = new Load(vertx, port);
                CpuMeter cpu = new CpuMeter(service.pid());
                Events hooks = new Events(WEBHOOK_SECRET, Long.toString(System.currentTimeMillis() % 100000));

                warmUp(load, pg, hooks);
                // delivery scenarios first: the ingest scenario leaves hundreds of thousands of artificial rows
                if (options.runs("idle")) {
                    idleLatency(load, slack, hooks, cpu);
                }
                if (options.runs("burst")) {
                    burst(load, slack, hooks, cpu);
                }
                if (options.runs("digest")) {
                    phase = "digest";
                    log("digest: %d envelope.sent at once to one channel, digest on (after 10)", options.digestBurst);
                    Map<String, Object> digest = DigestBurst.run(load, pg, slack, hooks, cpu, options.digestBurst);
                    results.put("digest_burst", digest);
                    log("digest burst drained: %s", digest);
                }
                if (options.runs("many")) {
                    ManyChannels many = new ManyChannels(load, pg, slack, hooks, cpu);
                    for (int r = 0; r < options.channels.size(); r++) {
                        phase = r == 0 ? "many-channels" : "many-channels-" + options.channels.get(r);
                        int size = options.channels.get(r);
                        results.put(ManyChannels.resultKey(r, size), many.run(r, size, options.perChannel));
                    }
                }
                if (options.runs("drain")) {
                    // the largest size again, its backlog accepted first: the delivery rate without the intake
                    ManyChannels many = new ManyChannels(load, pg, slack, hooks, cpu);
                    int r = options.channels.size() - 1;
                    int size = options.channels.get(r);
                    phase = "drain-" + size;
                    results.put("drain_" + size, many.drain(r, size, options.perChannel));
                }
                if (options.runs("thread")) {
                    phase = "thread";
                    log("thread layout: %d envelopes x 5 events over %d channels", THREAD_ENVELOPES, THREAD_CHANNELS);
                    Map<String, Object> thread = new ThreadScenario(load, pg, slack, WEBHOOK_SECRET,
                            Long.toString(System.currentTimeMillis() % 100000)).run(THREAD_ENVELOPES,
                                    THREAD_CHANNELS, cpu);
                    results.put("thread", thread);
                    log("thread layout: %s", thread);
                }
                for (String soak : List.of("soak", "soak-short")) {
                    if (options.runs(soak)) {
                        phase = soak;
                        results.put(soak.replace('-', '_'), new Soak(load, slack, hooks, cpu)
                                .run(options.soakChannels, soak.equals("soak") ? options.soakSeconds : 60));
                    }
                }
                if (options.runs("ingest")) {
                    ingest(load, pg, hooks, cpu, service);
                }
                if (options.profileLevel > 0 && options.runs("ingest")) {
                    profile(load, pg, hooks, cpu, service);
                }

                phase = "end";
                nmt.observe(phase);
                results.put("native_memory", nmt.results());
                Map<String, Object> footprint = new LinkedHashMap<>();
                footprint.put("peak_rss_by_scenario_mib", new LinkedHashMap<>(roundAll(peakRss)));
                footprint.put("vm_hwm_mib", round(service.rssMiB(true)));
                footprint.put("native_mode", "not measured: no GraalVM/Mandrel on this machine");
                results.put("footprint", footprint);
                results.put("slack", Map.of("rate_limited_429", slack.rateLimited(),
                        "messages", slack.postedMessages().size(), "duplicate_messages", duplicates(slack)));
                sampler.shutdownNow();
            } finally {
                service.stop(Duration.ofSeconds(30)); // SIGTERM: graceful shutdown, as a container stop
            }
        } finally {
            vertx.close();
            slack.stop();
            results.put("host_stalls", hostStalls.summary(started, Instant.now()));
            hostStalls.close();
        }
        write();
    }

    // --- scenario 1: ingest against the floor -------------------------------------------------------------------

    private void ingest(Load load, RestartablePostgres pg, Events hooks, CpuMeter cpu, AppProcess service)
            throws Exception {
        Duration d = Duration.ofSeconds(options.seconds);
        Supplier<Events.Signed> source = () -> hooks.next("acc_ingest");

        List<Map<String, Object>> levels = new ArrayList<>();
        double best = 0;
        int bestLevel = options.levels.get(0);
        for (int c : options.levels) {
            phase = "ingest";
            PgStats.resetStatements(pg);
            cpu.begin();
            Load.Result floor = load.floor(pg.port(), c, d, "c" + c);
            Map<String, Object> floorCpu = cpu.end();
            List<Map<String, Object>> floorStatements = PgStats.topStatements(pg, 2);
            cpu.begin();
            Load.Result statement = load.intakeStatement(pg.port(), c, d, "c" + c, "acc_ingest",
                    Events.payloadTemplate("acc_ingest"));
            Map<String, Object> statementCpu = cpu.end();
            cancelQueued(pg, "acc_ingest");
            PgStats.resetStatements(pg);
            cpu.begin();
            Load.Result in = load.closedLoop(c, d, source, null);
            Map<String, Object> inCpu = cpu.end();
            List<Map<String, Object>> statements = PgStats.topStatements(pg, 8);
            Map<String, Object> level = new LinkedHashMap<>();
            level.put("concurrency", c);
            level.put("floor_commits_per_s", floor.perSecond());
            level.put("floor_latency", floor.latency().summary());
            level.put("floor_cpu", floorCpu);
            level.put("intake_statement_alone_per_s", statement.perSecond());
            level.put("intake_statement_alone_cpu", statementCpu);
            level.put("ingest_accepted_per_s", in.perSecond());
            level.put("ingest_ack_latency", in.latency().summary());
            level.put("ingest_statuses", in.statuses());
            level.put("ingest_cpu", inCpu);
            if (c == options.profileLevel) {
                level.put("floor_postgresql_top_statements", floorStatements);
                level.put("ingest_postgresql_top_statements", statements);
            }
            level.put("ratio_to_floor", Math.round(in.perSecond() / floor.perSecond() * 100) / 100.0);
            levels.add(level);
            log("c=%d floor %.0f/s, intake statement alone %.0f/s, ingest %.0f/s (ratio %.2f), ack p99 %.1f ms", c,
                    floor.perSecond(), statement.perSecond(), in.perSecond(), in.perSecond() / floor.perSecond(),
                    in.latency().percentileMs(99));
            if (in.perSecond() > best) {
                best = in.perSecond();
                bestLevel = c;
            }
            cancelQueued(pg, "acc_ingest");
        }
        Map<String, Object> ingest = new LinkedHashMap<>();
        ingest.put("seconds_per_level", options.seconds);
        ingest.put("levels", levels);
        ingest.put("saturation", Map.of("concurrency", bestLevel, "accepted_per_s", best));

        phase = "ingest-half";
        // --half-rate compares two builds at the same offered load; by default half of this run's saturation
        double half = options.halfRate > 0 ? options.halfRate : Math.round(best / 2);
        // first the same rate of bare durable commits straight to PostgreSQL, in the same conditions (just after a
        // checkpoint, tables vacuumed): what this machine answers before any HTTP or service work
        Map<String, Long> maintenanceBefore = PgStats.maintenance(pg);
        cpu.begin();
        Load.Result floor = load.floorOpenLoop(pg.port(), half, HALF_LOAD_SETTLE, d, "half");
        Map<String, Object> alone = window(floor, "committed_per_s", "commit_latency_from_intended_send", d);
        alone.put("postgresql_maintenance_in_window",
                PgStats.maintenanceSince(maintenanceBefore, PgStats.maintenance(pg)));
        alone.put("cpu", cpu.end());
        // then the same webhooks over HTTP to a JVM that only commits each one: what HTTP and a JVM add, with none of
        // the service's work (signature, JSON, the intake statement, batching)
        Map<String, Object> httpCommit = httpCommit(load, pg, half, d, source);
        // their rows vacuumed now, their pages written with the warm-up's below: neither lands in the service's window
        PgStats.execute(pg, "vacuum analyze bench_floor");
        load.openLoop(half, Duration.ZERO, HALF_LOAD_WARMUP, Load.presigned(source, half, HALF_LOAD_WARMUP), null);
        // the warm-up's deliveries cancelled, its rows vacuumed and its pages written before the counted window
        cancelQueued(pg, "acc_ingest");
        Supplier<Events.Signed> presigned = Load.presigned(source, half, HALF_LOAD_SETTLE.plus(d));
        PgStats.resetStatements(pg);
        Map<String, Long> maintenance = PgStats.maintenance(pg);
        // the service's histograms are read before the load and after it, never during it: a scrape while webhooks
        // arrive delayed a few hundred of them past 10 ms (BENCHMARKS.md, run of 2026-12-02 22:20); so they cover the
        // settle seconds too
        String scrapeBefore = metrics(service);
        cpu.begin();
        Load.Result open = load.openLoop(half, HALF_LOAD_SETTLE, d, presigned, null);
        Map<String, Object> cpuInWindow = cpu.end();
        String scrapeAfter = metrics(service);
        Map<String, Object> halfLoad = new LinkedHashMap<>();
        halfLoad.put("offered_per_s", half);
        halfLoad.put("warm_up_seconds_at_this_rate_not_counted", HALF_LOAD_WARMUP.toSeconds());
        halfLoad.put("settle_seconds_not_counted", HALF_LOAD_SETTLE.toSeconds());
        halfLoad.put("accepted_per_s", open.perSecond());
        halfLoad.put("ack_latency_from_intended_send", open.latency().summary());
        halfLoad.put("statuses", open.statuses());
        halfLoad.put("generator_lag", open.generatorLag().summary());
        halfLoad.put("over_10_ms_by_second", open.slowBySecond());
        halfLoad.putAll(stalls(open, d));
        halfLoad.put("postgresql_maintenance_in_window",
                PgStats.maintenanceSince(maintenance, PgStats.maintenance(pg)));
        halfLoad.put("cpu", cpuInWindow);
        // the service's own histograms of the database's part of each ack, over the counted window
        Map<String, Object> inService = new LinkedHashMap<>();
        for (String histogram : List.of("certyneo_intake_wait_seconds", "certyneo_intake_statement_seconds")) {
            inService.put(histogram, ServiceHistogram.between(ServiceHistogram.buckets(scrapeBefore, histogram),
                    ServiceHistogram.buckets(scrapeAfter, histogram)));
        }
        halfLoad.put("service_histograms", inService);
        halfLoad.put("postgresql_top_statements", PgStats.topStatements(pg, 8));
        halfLoad.put("postgresql_alone_at_same_rate", alone);
        halfLoad.put("http_and_commit_alone_at_same_rate", httpCommit);
        ingest.put("half_of_saturation", halfLoad);
        log("half load %.0f/s: ack p50 %.1f p99 %.1f p99.9 %.1f ms; generator lag p99 %.1f ms; PostgreSQL alone "
                + "(single-row commits at the same rate) p50 %.1f p99 %.1f ms; HTTP and commit alone %s", half,
                open.latency().percentileMs(50), open.latency().percentileMs(99), open.latency().percentileMs(99.9),
                open.generatorLag().percentileMs(99), floor.latency().percentileMs(50), floor.latency().percentileMs(99),
                httpCommit.get("ack_latency_from_intended_send"));
        cancelQueued(pg, "acc_ingest");
        results.put("ingest", ingest);
    }

    /** What an open loop offered to a reference receiver produced, under the keys the summary reads. */
    private Map<String, Object> window(Load.Result result, String perSecondKey, String latencyKey, Duration d) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put(perSecondKey, result.perSecond());
        out.put("failed", result.others());
        out.put(latencyKey, result.latency().summary());
        out.put("generator_lag", result.generatorLag().summary());
        out.put("over_10_ms_by_second", result.slowBySecond());
        out.putAll(stalls(result, d));
        return out;
    }

    /**
     * The machine's stalls in an open loop's window of {@code d}, and the latency of the seconds none of them touched:
     * how much of the tail the host made, which no receiver can answer faster than.
     */
    private Map<String, Object> stalls(Load.Result result, Duration d) {
        Map<String, Object> stalls = hostStalls.in(result.windowStart(), d);
        @SuppressWarnings("unchecked")
        List<Integer> touched = (List<Integer>) stalls.get("seconds_touched");
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("window_started_at", result.windowStart().toString());
        out.put("host_stalls_in_window", stalls);
        out.put("latency_in_seconds_without_a_host_stall", result.latencyOutside(touched).summary());
        return out;
    }

    /** The service's {@code /q/metrics}, empty when it does not answer. */
    private static String metrics(AppProcess service) {
        HttpResponse<String> response = service.management("/q/metrics");
        return response == null || response.statusCode() != 200 ? "" : response.body();
    }

    /**
     * The half-load rate offered to {@link HttpCommitServer}, started for this window with the service's JVM options
     * and stopped after it; its CPU is reported as the service's.
     */
    private Map<String, Object> httpCommit(Load load, RestartablePostgres pg, double rate, Duration d,
            Supplier<Events.Signed> source) throws Exception {
        int port = AppProcess.freePort();
        Process server = HttpCommitServer.start(port, pg.port(), options.jvm);
        try {
            // its JIT warmed first on the same kind of requests, as long as the service's
            load.httpCommitOpenLoop(port, rate, Duration.ZERO, HALF_LOAD_WARMUP, Load.presigned(source, rate,
                    HALF_LOAD_WARMUP));
            Supplier<Events.Signed> presigned = Load.presigned(source, rate, HALF_LOAD_SETTLE.plus(d));
            Map<String, Long> maintenance = PgStats.maintenance(pg);
            CpuMeter cpu = new CpuMeter(server.pid());
            cpu.begin();
            Load.Result result = load.httpCommitOpenLoop(port, rate, HALF_LOAD_SETTLE, d, presigned);
            Map<String, Object> out = window(result, "answered_202_per_s", "ack_latency_from_intended_send", d);
            out.put("postgresql_maintenance_in_window", PgStats.maintenanceSince(maintenance, PgStats.maintenance(pg)));
            out.put("cpu", cpu.end());
            return out;
        } finally {
            server.destroy();
            server.waitFor();
        }
    }

    /**
     * A separate ingest run under JFR, last of all: starting a recording makes the JIT recompile for a while, which
     * would otherwise disturb the scenarios measured after it.
     */
    private void profile(Load load, RestartablePostgres pg, Events hooks, CpuMeter cpu, AppProcess service)
            throws Exception {
        Supplier<Events.Signed> source = () -> hooks.next("acc_ingest");
        phase = "ingest-profiled";
        Path jfr = Path.of("bench", "target", "run", "ingest-c" + options.profileLevel + ".jfr");
        JfrProfile.start(service.pid());
        cpu.begin();
        Load.Result profiled = load.closedLoop(options.profileLevel, Duration.ofSeconds(options.seconds), source,
                null);
        Map<String, Object> profiledCpu = cpu.end();
        JfrProfile.stop(service.pid(), jfr);
        cancelQueued(pg, "acc_ingest");
        Map<String, Object> profile = new LinkedHashMap<>();
        profile.put("concurrency", options.profileLevel);
        profile.put("accepted_per_s_while_profiled", profiled.perSecond());
        profile.put("cpu", profiledCpu);
        profile.put("jfr_file", jfr.toString());
        profile.put("summary", JfrProfile.summarise(jfr, 25));
        results.put("ingest_profile", profile);
    }

    /** Until the JIT has compiled the hot paths: C2 threads burn a core for the first tens of seconds. */
    private void warmUp(Load load, RestartablePostgres pg, Events hooks) throws Exception {
        phase = "warm-up";
        log("warm-up: %d s at concurrency 16", options.warmupSeconds);
        load.closedLoop(16, Duration.ofSeconds(options.warmupSeconds), () -> hooks.next("acc_ingest"), null);
        load.floor(pg.port(), 16, Duration.ofSeconds(3), "warm");
        cancelQueued(pg, "acc_ingest");
    }

    /** Ingest runs pile thousands of messages on one channel (1/s): cancelled so later scenarios start clean. */
    private static void cancelQueued(RestartablePostgres pg, String account) throws Exception {
        PgStats.execute(pg, "update delivery set status = 'cancelled', ended_at = now(), last_error = 'bench cleanup' "
                + "where account_id = '" + account + "' and status = 'queued'");
        // the harness just turned tens of thousands of rows into dead index entries and stale statistics in one
        // statement, which no production traffic does; it cleans up after itself rather than wait for autovacuum
        PgStats.execute(pg, "vacuum analyze delivery, webhook_event");
        // and writes the pages it dirtied now, not during the next measurement
        PgStats.execute(pg, "checkpoint");
    }

    // --- scenario 2: idle-channel latency ------------------------------------------------------------------------

    private void idleLatency(Load load, FakeSlack slack, Events hooks, CpuMeter cpu) throws Exception {
        phase = "idle-latency";
        int events = Math.min(options.idleEvents, java.util.Collections.min(options.channels));
        log("idle latency: %d events, one every %d ms, each to a channel without backlog", events,
                options.idleGapMs);
        HttpClient http = load.client(8);
        List<Long> markers = new ArrayList<>();
        cpu.begin();
        for (int i = 0; i < events; i++) {
            Events.Signed hook = hooks.next(channelAccount(i));
            markers.add(hook.marker());
            load.send(http, hook).onSuccess(status -> {
                if (status == 202) {
                    acceptedAt.put(hook.marker(), epochNanos());
                }
            });
            Thread.sleep(options.idleGapMs);
        }
        Map<Long, Long> arrived = awaitPosts(slack, markers, Duration.ofSeconds(30));
        Stats latency = new Stats();
        for (long m : markers) {
            Long a = acceptedAt.get(m);
            Long s = arrived.get(m);
            if (a != null && s != null) {
                latency.add(s - a);
            }
        }
        Map<String, Object> idle = new LinkedHashMap<>();
        idle.put("events", events);
        idle.put("gap_ms", options.idleGapMs);
        idle.put("delivered", arrived.size());
        idle.put("accepted_to_slack_latency", latency.summary());
        idle.put("cpu", cpu.end());
        results.put("idle_latency", idle);
        log("idle latency p50 %.1f p99 %.1f ms (%d/%d delivered)", latency.percentileMs(50),
                latency.percentileMs(99), arrived.size(), events);
        http.close();
    }

    // --- scenario 3: burst on one channel ------------------------------------------------------------------------

    private void burst(Load load, FakeSlack slack, Events hooks, CpuMeter cpu) throws Exception {
        phase = "burst";
        int n = options.burst;
        log("burst: %d events at once to one channel", n);
        long before429 = slack.rateLimited();
        HttpClient http = load.client(n);
        List<Long> markers = new ArrayList<>();
        CountDownLatch answered = new CountDownLatch(n);
        cpu.begin();
        long start = epochNanos();
        for (int i = 0; i < n; i++) {
            Events.Signed hook = hooks.next("acc_burst");
            markers.add(hook.marker());
            load.send(http, hook).onComplete(ar -> answered.countDown());
        }
        answered.await(60, TimeUnit.SECONDS);
        long allAccepted = epochNanos();
        Map<Long, Long> arrived = awaitPosts(slack, markers, Duration.ofSeconds(n * 2L + 30));
        List<Long> times = arrived.values().stream().sorted().toList();
        Map<String, Object> burst = new LinkedHashMap<>();
        burst.put("events", n);
        burst.put("delivered", arrived.size());
        burst.put("all_accepted_after_ms", (allAccepted - start) / 1_000_000);
        if (!times.isEmpty()) {
            double drain = (times.get(times.size() - 1) - times.get(0)) / 1e9;
            burst.put("first_to_last_message_s", round(drain));
            burst.put("ideal_s", n - 1);
            burst.put("first_accept_to_last_message_s", round((times.get(times.size() - 1) - start) / 1e9));
            burst.put("mean_gap_ms", round(drain * 1000 / Math.max(1, times.size() - 1)));
            burst.put("min_gap_ms", round(minGapMs(times)));
            // one gap of seconds (a follow-up nobody claimed until the sweep) hides in the mean
            burst.put("max_gap_ms", round(maxGapMs(times)));
        }
        burst.put("rate_limited_429", slack.rateLimited() - before429);
        burst.put("cpu", cpu.end());
        results.put("burst", burst);
        log("burst drained: %s", burst);
        http.close();
    }

    // --- helpers -------------------------------------------------------------------------------------------------

    private static final Pattern MARKER = Pattern.compile("bench-(\\d+)");

    /** The event marker ("bench-{n}") in a message's text, or -1. */
    static long marker(FakeSlack.Call post) {
        Matcher m = MARKER.matcher(post.text() == null ? "" : post.text());
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    /** Arrival (epoch ns) of the first accepted message of each marker, waiting up to {@code timeout} for all. */
    private static Map<Long, Long> awaitPosts(FakeSlack slack, List<Long> markers, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<Long, Long> found = new HashMap<>();
        Set<Long> wanted = new HashSet<>(markers);
        while (System.nanoTime() < deadline) {
            found.clear();
            for (FakeSlack.Call p : slack.postedMessages()) {
                long m = marker(p);
                if (wanted.contains(m)) {
                    found.putIfAbsent(m, p.at().getEpochSecond() * 1_000_000_000L + p.at().getNano());
                }
            }
            if (found.size() == wanted.size()) {
                break;
            }
            Thread.sleep(100);
        }
        return found;
    }

    /** Events whose message reached Slack more than once (events of the SQL-only runs carry no marker). */
    private static long duplicates(FakeSlack slack) {
        Map<Long, Integer> seen = new HashMap<>();
        slack.postedMessages().stream().mapToLong(Bench::marker).filter(m -> m > 0)
                .forEach(m -> seen.merge(m, 1, Integer::sum));
        return seen.values().stream().filter(c -> c > 1).count();
    }

    /** Wall-clock now in ns since the epoch, the clock of the fake Slack's arrival instants. */
    static long epochNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    /** Quarkus' own "started in" figure from the log (JVM start excluded), or -1. */
    private static double quarkusStartedSeconds(String log) {
        Matcher m = Pattern.compile("started in ([0-9.]+)s").matcher(log);
        return m.find() ? Double.parseDouble(m.group(1)) : -1;
    }

    /** One connected installation per account, each on its own workspace and channel, all five events ticked. */
    private static void insertInstallations(RestartablePostgres pg, String keys, List<String> accounts) {
        // straight into the schema: going through OAuth for 500 accounts would measure OAuth, not delivery
        List<Installations> rows = new ArrayList<>();
        for (String account : accounts) {
            String suffix = account.toUpperCase().replace("_", "");
            rows.add(Installations.connected(account).team("T" + suffix, "Bench " + account)
                    .botUser("UBENCHBOT", "ABENCH").channel(channelId(account), "bench-" + account));
        }
        Installations.insertAll(pg.dataSource(), keys, rows);
    }

    /** The Slack channel of an account's installation (insertInstallations). */
    static String channelId(String account) {
        return "C" + account.toUpperCase().replace("_", "");
    }

    private static double minGapMs(List<Long> sorted) {
        long min = Long.MAX_VALUE;
        for (int i = 1; i < sorted.size(); i++) {
            min = Math.min(min, sorted.get(i) - sorted.get(i - 1));
        }
        return min / 1e6;
    }

    private static double maxGapMs(List<Long> sorted) {
        long max = 0;
        for (int i = 1; i < sorted.size(); i++) {
            max = Math.max(max, sorted.get(i) - sorted.get(i - 1));
        }
        return max / 1e6;
    }

    private Map<String, String> serviceEnv(RestartablePostgres pg, FakeSlack slack, int port, int managementPort,
            String keys) {
        Map<String, String> env = new LinkedHashMap<>(pg.datasourceEnv());
        // never called by the scenarios (no Re-send): an address that answers nothing useful
        String certyneo = slack.url().replace("/api", "/certyneo");
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        // health and metrics live on the management port (quarkus.management.enabled)
        env.put("QUARKUS_MANAGEMENT_PORT", Integer.toString(managementPort));
        env.put("PUBLIC_BASE_URL", "http://127.0.0.1:" + port);
        env.put("SLACK_API_URL", slack.url());
        env.put("SLACK_CLIENT_ID", "bench-client");
        env.put("SLACK_CLIENT_SECRET", "bench-client-secret");
        env.put("SLACK_SIGNING_SECRET", "bench-signing-secret");
        env.put("CERTYNEO_WEBHOOK_SECRETS", WEBHOOK_SECRET);
        env.put("CERTYNEO_API_URL", certyneo);
        env.put("CERTYNEO_OIDC_TOKEN_URL", certyneo + "/oauth/token");
        env.put("CERTYNEO_CLIENT_ID", "bench");
        env.put("CERTYNEO_CLIENT_SECRET", "bench-secret");
        env.put("TOKEN_ENCRYPTION_KEYS", keys);
        env.put("ALLOWED_RETURN_URLS", "http://127.0.0.1/");
        env.put("QUARKUS_OIDC_PUBLIC_KEY", OIDC_PUBLIC_KEY);
        // production requires both with a fixed public key; the harness never calls the admin API
        env.put("QUARKUS_OIDC_TOKEN_AUDIENCE", "certyneo-slack");
        env.put("QUARKUS_OIDC_TOKEN_ISSUER", "https://bench.invalid");
        env.putAll(options.env);
        return env;
    }

    private static Map<String, Object> machine() throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cores", Runtime.getRuntime().availableProcessors());
        try (var lines = Files.lines(Path.of("/proc/meminfo"))) {
            lines.filter(l -> l.startsWith("MemTotal:")).findFirst()
                    .ifPresent(l -> m.put("memory_gib", round(Long.parseLong(l.replaceAll("[^0-9]", "")) / 1048576.0)));
        }
        try (var lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            lines.filter(l -> l.startsWith("model name")).findFirst()
                    .ifPresent(l -> m.put("cpu", l.substring(l.indexOf(':') + 1).trim()));
        }
        m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        try {
            m.put("load_average_at_start", Files.readString(Path.of("/proc/loadavg")).trim());
        } catch (IOException e) {
            // informative only
        }
        return m;
    }

    /** Only latest.*: earlier runs live in git history and in the table of BENCHMARKS.md. */
    private void write() throws IOException {
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        Path file = options.out.resolve("latest.json");
        json.writeValue(file.toFile(), results);
        Files.writeString(options.out.resolve("latest.md"), Summary.markdown(json.valueToTree(results)));
        log("results written to %s and latest.md", file);
        System.out.println(json.writeValueAsString(results));
    }

    static String channelAccount(int i) {
        return "acc_ch_%03d".formatted(i);
    }

    private static Map<String, Double> roundAll(Map<String, Double> m) {
        Map<String, Double> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(k, round(v)));
        return out;
    }

    static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }

    static void log(String format, Object... args) {
        System.err.printf("[bench %s] %s%n", java.time.LocalTime.now().withNano(0), format.formatted(args));
    }

    /** Command-line options, with defaults that reproduce BENCHMARKS.md. */
    record Options(Path app, Path out, int seconds, List<Integer> levels, int profileLevel, List<Integer> channels,
            int perChannel, int soakChannels, int soakSeconds, int burst, int digestBurst, int idleEvents, int idleGapMs,
            int warmupSeconds, double halfRate, Map<String, String> env, List<String> jvm, List<String> sql,
            List<String> scenarios, String command) {

        boolean runs(String scenario) {
            return scenarios.contains(scenario);
        }

        static Options parse(String[] args) {
            Path app = Path.of("target", "quarkus-app", "quarkus-run.jar");
            Path out = Path.of("bench", "results");
            int seconds = 10;
            List<Integer> levels = List.of(4, 8, 16, 32, 64);
            int profile = 16;
            List<Integer> channels = List.of(500, 1000);
            int soakChannels = 50;
            int soakSeconds = 360;
            int per = 30;
            int burst = 60;
            int digestBurst = 300;
            int idle = 300;
            int gap = 50;
            Map<String, String> env = new LinkedHashMap<>();
            List<String> jvm = JvmOptions.production(); // src/main/jvm/jvm.options, as Dockerfile.jvm
            List<String> sql = new ArrayList<>();
            int warmup = 60;
            double halfRate = 0; // half of the measured saturation
            List<String> scenarios = List.of("ingest", "idle", "burst", "digest", "many", "drain", "thread", "soak");
            for (int i = 0; i < args.length; i++) {
                String v = i + 1 < args.length ? args[i + 1] : "";
                switch (args[i]) {
                    case "--app" -> app = Path.of(v);
                    case "--out" -> out = Path.of(v);
                    case "--seconds" -> seconds = Integer.parseInt(v);
                    case "--levels" -> levels = java.util.Arrays.stream(v.split(",")).map(Integer::parseInt).toList();
                    case "--profile-level" -> profile = Integer.parseInt(v);
                    case "--channels" -> channels = java.util.Arrays.stream(v.split(",")).map(Integer::parseInt).toList();
                    case "--soak-channels" -> soakChannels = Integer.parseInt(v);
                    case "--soak-seconds" -> soakSeconds = Integer.parseInt(v);
                    case "--per-channel" -> per = Integer.parseInt(v);
                    case "--burst" -> burst = Integer.parseInt(v);
                    case "--digest-burst" -> digestBurst = Integer.parseInt(v);
                    case "--idle-events" -> idle = Integer.parseInt(v);
                    case "--idle-gap-ms" -> gap = Integer.parseInt(v);
                    case "--env" -> env.put(v.substring(0, v.indexOf('=')), v.substring(v.indexOf('=') + 1));
                    case "--jvm" -> jvm = List.of(v.trim().split("\\s+"));
                    case "--warmup" -> warmup = Integer.parseInt(v);
                    case "--half-rate" -> halfRate = Double.parseDouble(v);
                    case "--scenarios" -> scenarios = List.of(v.split(","));
                    // an experiment on the schema before the scenarios, e.g. dropping an index; reported as such
                    case "--sql" -> sql.add(v);
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
                i++;
            }
            return new Options(app, out, seconds, levels, profile, channels, per, soakChannels, soakSeconds, burst,
                    digestBurst, idle, gap, warmup, halfRate, env, jvm, sql, scenarios,
                    "bench/run.sh " + String.join(" ", args));
        }
    }
}
