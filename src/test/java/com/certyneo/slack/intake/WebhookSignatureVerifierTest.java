package com.certyneo.slack.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.certyneo.slack.intake.WebhookSignatureVerifier.Result;
import com.certyneo.slack.platform.WebhookSecrets;
import com.certyneo.slack.testsupport.Webhooks;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The Standard Webhooks check on its own, without Quarkus; the clock is pinned per test. */
class WebhookSignatureVerifierTest {

    private static final String OTHER_SECRET = "whsec_" + Base64.getEncoder()
            .encodeToString("another-secret-of-thirty-two-byt".getBytes(StandardCharsets.UTF_8));
    private static final JsonNode VECTOR = vector();
    private static final String SECRET = VECTOR.get("secret").asText();
    private static final String ID = VECTOR.get("webhook-id").asText();
    private static final String TIMESTAMP = VECTOR.get("webhook-timestamp").asText();
    private static final byte[] BODY = VECTOR.get("body").asText().getBytes(StandardCharsets.UTF_8);
    private static final String SIGNATURE = VECTOR.get("expected-signature").asText();

    @Test
    void theSpecTestVectorVerifies() {
        assertThat(verifier(List.of(SECRET), 0).verify(ID, TIMESTAMP, SIGNATURE, BODY)).isEqualTo(Result.VALID);
        assertThat(WebhookSignatureVerifier.sign(SECRET, ID, TIMESTAMP, BODY)).isEqualTo(SIGNATURE);
    }

    @Test
    void aSignatureMadeWithTheSecondSecretIsAcceptedDuringRotation() {
        String signature = WebhookSignatureVerifier.sign(OTHER_SECRET, ID, TIMESTAMP, BODY);
        assertThat(verifier(List.of(SECRET, OTHER_SECRET), 0).verify(ID, TIMESTAMP, signature, BODY))
                .isEqualTo(Result.VALID);
    }

    @Test
    void anyOfSeveralSignaturesInOneHeaderMayMatch() {
        String unknown = WebhookSignatureVerifier.sign(OTHER_SECRET, ID, TIMESTAMP, BODY);
        String header = unknown + " v2,bm90LWEtdjEtc2lnbmF0dXJl v1,!!notbase64 " + SIGNATURE;
        assertThat(verifier(List.of(SECRET), 0).verify(ID, TIMESTAMP, header, BODY)).isEqualTo(Result.VALID);
    }

    @Test
    void aSignatureMadeWithAnUnknownSecretIsRefused() {
        String signature = WebhookSignatureVerifier.sign(OTHER_SECRET, ID, TIMESTAMP, BODY);
        assertThat(verifier(List.of(SECRET), 0).verify(ID, TIMESTAMP, signature, BODY))
                .isEqualTo(Result.NO_MATCHING_SIGNATURE);
    }

    @Test
    void anyChangeToIdTimestampOrBodyBreaksTheSignature() {
        WebhookSignatureVerifier verifier = verifier(List.of(SECRET), 0);
        byte[] changed = BODY.clone();
        changed[10] ^= 1;
        assertThat(verifier.verify(ID, TIMESTAMP, SIGNATURE, changed)).isEqualTo(Result.NO_MATCHING_SIGNATURE);
        assertThat(verifier.verify(ID + "x", TIMESTAMP, SIGNATURE, BODY)).isEqualTo(Result.NO_MATCHING_SIGNATURE);
        String nextSecond = String.valueOf(Long.parseLong(TIMESTAMP) + 1);
        assertThat(verifier.verify(ID, nextSecond, SIGNATURE, BODY)).isEqualTo(Result.NO_MATCHING_SIGNATURE);
    }

    @Test
    void timestampsUpToThreeHundredSecondsAwayAreAcceptedEitherWay() {
        assertThat(verifier(List.of(SECRET), 300).verify(ID, TIMESTAMP, SIGNATURE, BODY)).isEqualTo(Result.VALID);
        assertThat(verifier(List.of(SECRET), -300).verify(ID, TIMESTAMP, SIGNATURE, BODY)).isEqualTo(Result.VALID);
    }

    @Test
    void aStaleTimestampIsRefusedEvenWithAValidSignature() {
        assertThat(verifier(List.of(SECRET), 301).verify(ID, TIMESTAMP, SIGNATURE, BODY))
                .isEqualTo(Result.TIMESTAMP_OUT_OF_WINDOW);
    }

    @Test
    void aFutureTimestampIsRefusedEvenWithAValidSignature() {
        assertThat(verifier(List.of(SECRET), -301).verify(ID, TIMESTAMP, SIGNATURE, BODY))
                .isEqualTo(Result.TIMESTAMP_OUT_OF_WINDOW);
    }

    @Test
    void missingOrBlankHeadersAreRefused() {
        WebhookSignatureVerifier verifier = verifier(List.of(SECRET), 0);
        assertThat(verifier.verify(null, TIMESTAMP, SIGNATURE, BODY)).isEqualTo(Result.MISSING_HEADERS);
        assertThat(verifier.verify(ID, null, SIGNATURE, BODY)).isEqualTo(Result.MISSING_HEADERS);
        assertThat(verifier.verify(ID, TIMESTAMP, null, BODY)).isEqualTo(Result.MISSING_HEADERS);
        assertThat(verifier.verify(ID, TIMESTAMP, " ", BODY)).isEqualTo(Result.MISSING_HEADERS);
    }

    @Test
    void aTimestampThatIsNotUnixSecondsIsRefused() {
        WebhookSignatureVerifier verifier = verifier(List.of(SECRET), 0);
        assertThat(verifier.verify(ID, "2026-11-26T11:40:01Z", SIGNATURE, BODY)).isEqualTo(Result.INVALID_TIMESTAMP);
        assertThat(verifier.verify(ID, "-1764152401", SIGNATURE, BODY)).isEqualTo(Result.INVALID_TIMESTAMP);
        assertThat(verifier.verify(ID, "99999999999999999999", SIGNATURE, BODY)).isEqualTo(Result.INVALID_TIMESTAMP);
    }

    @Test
    void aHeaderWithoutAnyV1EntryMatchesNothing() {
        assertThat(verifier(List.of(SECRET), 0).verify(ID, TIMESTAMP, "v1a," + SIGNATURE.substring(3), BODY))
                .isEqualTo(Result.NO_MATCHING_SIGNATURE);
    }

    @Test
    void aMalformedSecretIsReportedByPositionWithoutItsValue() {
        assertThatThrownBy(() -> verifier(List.of(SECRET, "whsec_not*base64"), 0))
                .hasMessageContaining("#2")
                .hasMessageNotContaining("not*base64");
        assertThat(verifier(List.of(SECRET), 0).toString()).doesNotContain(SECRET.substring(6));
    }

    @Test
    void aSecretWhoseKeyIsShorterThan24BytesIsRefusedByPositionWithoutItsValue() {
        String weak = "whsec_" + Base64.getEncoder()
                .encodeToString("only-23-bytes-of-secret".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> verifier(List.of(SECRET, weak), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("#2").hasMessageContaining("CERTYNEO_WEBHOOK_SECRETS")
                .hasMessageContaining("24 bytes")
                .hasMessageNotContaining(weak.substring(6));
        assertThat(WebhookSecrets.weakness(weak, 2)).hasValueSatisfying(
                reason -> assertThat(reason).contains("#2").doesNotContain(weak.substring(6)));
        String just24 = "whsec_" + Base64.getEncoder()
                .encodeToString("exactly-24-bytes-secret!".getBytes(StandardCharsets.UTF_8));
        assertThat(WebhookSecrets.weakness(just24, 1)).isEmpty();
        assertThat(verifier(List.of(just24), 0)).isNotNull();
    }

    private static WebhookSignatureVerifier verifier(List<String> secrets, long secondsAfterTimestamp) {
        Instant now = Instant.ofEpochSecond(Long.parseLong(TIMESTAMP) + secondsAfterTimestamp);
        return new WebhookSignatureVerifier(secrets, Duration.ofSeconds(300), Clock.fixed(now, ZoneOffset.UTC));
    }

    private static JsonNode vector() {
        try (InputStream in = WebhookSignatureVerifierTest.class
                .getResourceAsStream("/fixtures/signature-vector.json")) {
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
