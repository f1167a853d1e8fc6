package com.certyneo.slack.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.certyneo.slack.event.EnvelopeEvent;
import com.certyneo.slack.event.EventType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * SPEC section 3 through the renderer's two entry points: an event as the delivery reads it from the stored
 * payload ({@link EnvelopeEvent#read}), and the admin test message.
 */
class MessageRendererTest {

    private static final String HOSTILE = "<!channel> <@U1> <http://x|y> & co";

    private final MessageRenderer renderer = new MessageRenderer();

    @Test
    void mentionsAndLinksInTitleNamesAndReasonAreShownAsTextNeverActedOn() {
        ObjectNode event = event("env_1", HOSTILE, signer("<@U2> Eve", "declined"));
        ObjectNode data = (ObjectNode) event.get("data");
        data.putObject("recipient").put("name", "<!here> Eve");
        data.put("decline_reason", "<https://evil.example|click me> & <!everyone>");

        ObjectNode message = render("envelope.declined", event);

        String section = section(message);
        assertThat(section).contains("&lt;!channel&gt; &lt;@U1&gt; &lt;http://x|y&gt; &amp; co")
                .contains("&lt;!here&gt; Eve")
                .contains("&lt;https://evil.example|click me&gt; &amp; &lt;!everyone&gt;");
        assertThat(message.get("text").asText()).contains("&lt;!channel&gt;").doesNotContain("<");
        // no raw "<" anywhere: Slack has nothing to turn into a mention or a link
        assertThat(section).doesNotContain("<").doesNotContain(">");
        assertThat(message.toString()).doesNotContain("<!").doesNotContain("<@").doesNotContain("<http");
    }

    @Test
    void everyEventTypeEscapesTheTitle() {
        for (String type : List.of("envelope.completed", "envelope.declined", "envelope.expired", "envelope.sent",
                "recipient.signed")) {
            ObjectNode event = event("env_1", HOSTILE, signer("Alice", "pending"));
            ((ObjectNode) event.get("data")).putObject("recipient").put("name", "Alice");
            ObjectNode message = render(type, event);
            assertThat(section(message)).as(type).contains("&lt;!channel&gt;").doesNotContain("<");
            assertThat(message.get("text").asText()).as(type).doesNotContain("<");
        }
    }

    @Test
    void signedCountIsSignersWithStatusSignedOverAllSigners() {
        ObjectNode event = event("env_1", "NDA", signer("A", "signed"), signer("B", "signed"), signer("C", "pending"),
                signer("D", "declined"));
        ((ObjectNode) event.get("data")).putObject("recipient").put("name", "B");

        assertThat(section(render("recipient.signed", event)))
                .isEqualTo("✍️ *B* just signed document *NDA* (2/4 signatures collected)");
    }

    @Test
    void expiredListsOnlyTheSignersWhoDidNotSignAndOffersResendForTheEnvelope() {
        ObjectNode event = event("env_42", "Lease", signer("Ann", "signed"), signer("Ben", "pending"),
                signer("Cid", "pending"));

        ObjectNode message = render("envelope.expired", event);

        assertThat(section(message)).endsWith("Missing signers: *Ben and Cid*").doesNotContain("Ann");
        JsonNode button = button(message);
        assertThat(button.get("action_id").asText()).isEqualTo("envelope.resend");
        assertThat(button.get("value").asText()).isEqualTo("env_42");
        assertThat(button.has("url")).isFalse();
    }

    @Test
    void longSignerListsEndWithAndNMore() {
        ObjectNode[] signers = new ObjectNode[25];
        for (int i = 0; i < signers.length; i++) {
            signers[i] = signer("Signer " + i, "pending");
        }
        String section = section(render("envelope.sent", event("env_1", "Big", signers)));

        assertThat(section).contains("Signer 9").doesNotContain("Signer 10").endsWith(" and 15 more*");
    }

    @Test
    void longValuesAreCutToSlackLimitsWithoutBreakingAnEscape() {
        String title = "&".repeat(5000);
        ObjectNode[] signers = new ObjectNode[60];
        for (int i = 0; i < signers.length; i++) {
            signers[i] = signer("N".repeat(500) + i, "pending");
        }
        ObjectNode event = event("env_1", title, signers);
        ((ObjectNode) event.get("data")).put("decline_reason", "<".repeat(10_000));
        ((ObjectNode) event.get("data")).putObject("recipient").put("name", "R".repeat(10_000));

        for (String type : List.of("envelope.completed", "envelope.declined", "envelope.expired", "envelope.sent",
                "recipient.signed")) {
            ObjectNode message = render(type, event);
            String section = section(message);
            assertThat(section.length()).as(type).isLessThanOrEqualTo(SlackText.SECTION_TEXT_MAX);
            assertThat(message.get("text").asText().length()).isLessThanOrEqualTo(SlackText.SECTION_TEXT_MAX);
            assertThat(section.replace("&amp;", "").replace("&lt;", "").replace("&gt;", "")).doesNotContain("&");
            assertThat(blocks(message).size()).isLessThanOrEqualTo(SlackText.BLOCKS_MAX);
        }
    }

    @Test
    void aValueCutBetweenTheHalvesOfAnEmojiKeepsNeitherHalf() {
        // the title is cut at 250 characters, which falls inside the first emoji
        String section = section(render("envelope.sent", event("env_1", "x".repeat(248) + "😀😀")));

        assertThat(section).isEqualTo("📤 Document *" + "x".repeat(248) + "…* sent to its signers");
    }

    @Test
    void proofButtonPointsAtTheProofPdfAndBadUrlsDropTheButtonInsteadOfBreakingTheMessage() {
        ObjectNode event = event("env_1", "NDA", signer("A", "signed"));
        ObjectNode envelope = (ObjectNode) event.get("data").get("envelope");
        envelope.put("proof_pdf_url", "https://app.certyneo.com/p.pdf");
        JsonNode button = button(render("envelope.completed", event));
        assertThat(button.get("text").get("text").asText()).isEqualTo("Download the eIDAS proof PDF");
        assertThat(button.get("url").asText()).isEqualTo("https://app.certyneo.com/p.pdf");

        envelope.put("proof_pdf_url", "javascript:alert(1)");
        assertThat(blocks(render("envelope.completed", event)).size()).isEqualTo(1);
        envelope.put("proof_pdf_url", "https://x.example/" + "a".repeat(3000));
        assertThat(blocks(render("envelope.completed", event)).size()).isEqualTo(1);
    }

    @Test
    void eachTypeHasItsColourBar() {
        ObjectNode event = event("env_1", "NDA", signer("A", "signed"));
        assertThat(color(render("envelope.completed", event))).isEqualTo("#2EB67D");
        assertThat(color(render("envelope.declined", event))).isEqualTo("#E01E5A");
        assertThat(color(render("envelope.expired", event))).isEqualTo("#ECB22E");
        assertThat(color(render("envelope.sent", event))).isEqualTo("#36C5F0");
        assertThat(color(render("recipient.signed", event))).isEqualTo("#7C3AED");
    }

    @Test
    void testMessageSaysItIsATestAndNamesTheAccount() {
        ObjectNode message = renderer.renderTest("acc_7Hq2", Language.EN);
        assertThat(message.get("text").asText()).contains("This is a test").contains("Certyneo account acc_7Hq2");
        assertThat(renderer.renderTest("<!channel>", Language.EN).toString()).doesNotContain("<!channel>");
    }

    @Test
    void everyMrkdwnTextIsVerbatimSoSlackLinksNothingInCertyneoData() {
        ObjectNode event = event("env_1", "see https://evil.example and #general", signer("A", "signed"));
        ((ObjectNode) event.get("data")).putObject("recipient").put("name", "A");
        for (String type : List.of("envelope.completed", "envelope.declined", "envelope.expired", "envelope.sent",
                "recipient.signed")) {
            JsonNode text = blocks(render(type, event)).get(0).get("text");
            assertThat(text.get("type").asText()).isEqualTo("mrkdwn");
            assertThat(text.get("verbatim").asBoolean()).as(type).isTrue();
        }
        assertThat(blocks(renderer.renderTest("acc_1", Language.EN)).get(0).at("/text/verbatim").asBoolean()).isTrue();
    }

    @Test
    void linkButtonsOnlyPointAtHttpsOnTheEnvelopesOwnHost() {
        ObjectNode event = event("env_1", "NDA", signer("A", "signed"));
        ObjectNode envelope = (ObjectNode) event.get("data").get("envelope");
        for (String proof : List.of("http://app.certyneo.com/p.pdf", "https://app.certyneo.com.evil.example/p.pdf",
                "https://evil.example/p.pdf", "https://app.certyneo.com@evil.example/p.pdf",
                "https://me@app.certyneo.com/p.pdf", "https://app.certyneo.com:8443/p.pdf", "/p.pdf",
                "javascript:alert(1)")) {
            envelope.put("proof_pdf_url", proof);
            assertThat(blocks(render("envelope.completed", event))).as(proof).hasSize(1);
        }
        envelope.put("proof_pdf_url", "https://APP.certyneo.com:443/envelopes/env_1/proof.pdf");
        assertThat(button(render("envelope.completed", event)).get("url").asText())
                .isEqualTo("https://APP.certyneo.com:443/envelopes/env_1/proof.pdf");

        // without a valid envelope URL there is no host to trust: no link button at all
        for (String url : List.of("http://app.certyneo.com/envelopes/env_1", "not a url", "")) {
            envelope.put("url", url);
            assertThat(blocks(render("envelope.completed", event))).as(url).hasSize(1);
            assertThat(blocks(render("envelope.declined", event))).as(url).hasSize(1);
        }
        envelope.remove("url");
        assertThat(blocks(render("envelope.declined", event))).hasSize(1);
        // the Re-send button has no URL: it stays
        assertThat(button(render("envelope.expired", event)).get("value").asText()).isEqualTo("env_1");
    }

    @Test
    void withoutRecipientTheSignerOfRecipientSignedIsTheOneWhoSignedLast() {
        ObjectNode event = event("env_1", "NDA", signer("Ann", "signed").put("signed_at", "2026-11-26T10:00:00Z"),
                signer("Ben", "signed").put("signed_at", "2026-11-26T12:00:00+01:00"),
                signer("Cid", "signed").put("signed_at", "2026-11-26T11:30:00Z"), signer("Dan", "pending"));

        assertThat(section(render("recipient.signed", event)))
                .isEqualTo("✍️ *Cid* just signed document *NDA* (3/4 signatures collected)");
        ((ObjectNode) event.get("data")).putObject("recipient").putNull("name");
        assertThat(section(render("recipient.signed", event))).startsWith("✍️ *Cid* just signed");
        ((ObjectNode) event.get("data")).putObject("recipient").put("name", "Ben");
        assertThat(section(render("recipient.signed", event))).startsWith("✍️ *Ben* just signed");
    }

    @Test
    void unknownSignersLeaveTheCountOutAndNamelessSignersAreASigner() {
        ObjectNode event = event("env_1", "NDA");
        ((ObjectNode) event.get("data").get("envelope")).put("signers", "three of them");
        assertThat(section(render("recipient.signed", event)))
                .isEqualTo("✍️ *A signer* just signed document *NDA*");
        assertThat(section(render("envelope.sent", event))).isEqualTo("📤 Document *NDA* sent to its signers");

        ObjectNode nameless = event("env_1", "NDA", signer("Ann", "pending"));
        ((ArrayNode) nameless.get("data").get("envelope").get("signers")).addObject().put("email", "bob@x.example")
                .put("status", "pending");
        assertThat(section(render("envelope.sent", nameless)))
                .isEqualTo("📤 Document *NDA* sent to *Ann and a signer*");
    }

    @Test
    void aDeclinedEventWithoutRecipientNamesTheSignerWhoDeclined() {
        ObjectNode event = event("env_1", null, signer("Ann", "signed"), signer("Ben", "declined"));
        assertThat(section(render("envelope.declined", event)))
                .isEqualTo("❌ Document *Untitled document* declined by *Ben*. No reason given.");
        ((ObjectNode) event.at("/data/envelope/signers/1")).remove("name");
        assertThat(section(render("envelope.declined", event))).contains("declined by *a signer*.");
    }

    /** The dispatcher's path: the stored body read as the typed event, then rendered. */
    private ObjectNode render(String type, ObjectNode body) {
        return renderer.render(EnvelopeEvent.read(EventType.fromWire(type).orElseThrow(), body), Language.EN);
    }

    static ObjectNode event(String envelopeId, String title, ObjectNode... signers) {
        ObjectNode event = JsonNodeFactory.instance.objectNode();
        ObjectNode envelope = event.putObject("data").putObject("envelope");
        envelope.put("id", envelopeId).put("title", title).put("url",
                "https://app.certyneo.com/envelopes/" + envelopeId);
        ArrayNode list = envelope.putArray("signers");
        for (ObjectNode s : signers) {
            list.add(s);
        }
        return event;
    }

    static ObjectNode signer(String name, String status) {
        return JsonNodeFactory.instance.objectNode().put("name", name).put("email", "x@example.com").put("status",
                status);
    }

    private static ArrayNode blocks(ObjectNode message) {
        return (ArrayNode) message.get("attachments").get(0).get("blocks");
    }

    private static String section(ObjectNode message) {
        return blocks(message).get(0).get("text").get("text").asText();
    }

    private static JsonNode button(ObjectNode message) {
        return blocks(message).get(1).get("elements").get(0);
    }

    private static String color(ObjectNode message) {
        return message.get("attachments").get(0).get("color").asText();
    }
}
