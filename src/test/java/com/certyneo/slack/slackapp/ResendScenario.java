package com.certyneo.slack.slackapp;

import static org.awaitility.Awaitility.await;

import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;

import com.certyneo.slack.slackapp.ResendData.Audit;
import com.certyneo.slack.testsupport.FakeCertyneo;
import com.certyneo.slack.testsupport.FakeSlackHooks;
import com.certyneo.slack.testsupport.FakeSlackHooks.Hook;

import io.smallrye.faulttolerance.api.CircuitBreakerMaintenance;
import io.vertx.mutiny.sqlclient.Pool;

/**
 * What every Re-send test starts from: a connected installation of a fresh workspace and account, an
 * envelope.expired event of that account naming a fresh envelope, fakes reset, circuits closed.
 */
abstract class ResendScenario {

    static final Duration WAIT = Duration.ofSeconds(20);

    @Inject
    Pool pool;

    @Inject
    CircuitBreakerMaintenance circuits;

    ResendData data;
    FakeCertyneo certyneo;
    FakeSlackHooks slack;
    String team;
    String account;
    String envelope;

    @BeforeEach
    void setUpScenario() {
        data = new ResendData(pool);
        certyneo = FakeCertyneo.get();
        certyneo.reset();
        slack = FakeSlackHooks.get();
        slack.reset();
        // a circuit opened by an earlier test would hide what this one does
        circuits.resetAll();
        team = ResendData.slackId('T');
        account = ResendData.unique("acc_");
        envelope = ResendData.unique("env_");
        data.installation(account, team, "connected");
        data.expiredEvent(account, envelope);
    }

    /** The click's audit row once it is completed. */
    Audit awaitOutcome(String envelopeId) {
        return await().atMost(WAIT).until(() -> data.audit(envelopeId),
                rows -> rows.size() == 1 && rows.get(0).completed()).get(0);
    }

    /** The one reply posted to {@code responseUrl}. */
    Hook awaitReply(String responseUrl) {
        return await().atMost(WAIT).until(() -> slack.hooks(responseUrl), hooks -> hooks.size() == 1).get(0);
    }
}
