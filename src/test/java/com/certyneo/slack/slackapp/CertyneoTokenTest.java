package com.certyneo.slack.slackapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.certyneo.slack.testsupport.FakeCertyneo;
import com.certyneo.slack.testsupport.FakeCertyneo.IssuedToken;
import com.certyneo.slack.testsupport.FakeCertyneo.ResendCall;
import com.certyneo.slack.testsupport.FakeSlackHooks;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * The Certyneo client-credentials token: fetched once and shared by every click, fetched again once
 * it expires. Runs in an application of its own (a distinct profile) so that no token is cached from
 * another test class.
 */
@QuarkusTest
@TestProfile(CertyneoTokenTest.FreshTokenCache.class)
class CertyneoTokenTest {

    /** The same configuration; only a distinct application, hence an empty token cache. */
    public static class FreshTokenCache implements QuarkusTestProfile {
    }

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    Pool pool;

    @Test
    void anExpiredTokenIsReplacedAndTenClicksThenCauseOneTokenRequest() {
        FakeCertyneo certyneo = FakeCertyneo.get();
        certyneo.reset();
        FakeSlackHooks.get().reset();
        ResendData data = new ResendData(pool);
        String team = ResendData.slackId('T');
        String account = ResendData.unique("acc_");
        data.installation(account, team, "connected");
        // the first token lives 3 s, the next ones an hour
        certyneo.nextTokenLifetimes(Duration.ofSeconds(3));

        String first = click(data, team, account);
        await().atMost(WAIT).until(() -> completed(data, first));
        assertThat(certyneo.tokenRequests()).hasSize(1);
        IssuedToken shortLived = certyneo.tokenRequests().get(0);
        // from now on the fake refuses that token, as Certyneo would
        await().atMost(WAIT).until(() -> Instant.now().isAfter(shortLived.expiresAt().plusMillis(100)));

        List<String> envelopes = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            envelopes.add(click(data, team, account));
        }
        await().atMost(WAIT).until(() -> envelopes.stream().allMatch(e -> completed(data, e)));

        List<IssuedToken> tokens = certyneo.tokenRequests();
        assertThat(tokens).hasSize(2);
        List<ResendCall> calls = certyneo.resendCalls();
        assertThat(calls).hasSize(11).allMatch(call -> call.status() == 200);
        assertThat(calls).filteredOn(call -> call.envelopeId().equals(first)).extracting(ResendCall::bearer)
                .containsExactly(shortLived.accessToken());
        assertThat(calls).filteredOn(call -> envelopes.contains(call.envelopeId())).extracting(ResendCall::bearer)
                .hasSize(10).containsOnly(tokens.get(1).accessToken());
        assertThat(envelopes).allMatch(e -> data.audit(e).get(0).outcome().equals("resent"));
    }

    private static String click(ResendData data, String team, String account) {
        String envelope = ResendData.unique("env_");
        data.expiredEvent(account, envelope);
        Clicks.resend(team, "U0ALICE", envelope, FakeSlackHooks.get().newResponseUrl(team)).then().statusCode(200);
        return envelope;
    }

    private static boolean completed(ResendData data, String envelope) {
        var rows = data.audit(envelope);
        return rows.size() == 1 && rows.get(0).completed();
    }
}
