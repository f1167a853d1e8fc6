package com.certyneo.slack.delivery;

import java.time.OffsetDateTime;
import java.util.UUID;

import io.vertx.core.json.JsonObject;

/**
 * A delivery this replica holds the lease of, with what is needed to send it. Never logged whole: the
 * payload holds personal data and the token ciphertext is a secret ({@link #toString()} omits both).
 */
public record ClaimedDelivery(long id, String eventId, UUID installationId, String accountId, String teamId,
        String channelId, String eventType, int attempts, OffsetDateTime receivedAt, String installationStatus,
        String tokenKeyId, byte[] tokenCiphertext, JsonObject payload) {

    @Override
    public String toString() {
        return "ClaimedDelivery[id=" + id + ", event=" + eventId + ", type=" + eventType + ", channel=" + teamId + "/"
                + channelId + ", attempts=" + attempts + "]";
    }
}
