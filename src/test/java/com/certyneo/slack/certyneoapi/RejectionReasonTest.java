package com.certyneo.slack.certyneoapi;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RejectionReasonTest {

    @Test
    void problemJsonDetailIsTheReason() {
        assertThat(RejectionReason.from(409, "{\"title\":\"Conflict\",\"detail\":\"Envelope env_1 is completed\"}"))
                .isEqualTo("Envelope env_1 is completed");
    }

    @Test
    void nestedErrorMessageIsTheReason() {
        assertThat(RejectionReason.from(422, "{\"error\":{\"code\":\"x\",\"message\":\"Signer list is empty\"}}"))
                .isEqualTo("Signer list is empty");
    }

    @Test
    void withoutUsableBodyTheStatusIsToldInWords() {
        assertThat(RejectionReason.from(404, "")).isEqualTo("the envelope was not found");
        assertThat(RejectionReason.from(409, "<html><body>Conflict</body></html>"))
                .isEqualTo("the envelope cannot be re-sent in its current state");
    }

    @Test
    void longReasonsAreCut() {
        String reason = RejectionReason.from(400, "{\"detail\":\"" + "x".repeat(1000) + "\"}");
        assertThat(reason).hasSize(RejectionReason.MAX_LENGTH).endsWith("…");
    }
}
