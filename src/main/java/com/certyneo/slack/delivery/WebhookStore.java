package com.certyneo.slack.delivery;

import java.time.Duration;
import java.util.concurrent.TimeoutException;

import jakarta.enterprise.context.ApplicationScoped;

import com.certyneo.slack.intake.ValidatedEvent;
import com.certyneo.slack.intake.WebhookAnswer;
import com.certyneo.slack.intake.WebhookConfig;
import com.certyneo.slack.platform.DatabaseFailures;
import com.certyneo.slack.platform.ProblemException;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;

/**
 * Decides and stores a validated event in ONE statement (one round trip, one implicit
 * transaction): reads the installation (no cache, so a change takes effect for the next
 * webhook), inserts webhook_event + delivery, all or nothing. The primary key of webhook_event is
 * the dedup arbiter, across concurrent requests and replicas. Dispatchers are told after the commit
 * ({@link QueueSignal}): a pg_notify in this statement would serialise every intake commit.
 */
@ApplicationScoped
public class WebhookStore {

    static final Duration RETRY_AFTER = Duration.ofSeconds(5);

    // A row in `seen` (committed before this statement) means duplicate whatever the installation
    // says now. `ev` inserts only for a connected installation with a channel and the type ticked;
    // ON CONFLICT covers a concurrent twin, which then shows up as "eligible but not inserted".
    private static final String DECIDE_AND_STORE = """
            with inst as (
                select id, team_id, channel_id,
                       status = 'connected' and token_ciphertext is not null as connected,
                       $3 = any (string_to_array(events, ',')) as ticked
                from installation where account_id = $2
            ), seen as (
                select 1 from webhook_event where event_id = $1
            ), ev as (
                insert into webhook_event (event_id, account_id, event_type, webhook_id, created_at, payload)
                select $1, $2, $3, $4, $5, $6::text::jsonb from inst
                where inst.connected and inst.channel_id is not null and inst.ticked
                  and not exists (select 1 from seen)
                on conflict (event_id) do nothing
                returning event_id
            ), del as (
                insert into delivery (event_id, installation_id, account_id, team_id, channel_id, event_type)
                select ev.event_id, inst.id, $2, inst.team_id, inst.channel_id, $3 from ev cross join inst
                returning id
            )
            select exists (select 1 from seen) as seen,
                   (select connected from inst) as connected,
                   (select channel_id is not null from inst) as has_channel,
                   (select ticked from inst) as ticked,
                   (select id from del) as delivery_id
            """;

    private final Pool pool;
    private final WebhookConfig config;
    private final QueueSignal queueSignal;

    public WebhookStore(Pool pool, WebhookConfig config, QueueSignal queueSignal) {
        this.pool = pool;
        this.config = config;
        this.queueSignal = queueSignal;
    }

    public Uni<WebhookAnswer> store(ValidatedEvent event, String webhookId) {
        Tuple params = Tuple.of(event.id(), event.accountId(), event.type(), webhookId, event.createdAt(),
                event.json());
        return pool.preparedQuery(DECIDE_AND_STORE).execute(params)
                .ifNoItem().after(config.storeTimeout()).failWith(TimeoutException::new)
                .map(rows -> answer(event, rows.iterator().next()))
                .onFailure().transform(WebhookStore::translate);
    }

    private WebhookAnswer answer(ValidatedEvent event, Row row) {
        Long deliveryId = row.getLong("delivery_id");
        if (deliveryId != null) {
            queueSignal.queued(deliveryId);
            return WebhookAnswer.accepted(event.id());
        }
        if (Boolean.TRUE.equals(row.getBoolean("seen"))) {
            return WebhookAnswer.duplicate();
        }
        if (!Boolean.TRUE.equals(row.getBoolean("connected"))) {
            return WebhookAnswer.ignored("account_not_connected");
        }
        if (!Boolean.TRUE.equals(row.getBoolean("has_channel"))) {
            return WebhookAnswer.ignored("no_channel_selected");
        }
        if (!Boolean.TRUE.equals(row.getBoolean("ticked"))) {
            return WebhookAnswer.ignored("event_type_not_enabled");
        }
        // eligible, not inserted, not seen before the statement: a concurrent twin won the key
        return WebhookAnswer.duplicate();
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
            return ProblemException.unavailable("The service cannot reach its database; retry later.", RETRY_AFTER);
        }
        if (state != null && state.startsWith("22")) {
            // data exception: a value PostgreSQL cannot store; the validator should have caught it
            return ProblemException.badRequest(null, "The body holds a value that cannot be stored.");
        }
        return failure;
    }
}
