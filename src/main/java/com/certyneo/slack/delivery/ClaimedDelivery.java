package com.certyneo.slack.delivery;

import java.time.OffsetDateTime;
import java.util.UUID;

import org.jboss.logging.Logger;

import com.certyneo.slack.crypto.TokenCipher;
import com.certyneo.slack.message.Language;

import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Row;

/**
 * A delivery this replica holds the lease of, with what is needed to send it. Never logged whole: the
 * payload holds personal data and the token ciphertext is a secret ({@link #toString()} omits both).
 * {@code connected} and {@code needsAttention} are the installation's, at the claim ({@code QueueSql.CONNECTED}), and so
 * are its presentation settings (layout, language, digest). {@code channelName} is the channel's name when the event
 * was accepted (null for older rows), for reasons that name the channel ({@link ChannelReason}).
 */
public record ClaimedDelivery(long id, String eventId, UUID installationId, String accountId, String teamId,
        String channelId, String channelName, String eventType, int attempts, OffsetDateTime receivedAt,
        String installationStatus,
        boolean connected, boolean needsAttention, String tokenKeyId, byte[] tokenCiphertext, Layout layout,
        Language language, boolean digestEnabled, int digestAfter, String payload) {

    private static final Logger LOG = Logger.getLogger(ClaimedDelivery.class);

    @Override
    public String toString() {
        return "ClaimedDelivery[id=" + id + ", event=" + eventId + ", type=" + eventType + ", channel=" + teamId + "/"
                + channelId + ", attempts=" + attempts + "]";
    }

    /** Another delivery of the same installation and channel, merged into this head's digest. */
    ClaimedDelivery follower(long id, String eventId, String type, int attempts, OffsetDateTime receivedAt,
            String payload) {
        return new ClaimedDelivery(id, eventId, installationId, accountId, teamId, channelId, channelName, type,
                attempts,
                receivedAt, installationStatus, connected, needsAttention, tokenKeyId, tokenCiphertext, layout,
                language, digestEnabled, digestAfter, payload);
    }

    /** The bot token in clear, or null when no configured key opens it (logged without the token). */
    String token(TokenCipher cipher) {
        try {
            return cipher.decrypt(installationId, tokenKeyId, tokenCiphertext);
        } catch (RuntimeException e) {
            LOG.errorf("Delivery %d: the installation's token cannot be decrypted (%s)", id,
                    e.getClass().getSimpleName());
            return null;
        }
    }

    /** A row of the claim statement. */
    static ClaimedDelivery of(Row row) {
        Buffer token = row.getBuffer("token_ciphertext");
        return new ClaimedDelivery(row.getLong("id"), row.getString("event_id"), row.getUUID("installation_id"),
                row.getString("account_id"), row.getString("team_id"), row.getString("channel_id"),
                row.getString("channel_name"), row.getString("event_type"), row.getInteger("attempts"),
                row.getOffsetDateTime("received_at"),
                row.getString("installation_status"), row.getBoolean("connected"), row.getBoolean("needs_attention"),
                row.getString("token_key_id"),
                token == null ? null : token.getBytes(),
                Layout.fromWire(row.getString("layout")).orElse(Layout.MESSAGE_PER_EVENT),
                Language.fromWire(row.getString("locale")).orElse(Language.EN), row.getBoolean("digest_enabled"),
                row.getInteger("digest_after"), row.getString("payload"));
    }
}
