package com.certyneo.slack.delivery;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeoutException;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import com.certyneo.slack.platform.DatabaseFailures;
import com.certyneo.slack.platform.PreparedStatementPool;
import com.certyneo.slack.platform.ProblemException;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;

/**
 * Decides and stores incoming events ({@link IntakeSql#DECIDE_AND_STORE}) with group commit: a webhook that finds
 * fewer than {@code delivery.intake-statements} statements running is stored at once, alone; webhooks arriving while
 * they run wait for the next statement and share it (one round trip, one commit for all). So a lone webhook is never
 * delayed, and under load the commits, not the webhooks, are what PostgreSQL counts. Each webhook is answered on its
 * own request's context once its statement has committed. Dispatchers are told after the commit ({@link QueueSignal}):
 * a pg_notify in the statement would serialise every intake commit.
 * <p>
 * The intake has connections of its own ({@code delivery.intake-statements} + 1): on the shared pool, a statement
 * waited for a connection behind every statement of the deliveries in flight, and at 1,000 busy channels that wait,
 * not the statement, set how many webhooks a second were accepted.
 */
@ApplicationScoped
public class WebhookStore {

    /**
     * A validated event to store: {@code json} is its payload as text, {@code createdAt} and {@code envelopeId}
     * may be null.
     */
    public record NewEvent(String id, String accountId, String type, String webhookId, OffsetDateTime createdAt,
            String envelopeId, String json) {
    }

    /** What became of an event. */
    public enum Stored {
        ACCEPTED, DUPLICATE, NOT_CONNECTED, NO_CHANNEL, TYPE_NOT_ENABLED
    }

    /** @param readyAt {@link System#nanoTime()} when it was handed to the store */
    private record Pending(NewEvent event, UniEmitter<? super Stored> answer, Context context, Duration timeout,
            long readyAt) {
    }

    private final Pool pool;
    private final QueueSignal queueSignal;
    private final DeliveryMetrics metrics;
    private final int maxBatch;
    private final int maxStatements;
    private final ArrayDeque<Pending> waiting = new ArrayDeque<>();
    private int running; // guarded by waiting

    public WebhookStore(Pool shared, PreparedStatementPool pools, QueueSignal queueSignal, DeliveryConfig config,
            DeliveryMetrics metrics) {
        this.metrics = metrics;
        this.queueSignal = queueSignal;
        this.maxBatch = Math.max(1, config.intakeBatch());
        this.maxStatements = Math.max(1, config.intakeStatements());
        // one more than the statements in flight: a batch PostgreSQL refused is stored one by one beside the next
        this.pool = pools.dedicated(shared, "intake", maxStatements + 1);
    }

    @PreDestroy
    void close() {
        pool.closeAndForget();
    }

    /** Fails with a 503 problem when the database is unreachable or slower than {@code timeout}. */
    public Uni<Stored> store(NewEvent event, Duration timeout) {
        return Uni.createFrom()
                .<Stored>emitter(answer -> submit(new Pending(event, answer, Vertx.currentContext(), timeout,
                        System.nanoTime())))
                .ifNoItem().after(timeout).failWith(TimeoutException::new)
                .onFailure().transform(WebhookStore::translate);
    }

    private void submit(Pending pending) {
        List<Pending> batch;
        synchronized (waiting) {
            waiting.add(pending);
            if (running >= maxStatements) {
                return; // a running statement's end takes it
            }
            running++;
            batch = take();
        }
        run(batch);
    }

    /** The next batch: oldest first, at most one webhook per event id (a twin waits and is answered duplicate). */
    private List<Pending> take() {
        List<Pending> batch = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (Iterator<Pending> it = waiting.iterator(); it.hasNext() && batch.size() < maxBatch;) {
            Pending p = it.next();
            if (ids.add(p.event().id())) {
                batch.add(p);
                it.remove();
            }
        }
        return batch;
    }

    private void run(List<Pending> batch) {
        metrics.intakeBatch(batch.size());
        long sent = System.nanoTime();
        batch.forEach(p -> metrics.intakeWait(sent - p.readyAt()));
        execute(batch).subscribe().with(rows -> {
            metrics.intakeStatement(System.nanoTime() - sent);
            answer(batch, rows);
            next();
        }, failure -> {
            metrics.intakeStatement(System.nanoTime() - sent);
            if (batch.size() > 1 && isDataException(failure)) {
                // one value PostgreSQL refuses must not fail its neighbours: each is stored alone
                batch.forEach(p -> execute(List.of(p)).subscribe().with(rows -> answer(List.of(p), rows),
                        f -> fail(p, f)));
            } else {
                batch.forEach(p -> fail(p, failure));
            }
            next();
        });
    }

    private void next() {
        List<Pending> batch;
        synchronized (waiting) {
            if (waiting.isEmpty()) {
                running--;
                return;
            }
            batch = take();
        }
        run(batch);
    }

    private Uni<RowSet<Row>> execute(List<Pending> batch) {
        int n = batch.size();
        String[] ids = new String[n], accounts = new String[n], types = new String[n], webhooks = new String[n],
                envelopes = new String[n], payloads = new String[n];
        OffsetDateTime[] created = new OffsetDateTime[n];
        for (int i = 0; i < n; i++) {
            NewEvent e = batch.get(i).event();
            ids[i] = e.id();
            accounts[i] = e.accountId();
            types[i] = e.type();
            webhooks[i] = e.webhookId();
            created[i] = e.createdAt();
            envelopes[i] = e.envelopeId();
            payloads[i] = e.json();
        }
        // a statement that hangs must not hold the intake: its webhooks get a 503 (Certyneo retries; if it did
        // commit after all, the retry is answered as a duplicate) and the next statement starts
        Duration timeout = batch.stream().map(Pending::timeout).max(Duration::compareTo).orElseThrow();
        return pool.preparedQuery(IntakeSql.DECIDE_AND_STORE)
                .execute(Tuple.from(List.of(ids, accounts, types, webhooks, created, envelopes, payloads)))
                .ifNoItem().after(timeout).failWith(TimeoutException::new);
    }

    private void answer(List<Pending> batch, RowSet<Row> rows) {
        Map<Long, Row> byPosition = new HashMap<>();
        rows.forEach(row -> byPosition.put(row.getLong("n"), row));
        for (int i = 0; i < batch.size(); i++) {
            Row row = byPosition.get((long) i + 1);
            Pending p = batch.get(i);
            if (row == null) {
                fail(p, new IllegalStateException("the intake statement returned no row for an event"));
                continue;
            }
            Stored stored = stored(row);
            on(p, () -> p.answer().complete(stored));
        }
    }

    private static void fail(Pending p, Throwable failure) {
        on(p, () -> p.answer().fail(failure));
    }

    /** On the webhook's own request context, not the one that ran the batch's statement. */
    private static void on(Pending p, Runnable action) {
        if (p.context() == null || p.context() == Vertx.currentContext()) {
            action.run();
        } else {
            p.context().runOnContext(ignored -> action.run());
        }
    }

    private Stored stored(Row row) {
        Long deliveryId = row.getLong("delivery_id");
        if (deliveryId != null) {
            queueSignal.queued(deliveryId);
            return Stored.ACCEPTED;
        }
        // eligible, not inserted, not seen before the statement: a concurrent twin won the key
        return yes(row, "seen")
                ? Stored.DUPLICATE
                : !yes(row, "connected")
                        ? Stored.NOT_CONNECTED
                        : !yes(row, "has_channel")
                                ? Stored.NO_CHANNEL
                                : !yes(row, "ticked") ? Stored.TYPE_NOT_ENABLED : Stored.DUPLICATE;
    }

    private static boolean yes(Row row, String column) {
        return Boolean.TRUE.equals(row.getBoolean(column));
    }

    private static boolean isDataException(Throwable failure) {
        return failure instanceof PgException pg && pg.getSqlState() != null && pg.getSqlState().startsWith("22");
    }

    private static Throwable translate(Throwable failure) {
        if (failure instanceof ProblemException) {
            return failure;
        }
        String state = failure instanceof PgException pg ? pg.getSqlState() : null;
        // 08 connection, 53 resources (too many connections), 57 shutdown / starting up
        boolean unavailableState = state != null
                && (state.startsWith("08") || state.startsWith("53") || state.startsWith("57"));
        if (unavailableState || DatabaseFailures.isUnavailable(failure)) {
            return ProblemException.unavailable("The service cannot reach its database; retry later.",
                    Duration.ofSeconds(5));
        }
        if (state != null && state.startsWith("22")) {
            // data exception: a value PostgreSQL cannot store; the validator should have caught it
            return ProblemException.badRequest(null, "The body holds a value that cannot be stored.");
        }
        return failure;
    }
}
