package com.certyneo.slack.delivery;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import com.certyneo.slack.slackapi.SlackErrors;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;

/**
 * Metrics of the delivery pipeline (SPEC section 10). Names are stable; every label has a bounded set of values
 * and none carries an account, team, channel or event id. Created at start-up so that every family is scraped (and
 * every alert can evaluate) before the first queue sweep.
 */
@Startup
@ApplicationScoped
public class DeliveryMetrics {

    public static final String DELIVERIES = "certyneo.deliveries";
    public static final String SLACK_ERRORS = "certyneo.slack.errors";
    public static final String RATE_LIMITED = "certyneo.slack.rate.limited";
    public static final String QUEUE_DEPTH = "certyneo.delivery.queue.depth";
    public static final String OLDEST_AGE = "certyneo.delivery.queue.oldest.age.seconds";
    public static final String LATENCY = "certyneo.delivery.latency";
    public static final String HELD = "certyneo.delivery.held";
    public static final String INTAKE_BATCH = "certyneo.intake.batch.size";
    public static final String INTAKE_STATEMENT = "certyneo.intake.statement";
    public static final String INTAKE_WAIT = "certyneo.intake.wait";
    public static final String WRITE_BATCH = "certyneo.delivery.batch.size";
    /** Label values of {@link #WRITE_BATCH}: the slot bookings of claimed deliveries, and their sent records. */
    public static final String SLOT_BATCH = "slot";
    public static final String SENT_BATCH = "sent";

    /** Outcome label values of {@link #DELIVERIES}. */
    public static final Set<String> OUTCOMES = Set.of("sent", "failed", "cancelled", "retried", "rate_limited",
            "held");

    private final MeterRegistry registry;
    private final AtomicLong depth = new AtomicLong();
    private final AtomicLong oldestAgeMillis = new AtomicLong();
    private final Timer latency;
    private final Map<String, AtomicLong> held = new ConcurrentHashMap<>();
    private final DistributionSummary intakeBatch;
    private final Timer intakeStatement;
    private final Timer intakeWait;
    private final Map<String, DistributionSummary> writeBatches;

    public DeliveryMetrics(MeterRegistry registry) {
        this.registry = registry;
        OUTCOMES.forEach(o -> Counter.builder(DELIVERIES).tag("outcome", o)
                .description("Deliveries by outcome (retried and rate_limited are per attempt)").register(registry));
        Counter.builder(RATE_LIMITED).description("HTTP 429 answers from Slack").register(registry);
        Gauge.builder(QUEUE_DEPTH, depth, AtomicLong::get)
                .description("Deliveries waiting to be sent, counted up to " + DeliveryQueue.DEPTH_COUNTED_UP_TO)
                .register(registry);
        Gauge.builder(OLDEST_AGE, oldestAgeMillis, a -> a.get() / 1000.0)
                .description("Age of the oldest queued delivery, seconds").register(registry);
        HeldDeliveries.CODES.forEach(code -> Gauge.builder(HELD, held.computeIfAbsent(code, c -> new AtomicLong()),
                AtomicLong::get).tag("reason", code).description("Deliveries held until someone fixes their channel")
                .register(registry));
        intakeBatch = DistributionSummary.builder(INTAKE_BATCH).baseUnit("webhooks")
                .description("Webhooks stored by one intake statement and commit (group commit)").register(registry);
        // the two parts of a webhook's ack that the database decides: an operator sees whether a slow ack is the
        // database (the statement) or the queue in front of it (the wait), against the 10 ms bucket
        intakeStatement = intakeTimer(INTAKE_STATEMENT, "Intake statements, from sent to committed");
        intakeWait = intakeTimer(INTAKE_WAIT, "Webhooks, from ready to store to their intake statement sent");
        writeBatches = Map.of(SLOT_BATCH, writeBatch(SLOT_BATCH), SENT_BATCH, writeBatch(SENT_BATCH));
        latency = Timer.builder(LATENCY).description("Event accepted to Slack ok")
                .publishPercentileHistogram()
                .publishPercentiles(0.5, 0.95, 0.99)
                .serviceLevelObjectives(Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
                        Duration.ofSeconds(5))
                .minimumExpectedValue(Duration.ofMillis(5)).maximumExpectedValue(Duration.ofHours(24))
                .register(registry);
    }

    /** Webhooks stored by one intake statement (group commit): 1 when idle, more under load. */
    public void intakeBatch(int size) {
        intakeBatch.record(size);
    }

    /** Deliveries whose {@code write} ({@link #SLOT_BATCH}, {@link #SENT_BATCH}) shared one statement. */
    public void batch(String write, int size) {
        writeBatches.get(write).record(size);
    }

    private DistributionSummary writeBatch(String write) {
        return DistributionSummary.builder(WRITE_BATCH).baseUnit("deliveries").tag("write", write)
                .description("Deliveries written by one statement (group commit): slot bookings, sent records")
                .register(registry);
    }

    /** One intake statement, sent to committed (or failed). */
    public void intakeStatement(long nanos) {
        intakeStatement.record(nanos, TimeUnit.NANOSECONDS);
    }

    /** One webhook's wait for the statement in flight before its own was sent: zero when none was running. */
    public void intakeWait(long nanos) {
        intakeWait.record(nanos, TimeUnit.NANOSECONDS);
    }

    private Timer intakeTimer(String name, String description) {
        return Timer.builder(name).description(description).publishPercentileHistogram()
                .serviceLevelObjectives(Duration.ofMillis(10))
                .minimumExpectedValue(Duration.ofNanos(100_000)).maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry);
    }

    public void outcome(String outcome) {
        registry.counter(DELIVERIES, "outcome", OUTCOMES.contains(outcome) ? outcome : "failed").increment();
    }

    /** Slack error or transient cause, folded into a bounded set ("other" for anything unknown). */
    public void slackError(String code) {
        registry.counter(SLACK_ERRORS, "code", boundedCode(code)).increment();
    }

    public void rateLimited() {
        registry.counter(RATE_LIMITED).increment();
    }

    public void latency(double seconds) {
        latency.record(Duration.ofNanos((long) (seconds * 1e9)));
    }

    public void queue(long queued, double oldestSeconds) {
        depth.set(queued);
        oldestAgeMillis.set((long) (oldestSeconds * 1000));
    }

    /** Held deliveries per reason (Slack's code); reasons not listed are none held. */
    public void held(Map<String, Long> counts) {
        held.forEach((reason, gauge) -> gauge.set(counts.getOrDefault(reason, 0L)));
    }

    String boundedCode(String code) {
        return SlackErrors.metricCode(code);
    }
}
