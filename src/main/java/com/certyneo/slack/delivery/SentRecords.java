package com.certyneo.slack.delivery;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;

/**
 * The records of messages Slack took ({@link QueueSql#SENT}, {@link ChannelPacer#HOLD}, and the installation's health
 * when it needed attention), written with group commit for {@link DeliveryQueue#markSent}: one transaction at a time,
 * the records that arrive meanwhile share the next. At 1,000 busy channels a transaction per message cost PostgreSQL
 * more than the messages' rows.
 */
final class SentRecords {

    private static final int BATCH = 256;

    private record Sent(ClaimedDelivery d, String slackTs, Attempt a) {
    }

    private final Pool pool;
    private final ChannelPacer pacer;
    private final InstallationHealth health;
    private final GroupCommit<Sent, Double> commits;

    SentRecords(Pool pool, ChannelPacer pacer, InstallationHealth health, DeliveryMetrics metrics) {
        this.pool = pool;
        this.pacer = pacer;
        this.health = health;
        this.commits = new GroupCommit<>(BATCH, 1, s -> s.d().id(), this::write, GroupCommit::refusedValue,
                (items, waits) -> metrics.batch(DeliveryMetrics.SENT_BATCH, items));
    }

    /** Records that Slack took {@code d} as {@code slackTs}; the event→Slack latency in seconds, or null. */
    Uni<Double> record(ClaimedDelivery d, String slackTs, Attempt a) {
        return commits.submit(new Sent(d, slackTs, a));
    }

    private Uni<List<Double>> write(List<Sent> batch) {
        int n = batch.size();
        Long[] ids = new Long[n];
        String[] slackTs = new String[n], outcomes = new String[n], errors = new String[n];
        OffsetDateTime[] at = new OffsetDateTime[n];
        Integer[] statuses = new Integer[n], durations = new Integer[n];
        List<ChannelPacer.Answered> answers = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            Sent s = batch.get(i);
            ids[i] = s.d().id();
            slackTs[i] = s.slackTs();
            at[i] = s.a().at();
            outcomes[i] = s.a().outcome();
            errors[i] = s.a().slackError();
            statuses[i] = s.a().httpStatus();
            durations[i] = s.a().durationMs();
            answers.add(ChannelPacer.Answered.of(s.d().teamId(), s.d().channelId(), s.a()));
        }
        return PipelinedTransaction.run(pool, conn -> {
            List<Uni<?>> all = new ArrayList<>(List.of(conn.preparedQuery(QueueSql.SENT)
                    .execute(Tuple.from(List.of(ids, slackTs, at, outcomes, errors, statuses, durations))).map(rows -> {
                        Map<Long, Double> latencies = new HashMap<>();
                        rows.forEach(row -> latencies.put(row.getLong("id"), row.getDouble("latency_s")));
                        return latencies;
                    }), pacer.holdAfterAnswers(conn, answers)));
            batch.stream().filter(s -> s.d().needsAttention()).map(s -> s.d().installationId()).distinct()
                    .forEach(installation -> all.add(health.healthy(conn, installation)));
            return all;
        }).map(items -> {
            @SuppressWarnings("unchecked")
            Map<Long, Double> latencies = (Map<Long, Double>) items.get(0);
            return batch.stream().map(s -> latencies.get(s.d().id())).toList();
        });
    }
}
