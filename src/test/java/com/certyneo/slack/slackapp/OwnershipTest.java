package com.certyneo.slack.slackapp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.certyneo.slack.message.Language;
import com.certyneo.slack.slackapp.Ownership.Candidate;

class OwnershipTest {

    private static Candidate installation(String account, String status, String channel, boolean owns) {
        return new Candidate(UUID.randomUUID(), account, status, channel, owns);
    }

    @Test
    void aWorkspaceWithoutInstallationIsRefusedAsUnknown() {
        assertThat(Ownership.decide(List.of(), "C1").refusal()).isEqualTo(Ownership.UNKNOWN_TEAM);
    }

    @Test
    void aRevokedInstallationMayNotActEvenOnItsOwnEnvelope() {
        var decision = Ownership.decide(List.of(installation("acc_1", "revoked", "C1", true)), "C1");
        assertThat(decision.allowed()).isFalse();
        assertThat(decision.refusal()).isEqualTo(Ownership.NOT_CONNECTED);
    }

    @Test
    void aConnectedInstallationMayNotActOnAnotherAccountsEnvelope() {
        var decision = Ownership.decide(List.of(installation("acc_1", "connected", "C1", false)), "C1");
        assertThat(decision.refusal()).isEqualTo(Ownership.FOREIGN_ENVELOPE);
    }

    @Test
    void theConnectedInstallationWhoseAccountOwnsTheEnvelopeActs() {
        Candidate owner = installation("acc_2", "connected", "C2", true);
        var decision = Ownership.decide(List.of(installation("acc_1", "connected", "C1", false), owner), "C1");
        assertThat(decision.installation()).isEqualTo(owner);
    }

    @Test
    void whenTwoAccountsOfTheWorkspaceOwnTheEnvelopeTheOnePostingInTheClickedChannelActs() {
        Candidate other = installation("acc_1", "connected", "C1", true);
        Candidate clicked = installation("acc_2", "connected", "C2", true);
        assertThat(Ownership.decide(List.of(other, clicked), "C2").installation()).isEqualTo(clicked);
    }

    @Test
    void anEnvelopeOwnedOnlyByADisconnectedAccountIsRefusedAsNotConnected() {
        var decision = Ownership.decide(List.of(installation("acc_1", "connected", "C1", false),
                installation("acc_2", "disconnected", "C2", true)), "C2");
        assertThat(decision.refusal()).isEqualTo(Ownership.NOT_CONNECTED);
    }

    @Test
    void theReplyIsInTheLanguageOfTheInstallationThatActs() {
        Candidate french = new Candidate(UUID.randomUUID(), "acc_2", "connected", "C2", true, Language.FR);
        var decision = Ownership.decide(List.of(installation("acc_1", "connected", "C1", false), french), "C1");
        assertThat(decision.language()).isEqualTo(Language.FR);
    }

    @Test
    void aRefusalIsInTheLanguageOfTheInstallationPostingInTheClickedChannelElseOfTheWholeTeamElseEnglish() {
        Candidate frenchHere = new Candidate(UUID.randomUUID(), "acc_1", "revoked", "C1", true, Language.FR);
        Candidate englishThere = new Candidate(UUID.randomUUID(), "acc_2", "connected", "C2", false, Language.EN);
        assertThat(Ownership.decide(List.of(englishThere, frenchHere), "C1").language()).isEqualTo(Language.FR);
        assertThat(Ownership.decide(List.of(englishThere, frenchHere), "C2").language()).isEqualTo(Language.EN);

        Candidate frenchThere = new Candidate(UUID.randomUUID(), "acc_3", "connected", "C3", false, Language.FR);
        var allFrench = Ownership.decide(List.of(frenchHere, frenchThere), "C9");
        assertThat(allFrench.refusal()).isEqualTo(Ownership.NOT_CONNECTED);
        assertThat(allFrench.language()).isEqualTo(Language.FR);
        assertThat(Ownership.decide(List.of(frenchThere, englishThere), "C9").language()).isEqualTo(Language.EN);
        assertThat(Ownership.decide(List.of(), "C1").language()).isEqualTo(Language.EN);
    }
}
