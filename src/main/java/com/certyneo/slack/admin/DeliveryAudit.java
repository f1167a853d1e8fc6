package com.certyneo.slack.admin;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.certyneo.slack.platform.Page;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;

/** GET …/slack/deliveries: the audit trail, newest first, each with its attempts (SPEC sections 4 and 7). */
@ApplicationScoped
public class DeliveryAudit {

    @RegisterForReflection
    public record Attempt(@JsonProperty("at") OffsetDateTime at, String outcome,
            @JsonProperty("slack_error") String slackError, @JsonProperty("http_status") Integer httpStatus,
            @JsonProperty("duration_ms") Integer durationMs) {
    }

    @RegisterForReflection
    public record Item(@JsonProperty("event_id") String eventId, @JsonProperty("event_type") String eventType,
            String channel, String status, int attempts, @JsonProperty("last_error") String lastError,
            @JsonProperty("slack_ts") String slackTs, @JsonProperty("thread_ts") String threadTs,
            @JsonProperty("digest_size") Integer digestSize,
            @JsonProperty("received_at") OffsetDateTime receivedAt,
            @JsonProperty("sent_at") OffsetDateTime sentAt, @JsonProperty("ended_at") OffsetDateTime endedAt,
            @JsonProperty("attempt_log") List<Attempt> attemptLog) {
    }

    private final Pool pool;

    public DeliveryAudit(Pool pool) {
        this.pool = pool;
    }

    /** @param before delivery id to continue below (the previous page's cursor), or null for the newest */
    public Uni<Page<Item>> page(String accountId, Long before, int limit) {
        return pool
                .preparedQuery("select id, event_id, event_type, channel_id, status, attempts, last_error, slack_ts, "
                        + "thread_ts, digest_size, received_at, sent_at, ended_at from delivery where account_id = $1 "
                        + "and ($2::bigint is null or id < $2) order by id desc limit $3")
                .execute(Tuple.of(accountId, before, limit + 1)).flatMap(rows -> {
                    List<Row> page = new ArrayList<>();
                    rows.forEach(page::add);
                    String next = page.size() > limit ? String.valueOf(page.get(limit - 1).getLong("id")) : null;
                    List<Row> shown = page.size() > limit ? page.subList(0, limit) : page;
                    Long[] ids = shown.stream().map(r -> r.getLong("id")).toArray(Long[]::new);
                    return attempts(ids).map(log -> new Page<>(shown.stream().map(r -> item(r,
                            log.getOrDefault(r.getLong("id"), List.of()))).toList(), next));
                });
    }

    private Uni<Map<Long, List<Attempt>>> attempts(Long[] deliveryIds) {
        if (deliveryIds.length == 0) {
            return Uni.createFrom().item(Map.of());
        }
        return pool.preparedQuery("select delivery_id, attempted_at, outcome, slack_error, http_status, duration_ms "
                + "from delivery_attempt where delivery_id = any($1) order by delivery_id, id")
                .execute(Tuple.of(deliveryIds)).map(rows -> {
                    Map<Long, List<Attempt>> byDelivery = new LinkedHashMap<>();
                    for (Row row : rows) {
                        byDelivery.computeIfAbsent(row.getLong("delivery_id"), k -> new ArrayList<>())
                                .add(new Attempt(row.getOffsetDateTime("attempted_at"), row.getString("outcome"),
                                        row.getString("slack_error"), row.getInteger("http_status"),
                                        row.getInteger("duration_ms")));
                    }
                    return byDelivery;
                });
    }

    private static Item item(Row row, List<Attempt> attempts) {
        return new Item(row.getString("event_id"), row.getString("event_type"), row.getString("channel_id"),
                row.getString("status"), row.getInteger("attempts"), row.getString("last_error"),
                row.getString("slack_ts"), row.getString("thread_ts"), row.getInteger("digest_size"),
                row.getOffsetDateTime("received_at"),
                row.getOffsetDateTime("sent_at"),
                row.getOffsetDateTime("ended_at"), attempts);
    }
}
