package com.certyneo.slack.slackapp;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

class SlackSignatureVerifierTest {

    static final String SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
    static final String BODY = "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&command=%2Fhelp";
    static final long NOW = 1_531_420_618L;

    private final SlackSignatureVerifier verifier = new SlackSignatureVerifier(SECRET,
            Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC));

    @Test
    void matchesSlacksDocumentedExample() {
        // https://api.slack.com/authentication/verifying-requests-from-slack (the documented example)
        String body = "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V"
                + "&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text="
                + "&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN"
                + "&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
        assertThat(verifier.verify("1531420618",
                "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503", body)).isTrue();
    }

    @Test
    void acceptsAValidSignature() {
        String ts = String.valueOf(NOW - 10);
        assertThat(verifier.verify(ts, SlackSignatureVerifier.sign(SECRET, ts, BODY), BODY)).isTrue();
    }

    @Test
    void rejectsASignatureMadeWithAnotherSecret() {
        String ts = String.valueOf(NOW);
        assertThat(verifier.verify(ts, SlackSignatureVerifier.sign("another-secret", ts, BODY), BODY)).isFalse();
    }

    @Test
    void rejectsAnAlteredBody() {
        String ts = String.valueOf(NOW);
        assertThat(verifier.verify(ts, SlackSignatureVerifier.sign(SECRET, ts, BODY), BODY + "&admin=true")).isFalse();
    }

    @Test
    void rejectsAStaleTimestampEvenWhenCorrectlySigned() {
        String ts = String.valueOf(NOW - 301);
        assertThat(verifier.verify(ts, SlackSignatureVerifier.sign(SECRET, ts, BODY), BODY)).isFalse();
        String edge = String.valueOf(NOW - 300);
        assertThat(verifier.verify(edge, SlackSignatureVerifier.sign(SECRET, edge, BODY), BODY)).isTrue();
    }

    @Test
    void rejectsATimestampFromTheFuture() {
        String ts = String.valueOf(NOW + 301);
        assertThat(verifier.verify(ts, SlackSignatureVerifier.sign(SECRET, ts, BODY), BODY)).isFalse();
    }

    @Test
    void rejectsMalformedHeaders() {
        String ts = String.valueOf(NOW);
        String good = SlackSignatureVerifier.sign(SECRET, ts, BODY);
        assertThat(verifier.verify(ts, good.substring(3), BODY)).as("without v0=").isFalse();
        assertThat(verifier.verify(ts, "v1=" + good.substring(3), BODY)).as("other version").isFalse();
        assertThat(verifier.verify(ts, good.toUpperCase(), BODY)).as("not lower-case hex").isFalse();
        assertThat(verifier.verify(ts, good.substring(0, good.length() - 2), BODY)).as("truncated").isFalse();
        assertThat(verifier.verify("yesterday", good, BODY)).as("timestamp not a number").isFalse();
        assertThat(verifier.verify(ts, "", BODY)).as("empty").isFalse();
    }

    @Test
    void rejectsMissingHeaders() {
        String ts = String.valueOf(NOW);
        String good = SlackSignatureVerifier.sign(SECRET, ts, BODY);
        assertThat(verifier.verify(null, good, BODY)).isFalse();
        assertThat(verifier.verify(ts, null, BODY)).isFalse();
        assertThat(verifier.verify(ts, good, (String) null)).isFalse();
    }
}
