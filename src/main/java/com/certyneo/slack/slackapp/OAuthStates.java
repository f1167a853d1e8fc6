package com.certyneo.slack.slackapp;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Base64;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.certyneo.slack.installation.InstallationConfig;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * Install tickets and OAuth states (table oauth_state). A ticket opens once (it becomes the browser's state
 * cookie); a state is consumed once, by an atomic {@code UPDATE … WHERE used_at IS NULL}, so two callbacks
 * racing with the same state cannot both pass. Plain SQL on purpose: these single-use rules must be atomic.
 */
@ApplicationScoped
public class OAuthStates {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Logger LOG = Logger.getLogger(OAuthStates.class);

    /** What a ticket or state lookup found. {@code returnUrl} is set when the row is known. */
    public record Lookup(Outcome outcome, String state, String accountId, String returnUrl, OffsetDateTime expiresAt) {
    }

    /** A fresh install ticket: opened by the browser at /slack/install before {@code expiresAt}. */
    public record Ticket(String ticket, OffsetDateTime expiresAt) {
    }

    public enum Outcome {
        OK, UNKNOWN, EXPIRED, ALREADY_USED
    }

    private final Pool pool;
    private final InstallationConfig config;

    public OAuthStates(Pool pool, InstallationConfig config) {
        this.pool = pool;
        this.config = config;
    }

    public Uni<Ticket> create(String accountId, String returnUrl, Duration ttl) {
        String ticket = randomToken();
        String state = randomToken();
        return pool.preparedQuery("insert into oauth_state (state, ticket, account_id, return_url, expires_at) "
                + "values ($1, $2, $3, $4, now() + make_interval(secs => $5)) returning expires_at")
                .execute(Tuple.of(state, ticket, accountId, returnUrl, (double) ttl.toSeconds()))
                .map(rows -> new Ticket(ticket, rows.iterator().next().getOffsetDateTime("expires_at")));
    }

    /** Opens a ticket once; the answer's {@code state} is the OAuth state for the cookie and for Slack. */
    public Uni<Lookup> open(String ticket) {
        return pool.preparedQuery("update oauth_state set opened_at = now() "
                + "where ticket = $1 and opened_at is null and expires_at > now() "
                + "returning state, account_id, return_url, expires_at")
                .execute(Tuple.of(ticket))
                .flatMap(rows -> rows.size() == 1
                        ? Uni.createFrom().item(lookup(Outcome.OK, rows))
                        : explain("ticket = $1", "opened_at", ticket));
    }

    /** Consumes a state once; only an opened, unexpired, unused state passes. */
    public Uni<Lookup> consume(String state) {
        return pool.preparedQuery("update oauth_state set used_at = now() "
                + "where state = $1 and used_at is null and opened_at is not null and expires_at > now() "
                + "returning state, account_id, return_url, expires_at")
                .execute(Tuple.of(state))
                .flatMap(rows -> rows.size() == 1
                        ? Uni.createFrom().item(lookup(Outcome.OK, rows))
                        : explain("state = $1", "used_at", state));
    }

    /** Deletes states that expired more than {@code installation.state-retention} ago (SPEC section 8). */
    @Scheduled(every = "${installation.purge-every:10m}", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> purge() {
        return pool.preparedQuery("delete from oauth_state where expires_at < now() - make_interval(secs => $1)")
                .execute(Tuple.of((double) config.stateRetention().toSeconds())).replaceWithVoid()
                .onFailure().invoke(e -> LOG.warnf("OAuth state purge failed: %s", e.getClass().getSimpleName()))
                .onFailure().recoverWithNull();
    }

    private Uni<Lookup> explain(String where, String usedColumn, String value) {
        return pool.preparedQuery("select state, account_id, return_url, expires_at, expires_at <= now() as expired, "
                + usedColumn + " is not null as used from oauth_state where " + where)
                .execute(Tuple.of(value))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return new Lookup(Outcome.UNKNOWN, null, null, null, null);
                    }
                    Row row = rows.iterator().next();
                    Outcome outcome = row.getBoolean("used")
                            ? Outcome.ALREADY_USED
                            : row.getBoolean("expired") ? Outcome.EXPIRED : Outcome.UNKNOWN;
                    return lookup(outcome, rows);
                });
    }

    private static Lookup lookup(Outcome outcome, RowSet<Row> rows) {
        Row row = rows.iterator().next();
        return new Lookup(outcome, row.getString("state"), row.getString("account_id"), row.getString("return_url"),
                row.getOffsetDateTime("expires_at"));
    }

    private static String randomToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
