package com.certyneo.slack.installation;

import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import com.certyneo.slack.event.EventType;

/**
 * One Slack installation per Certyneo account. The bot token is stored only as AES-256-GCM
 * ciphertext ({@link #tokenCiphertext}, key id beside it); this class never holds it in clear.
 */
@Entity
@Table(name = "installation")
public class Installation {

    public static final String CONNECTED = "connected";
    public static final String REVOKED = "revoked";
    public static final String DISCONNECTED = "disconnected";

    public static final String HEALTH_OK = "ok";
    public static final String HEALTH_NEEDS_ATTENTION = "needs_attention";
    public static final String HEALTH_REVOKED = "revoked";

    @Id
    public UUID id;

    @Column(name = "account_id", nullable = false, unique = true)
    public String accountId;

    @Column(nullable = false)
    public String status;

    @Column(name = "team_id", nullable = false)
    public String teamId;

    @Column(name = "team_name")
    public String teamName;

    @Column(name = "bot_user_id")
    public String botUserId;

    @Column(name = "app_id")
    public String appId;

    public String scopes;

    @Column(name = "token_key_id")
    public String tokenKeyId;

    @Column(name = "token_ciphertext")
    public byte[] tokenCiphertext;

    @Column(name = "channel_id")
    public String channelId;

    @Column(name = "channel_name")
    public String channelName;

    /** Comma-separated ticked event types; see {@link #eventSet()}. */
    @Column(nullable = false)
    public String events;

    @Column(nullable = false)
    public String health;

    @Column(name = "health_reason")
    public String healthReason;

    @Column(name = "connected_at", nullable = false)
    public OffsetDateTime connectedAt;

    @Column(name = "updated_at", nullable = false)
    public OffsetDateTime updatedAt;

    /** {@code delivery.Layout} wire name. */
    @Column(nullable = false)
    public String layout;

    /** {@code message.Language} wire name of the messages. */
    @Column(nullable = false)
    public String locale;

    @Column(name = "digest_enabled", nullable = false)
    public boolean digestEnabled;

    /** Queued messages in a channel from which a burst is merged into digests (3–100). */
    @Column(name = "digest_after", nullable = false)
    public int digestAfter;

    public boolean isConnected() {
        return CONNECTED.equals(status) && tokenCiphertext != null;
    }

    public Set<String> eventSet() {
        if (events == null || events.isBlank()) {
            return Set.of();
        }
        return new LinkedHashSet<>(Arrays.asList(events.split(",")));
    }

    public void eventSet(Set<EventType> ticked) {
        this.events = EventType.stored(ticked);
    }

    public InstallationSettings settings() {
        return new InstallationSettings(layout, locale, new InstallationSettings.Digest(digestEnabled, digestAfter));
    }

    @Override
    public String toString() {
        // deliberately without the token columns
        return "Installation[id=" + id + ", account=" + accountId + ", team=" + teamId + ", status=" + status + "]";
    }
}
