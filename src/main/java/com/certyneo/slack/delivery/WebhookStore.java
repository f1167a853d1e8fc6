package com.certyneo.slack.delivery;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeoutException;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import com.certyneo.slack.platform.DatabaseFailures;
import com.certyneo.slack.platform.PreparedStatementPool;
import com.certyneo.slack.platform.ProblemException;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;

/**
 * Decides and stores incoming events ({@link IntakeSql#DECIDE_AND_STORE}) with group commit ({@link GroupCommit}): a
 * webhook that finds fewer than {@code delivery.intake-statements} statements running is stored at once, alone;
 * webhooks arriving while they run share the next statement (one round trip, one commit for all). So a lone webhook is
 * never delayed, and under load the commits, not the webhooks, are what PostgreSQL counts. Each webhook is answered on
 * its own request's context once its statement has committed. Dispatchers are told after the commit
 * ({@link QueueSignal}): a pg_notify in the statement would serialise every intake commit.
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

    /** An event and how long its webhook may wait for the database. */
    private record Incoming(NewEvent event, Duration timeout) {
    }

    private final Pool pool;
    private final QueueSignal queueSignal;
    private final GroupCommit<Incoming, Stored> commits;

    public WebhookStore(Pool shared, PreparedStatementPool pools, QueueSignal queueSignal, DeliveryConfig config,
            DeliveryMetrics metrics) {
        this.queueSignal = queueSignal;
        int statements = Math.max(1, config.intakeStatements());
        // one more than the statements in flight: a batch PostgreSQL refused is stored one by one beside the next
        this.pool = pools.dedicated(shared, "intake", statements + 1);
        // a twin of an event in the same batch waits for the next statement and is answered duplicate
        this.commits = new GroupCommit<>(config.intakeBatch(), statements, incoming -> incoming.event().id(),
                this::execute, GroupCommit::refusedValue, new GroupCommit.Observer() {
                    @Override
                    public void statement(int items, long[] waitNanos) {
                        metrics.intakeBatch(items);
                        for (long wait : waitNanos) {
                            metrics.intakeWait(wait);
                        }
                    }

                    @Override
                    public void ended(long statementNanos) {
                        metrics.intakeStatement(statementNanos);
                    }
                });
    }

    @PreDestroy
    void close() {
        pool.closeAndForget();
    }

    /** Fails with a 503 problem when the database is unreachable or slower than {@code timeout}. */
    public Uni<Stored> store(NewEvent event, Duration timeout) {
        return commits.submit(new Incoming(event, timeout))
                .onItem().ifNull()
                .failWith(() -> new IllegalStateException("the intake statement returned no row for an event"))
                .ifNoItem().after(timeout).failWith(TimeoutException::new)
                .onFailure().transform(WebhookStore::translate);
    }

    private Uni<List<Stored>> execute(List<Incoming> batch) {
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
        Duration timeout = batch.stream().map(Incoming::timeout).max(Duration::compareTo).orElseThrow();
        return pool.preparedQuery(IntakeSql.DECIDE_AND_STORE)
                .execute(Tuple.from(List.of(ids, accounts, types, webhooks, created, envelopes, payloads)))
                .ifNoItem().after(timeout).failWith(TimeoutException::new)
                .map(rows -> {
                    // one row per input, numbered n from 1; a missing row answers null, which fails its webhook
                    List<Stored> stored = new ArrayList<>(Collections.nCopies(n, (Stored) null));
                    rows.forEach(row -> stored.set(row.getLong("n").intValue() - 1, stored(row)));
                    return stored;
                });
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
