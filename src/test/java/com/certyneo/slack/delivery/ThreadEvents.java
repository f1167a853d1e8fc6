package com.certyneo.slack.delivery;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.certyneo.slack.testsupport.FakeSlack;
import com.certyneo.slack.testsupport.Installations;
import com.certyneo.slack.testsupport.Webhooks;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The life of one envelope as Certyneo sends it (the fixture events with one envelope id): sent to three signers,
 * signed by each in turn, completed; and an account in the thread layout whose channel is its own.
 */
final class ThreadEvents {

    final String account = "acc_" + UUID.randomUUID();
    final String channel = Webhooks.channelOf(account);
    final String envelopeId = "env_" + UUID.randomUUID().toString().substring(0, 8);

    /** A connected account of the fake's workspace, with the thread layout (and {@code locale}). */
    static ThreadEvents threadLayout(String locale) {
        ThreadEvents events = new ThreadEvents();
        Installations.connected(events.account).team(FakeSlack.TEAM_ID, "Acme")
                .channel(events.channel, "signatures").layout("thread_per_envelope").locale(locale).insert();
        return events;
    }

    /** sent → Alice signed → Bob signed → Chloé signed → completed. */
    List<ObjectNode> lifecycle() {
        List<ObjectNode> all = new ArrayList<>();
        all.add(event("envelope.sent"));
        for (int k = 1; k <= 3; k++) {
            all.add(signed(k));
        }
        all.add(event("envelope.completed"));
        return all;
    }

    ObjectNode event(String type) {
        ObjectNode event = Webhooks.event(type, account);
        ((ObjectNode) event.path("data").path("envelope")).put("id", envelopeId);
        return event;
    }

    /** recipient.signed by the {@code k}-th signer: the first k have signed. */
    ObjectNode signed(int k) {
        ObjectNode event = event("recipient.signed");
        ArrayNode signers = (ArrayNode) event.path("data").path("envelope").path("signers");
        for (int i = 0; i < signers.size(); i++) {
            ObjectNode signer = (ObjectNode) signers.get(i);
            if (i < k) {
                signer.put("status", "signed").put("signed_at", "2026-11-26T1" + i + ":00:00Z");
            } else {
                signer.put("status", "pending").remove("signed_at");
            }
        }
        JsonNode who = signers.get(k - 1);
        ((ObjectNode) event.path("data").path("recipient")).put("id", who.path("id").asText())
                .put("name", who.path("name").asText());
        return event;
    }

    /** The section text of a message body (its first block). */
    static String section(JsonNode body) {
        return body.path("attachments").path(0).path("blocks").path(0).path("text").path("text").asText();
    }
}
