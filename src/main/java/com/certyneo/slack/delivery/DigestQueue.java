package com.certyneo.slack.delivery;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The queue's statements for burst digests ({@link DigestSql}): find and lease the run behind a claimed head,
 * give it back, and record the digest sent for every delivery it carried.
 */
final class DigestQueue {

    private final DeliveryQueue queue;
    private final ChannelPacer pacer;
    private final Pool pool;

    DigestQueue(DeliveryQueue queue, ChannelPacer pacer) {
        this.queue = queue;
        this.pacer = pacer;
        this.pool = queue.pool();
    }

    /** How many deliveries wait in the head's channel (counted up to {@code after}) and who follows the head. */
    record Followers(int waiting, List<DigestRun.Candidate> candidates) {
    }

    Uni<Followers> followers(ClaimedDelivery head, String owner) {
        int after = head.digestAfter();
        return pool.preparedQuery(DigestSql.DIGEST_FOLLOWERS)
                .execute(Tuple.of(head.teamId(), head.channelId(), after, head.id(), DigestRun.MAX - 1, owner))
                .map(rows -> {
                    int waiting = 0;
                    List<DigestRun.Candidate> candidates = new ArrayList<>();
                    for (Row row : rows) {
                        waiting = row.getLong("waiting").intValue();
                        if (row.getValue("id") != null) {
                            candidates.add(new DigestRun.Candidate(row.getLong("id"), row.getString("event_type"),
                                    row.getBoolean("free")));
                        }
                    }
                    candidates.sort((a, b) -> Long.compare(a.id(), b.id()));
                    return new Followers(waiting, candidates);
                });
    }

    /** Leases {@code ids} for the head's owner while the head is still claimed; those leased, in channel order. */
    Uni<List<ClaimedDelivery>> lease(ClaimedDelivery head, List<Long> ids, String owner) {
        return pool.preparedQuery(DigestSql.DIGEST_LEASE)
                .execute(Tuple.of(head.id(), owner, ids.toArray(new Long[0]), head.teamId(), head.channelId()))
                .map(rows -> {
                    List<ClaimedDelivery> leased = new ArrayList<>();
                    for (Row row : rows) {
                        leased.add(head.follower(row.getLong("id"), row.getString("event_id"),
                                row.getString("event_type"), row.getInteger("attempts"),
                                row.getOffsetDateTime("received_at"),
                                row.getString("payload")));
                    }
                    leased.sort((a, b) -> Long.compare(a.id(), b.id()));
                    return leased;
                });
    }

    /** Gives back followers {@code ids} of {@code head}'s channel. */
    Uni<Void> unlease(ClaimedDelivery head, List<Long> ids, String owner) {
        return ids.isEmpty()
                ? Uni.createFrom().voidItem()
                : pool.preparedQuery(DigestSql.DIGEST_UNLEASE)
                        .execute(Tuple.of(ids.toArray(new Long[0]), owner, head.teamId(), head.channelId()))
                        .replaceWithVoid();
    }

    /**
     * Slack took the digest: every delivery of {@code group} sent with its ts and size and an audit row (the payloads
     * erased with it), the channel's hold after the answer and, if needed, the installation healthy again, in one
     * transaction.
     * Returns each sent delivery's event→Slack latency in seconds.
     */
    Uni<List<Double>> markSent(List<ClaimedDelivery> group, String slackTs, Attempt a) {
        ClaimedDelivery head = group.get(0);
        Long[] ids = group.stream().map(ClaimedDelivery::id).toArray(Long[]::new);
        return pool.withTransaction(conn -> conn.preparedQuery(DigestSql.DIGEST_SENT)
                .execute(Tuple.from(Arrays.asList(ids, slackTs, group.size(), a.at(), a.outcome(), a.slackError(),
                        a.httpStatus(), a.durationMs())))
                .call(() -> pacer.holdAfterAnswer(conn, head.teamId(), head.channelId()))
                .call(() -> head.needsAttention()
                        ? queue.health().healthy(conn, head.installationId())
                        : Uni.createFrom().voidItem())
                .map(rows -> {
                    List<Double> latencies = new ArrayList<>();
                    rows.forEach(row -> latencies.add(row.getDouble("latency_s")));
                    return latencies;
                }));
    }
}
