package com.certyneo.slack.delivery;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;

import com.certyneo.slack.platform.DatabaseFailures;
import com.certyneo.slack.platform.ProblemException;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;

/**
 * Decides and stores an incoming event in one statement ({@link QueueSql#DECIDE_AND_STORE}). Dispatchers are told
 * after the commit ({@link QueueSignal}): a pg_notify in that statement would serialise every intake commit.
 */
@ApplicationScoped
public class WebhookStore {

    /** A validated event to store: {@code json} is its payload as text, {@code createdAt} may be null. */
    public record NewEvent(String id, String accountId, String type, String webhookId, OffsetDateTime createdAt,
            String json) {
    }

    /** What became of an event. */
    public enum Stored {
        ACCEPTED, DUPLICATE, NOT_CONNECTED, NO_CHANNEL, TYPE_NOT_ENABLED
    }

    private final Pool pool;
    private final QueueSignal queueSignal;

    public WebhookStore(Pool pool, QueueSignal queueSignal) {
        this.pool = pool;
        this.queueSignal = queueSignal;
    }

    /** Fails with a 503 problem when the database is unreachable or slower than {@code timeout}. */
    public Uni<Stored> store(NewEvent event, Duration timeout) {
        Tuple params = Tuple.of(event.id(), event.accountId(), event.type(), event.webhookId(), event.createdAt(),
                event.json());
        return pool.preparedQuery(QueueSql.DECIDE_AND_STORE).execute(params)
                .ifNoItem().after(timeout).failWith(TimeoutException::new)
                .map(rows -> stored(rows.iterator().next()))
                .onFailure().transform(WebhookStore::translate);
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
