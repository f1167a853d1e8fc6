package com.certyneo.slack.admin;

import java.util.Arrays;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import com.certyneo.slack.delivery.Layout;
import com.certyneo.slack.installation.InstallationSettings;
import com.certyneo.slack.message.Language;
import com.certyneo.slack.platform.ProblemException;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * The body of {@code PUT …/slack/settings} (SPEC section 4), read by hand rather than bound: a partial update must
 * tell a key that is absent (keep the stored value) from one that is null or unknown (400 naming it), which a
 * bound record cannot.
 */
final class SettingsRequest {

    private static final Set<String> KEYS = Set.of("layout", "locale", "digest");
    private static final Set<String> DIGEST_KEYS = Set.of("enabled", "after");

    private SettingsRequest() {
    }

    static InstallationSettings.Change read(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ProblemException.badRequest("body", "body must be a JSON object such as {\"locale\": \"fr\"}.");
        }
        refuseUnknown(body, KEYS, "");
        Optional<Layout> layout = text(body, "layout", "layout").map(name -> Layout.fromWire(name)
                .orElseThrow(() -> oneOf("layout", Arrays.stream(Layout.values()).map(Layout::wire))));
        Optional<Language> locale = text(body, "locale", "locale").map(name -> Language.fromWire(name)
                .orElseThrow(() -> oneOf("locale", Arrays.stream(Language.values()).map(Language::wire))));
        Optional<Boolean> enabled = Optional.empty();
        Optional<Integer> after = Optional.empty();
        if (body.has("digest")) {
            JsonNode digest = body.get("digest");
            if (!digest.isObject()) {
                throw ProblemException.badRequest("digest",
                        "digest must be an object such as {\"enabled\": true, \"after\": 10}.");
            }
            refuseUnknown(digest, DIGEST_KEYS, "digest.");
            if (digest.has("enabled")) {
                if (!digest.get("enabled").isBoolean()) {
                    throw ProblemException.badRequest("digest.enabled", "digest.enabled must be true or false.");
                }
                enabled = Optional.of(digest.get("enabled").booleanValue());
            }
            if (digest.has("after")) {
                JsonNode n = digest.get("after");
                if (!n.canConvertToExactIntegral() || !n.canConvertToInt()
                        || n.intValue() < InstallationSettings.DIGEST_AFTER_MIN
                        || n.intValue() > InstallationSettings.DIGEST_AFTER_MAX) {
                    throw ProblemException.badRequest("digest.after", "digest.after must be a whole number from "
                            + InstallationSettings.DIGEST_AFTER_MIN + " to " + InstallationSettings.DIGEST_AFTER_MAX
                            + ".");
                }
                after = Optional.of(n.intValue());
            }
        }
        return new InstallationSettings.Change(layout, locale, enabled, after);
    }

    private static Optional<String> text(JsonNode body, String key, String field) {
        if (!body.has(key)) {
            return Optional.empty();
        }
        JsonNode value = body.get(key);
        if (!value.isTextual()) {
            throw ProblemException.badRequest(field, field + " must be a string.");
        }
        return Optional.of(value.textValue());
    }

    private static void refuseUnknown(JsonNode object, Set<String> known, String prefix) {
        for (Iterator<String> names = object.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!known.contains(name)) {
                // the key is named cut and without its value: it is the caller's text, not ours
                String shown = prefix + (name.length() > 60 ? name.substring(0, 60) : name);
                throw ProblemException.badRequest(shown, shown + " is not a setting; known: "
                        + known.stream().sorted().map(k -> prefix + k).collect(Collectors.joining(", ")) + ".");
            }
        }
    }

    private static ProblemException oneOf(String field, java.util.stream.Stream<String> allowed) {
        return ProblemException.badRequest(field,
                field + " must be one of " + allowed.collect(Collectors.joining(", ")) + ".");
    }
}
