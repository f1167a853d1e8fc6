package com.certyneo.slack.installation;

import java.util.Optional;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.certyneo.slack.delivery.Layout;
import com.certyneo.slack.message.Language;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * How an installation's messages look in Slack (SPEC section 4, {@code settings}): {@code layout}
 * ({@link Layout} wire name), {@code locale} ({@link Language} wire name) and the burst {@code digest}.
 */
@RegisterForReflection
public record InstallationSettings(
        @Schema(enumeration = {
                "message_per_event", "thread_per_envelope"}, defaultValue = "message_per_event") String layout,
        @Schema(enumeration = {"en", "fr"}, defaultValue = "en") String locale,
        Digest digest){

    public static final int DIGEST_AFTER_MIN = 3;
    public static final int DIGEST_AFTER_MAX = 100;

    @RegisterForReflection
    public record Digest(@Schema(defaultValue = "false") boolean enabled,
            @Schema(minimum = "3", maximum = "100", defaultValue = "10") int after) {
    }

    /** A partial update: an empty field keeps the stored value. */
    public record Change(Optional<Layout> layout, Optional<Language> locale, Optional<Boolean> digestEnabled,
            Optional<Integer> digestAfter) {

        void applyTo(Installation installation) {
            layout.ifPresent(l -> installation.layout = l.wire());
            locale.ifPresent(l -> installation.locale = l.wire());
            digestEnabled.ifPresent(e -> installation.digestEnabled = e);
            digestAfter.ifPresent(a -> installation.digestAfter = a);
        }
    }
}
