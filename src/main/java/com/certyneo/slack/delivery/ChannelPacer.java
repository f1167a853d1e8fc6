package com.certyneo.slack.delivery;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * At most one chat.postMessage per channel per {@link DeliveryConfig#paceInterval()} across all replicas
 * (SPEC section 7). The channel_pace row of a channel holds the earliest instant its next message may leave;
 * reserving a slot is one atomic upsert, so two replicas can never get the same slot. The database clock is
 * the only clock compared, so replicas' clocks may drift.
 */
@ApplicationScoped
public class ChannelPacer {

    private static final int BOOKING_BATCH = 256;

    /** Jitter margin of a slot booked by {@link #reserveUnlessBusy}. */
    static final Duration BOOKING_MARGIN = Duration.ofMillis(200);

    private final Pool pool;
    private final double intervalSeconds;
    private final Duration maxBookingWait;
    private final GroupCommit<ClaimBooking, Slot> claimBookings;

    public ChannelPacer(Pool pool, DeliveryConfig config, DeliveryMetrics metrics) {
        this.pool = pool;
        this.intervalSeconds = config.paceInterval().toNanos() / 1e9;
        this.maxBookingWait = config.testMessageMaxWait();
        // one statement at a time: the bookings that arrive meanwhile share the next (one per channel)
        this.claimBookings = new GroupCommit<>(BOOKING_BATCH, 1, b -> List.of(b.teamId(), b.channelId()),
                this::reserveForClaims, GroupCommit::refusedValue,
                (items, waits) -> metrics.batch(DeliveryMetrics.SLOT_BATCH, items));
    }

    /** A booking attempt: {@code booked} with the wait until the slot, or not booked and busy for {@code delay}. */
    public record Booking(boolean booked, Duration delay) {
    }

    /**
     * Books the channel's next slot only if it is at most {@code delivery.test-message-max-wait} away (a test
     * message must neither wait out a 429 pause nor pile bookings up ahead of the deliveries). The slot is
     * {@link #BOOKING_MARGIN} longer than the interval: such a booking does not wait for the answer to the call before
     * it, so calls booked back to back could otherwise reach Slack less than an interval apart (measured: 946 ms,
     * when the first one was slower to arrive than the next).
     */
    public Uni<Booking> reserveUnlessBusy(String teamId, String channelId) {
        return pool.preparedQuery(PaceSql.RESERVE_WITHIN)
                .execute(Tuple.of(teamId, channelId, intervalSeconds + BOOKING_MARGIN.toMillis() / 1000.0,
                        maxBookingWait.toMillis() / 1000.0))
                .chain(rows -> rows.size() > 0
                        ? Uni.createFrom().item(new Booking(true, millis(rows.iterator().next())))
                        : pool.preparedQuery(PaceSql.BUSY_FOR).execute(Tuple.of(teamId, channelId))
                                .map(busy -> new Booking(false,
                                        busy.size() == 0 ? Duration.ZERO : millis(busy.iterator().next()))));
    }

    private static Duration millis(Row row) {
        return Duration.ofMillis((long) Math.ceil(row.getDouble("wait_ms")));
    }

    /** Reserves the channel's next slot and completes when it has come. Used by deliveries and test messages. */
    public Uni<Void> awaitSlot(String teamId, String channelId) {
        return reserve(teamId, channelId).chain(wait -> wait.isZero()
                ? Uni.createFrom().voidItem()
                : Uni.createFrom().voidItem().onItem().delayIt().by(wait));
    }

    /** Reserves the channel's next slot and tells how long to wait for it. */
    public Uni<Duration> reserve(String teamId, String channelId) {
        return reserveSlot(teamId, channelId).map(Slot::delay);
    }

    /** The reserved instant (database clock) and the wait until it. */
    public record Slot(OffsetDateTime at, Duration delay) {
    }

    Uni<Slot> reserveSlot(String teamId, String channelId) {
        return pool.preparedQuery(PaceSql.RESERVE).execute(Tuple.of(teamId, channelId, intervalSeconds))
                .map(rows -> slot(rows.iterator().next()));
    }

    private static Slot slot(Row row) {
        return new Slot(row.getOffsetDateTime("slot_at"),
                Duration.ofMillis((long) Math.ceil(row.getDouble("wait_ms"))));
    }

    /** A slot to book for claimed delivery {@code deliveryId}, if {@code owner} still holds it. */
    private record ClaimBooking(long deliveryId, String owner, String teamId, String channelId) {
    }

    /**
     * Reserves the channel's next slot for claimed delivery {@code deliveryId} if {@code owner} still holds it;
     * null when the claim was lost (cancelled by a disconnect, or taken over after the lease expired). Bookings are
     * written with group commit: the heads of one claim ask together, and share a statement.
     */
    Uni<Slot> reserveForClaim(long deliveryId, String owner, String teamId, String channelId) {
        return claimBookings.submit(new ClaimBooking(deliveryId, owner, teamId, channelId));
    }

    private Uni<List<Slot>> reserveForClaims(List<ClaimBooking> bookings) {
        int n = bookings.size();
        String[] teams = new String[n], channels = new String[n], owners = new String[n];
        Long[] deliveries = new Long[n];
        for (int i = 0; i < n; i++) {
            ClaimBooking b = bookings.get(i);
            teams[i] = b.teamId();
            channels[i] = b.channelId();
            deliveries[i] = b.deliveryId();
            owners[i] = b.owner();
        }
        return pool.preparedQuery(PaceSql.RESERVE_FOR_CLAIMS)
                .execute(Tuple.of(teams, channels, intervalSeconds, deliveries, owners)).map(rows -> {
                    Map<List<String>, Slot> slots = new HashMap<>();
                    rows.forEach(row -> slots.put(List.of(row.getString("team_id"), row.getString("channel_id")),
                            slot(row)));
                    return bookings.stream().map(b -> slots.get(List.of(b.teamId(), b.channelId()))).toList();
                });
    }

    /** A 429: nothing leaves for this channel before {@code retryAfter} has passed, whatever the replica. */
    public Uni<Void> pause(String teamId, String channelId, Duration retryAfter) {
        return pause(pool, teamId, channelId, retryAfter);
    }

    Uni<Void> pause(SqlClient client, String teamId, String channelId, Duration retryAfter) {
        return client.preparedQuery(PaceSql.PAUSE)
                .execute(Tuple.of(teamId, channelId, retryAfter.toMillis() / 1000.0)).replaceWithVoid();
    }

    /** After Slack answered a call that reserved its slot with {@link #awaitSlot}: see holdAfterAnswer. */
    public Uni<Void> answered(String teamId, String channelId) {
        return holdAfterAnswer(pool, teamId, channelId);
    }

    /** A call Slack answered on a channel; {@code answeredNanos}: {@link System#nanoTime()} then, 0 for now. */
    record Answered(String teamId, String channelId, long answeredNanos) {

        /** When Slack answered {@code attempt} (now when unknown). */
        static Answered of(String teamId, String channelId, Attempt attempt) {
            return new Answered(teamId, channelId, attempt == null ? 0 : attempt.answeredNanos());
        }
    }

    /**
     * After Slack answered: the next message may not leave before one interval from now. Slack received the
     * call before it answered, so this keeps the gap at Slack's side even when a call was slow to arrive.
     */
    Uni<Void> holdAfterAnswer(SqlClient client, String teamId, String channelId) {
        return holdAfterAnswers(client, List.of(new Answered(teamId, channelId, 0)));
    }

    /** The same, one interval from the moment Slack answered {@code attempt}: see {@link #holdAfterAnswers}. */
    Uni<Void> holdAfterAnswer(SqlClient client, String teamId, String channelId, Attempt attempt) {
        return holdAfterAnswers(client, List.of(Answered.of(teamId, channelId, attempt)));
    }

    /**
     * The same for each of {@code answers}, one interval from the moment Slack answered rather than from this write:
     * the time spent recording the outcome would otherwise be added to every message of a busy channel.
     */
    Uni<Void> holdAfterAnswers(SqlClient client, List<Answered> answers) {
        int n = answers.size();
        String[] teams = new String[n], channels = new String[n];
        Double[] since = new Double[n];
        long now = System.nanoTime();
        for (int i = 0; i < n; i++) {
            Answered a = answers.get(i);
            teams[i] = a.teamId();
            channels[i] = a.channelId();
            since[i] = a.answeredNanos() == 0 ? 0 : Math.max(0, now - a.answeredNanos()) / 1e9;
        }
        return client.preparedQuery(PaceSql.HOLD).execute(Tuple.of(teams, channels, since, intervalSeconds))
                .replaceWithVoid();
    }
}
