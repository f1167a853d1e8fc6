package com.certyneo.slack.slackapp;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Decides whether a click may act, from the installations of the clicking workspace. A workspace
 * may be connected to several Certyneo accounts; the envelope must belong to (have appeared in an
 * event of) one whose installation is connected.
 */
final class Ownership {

    /** One installation of the clicking team, and whether its account has seen the envelope. */
    record Candidate(UUID installationId, String accountId, String status, String channelId, boolean ownsEnvelope) {

        boolean connected() {
            return "connected".equals(status);
        }
    }

    /** Either the installation to act for, or the refusal outcome. */
    record Decision(Candidate installation, String refusal) {

        static Decision act(Candidate candidate) {
            return new Decision(candidate, null);
        }

        static Decision refuse(String outcome) {
            return new Decision(null, outcome);
        }

        boolean allowed() {
            return installation != null;
        }
    }

    static final String UNKNOWN_TEAM = "refused_unknown_team";
    static final String NOT_CONNECTED = "refused_not_connected";
    static final String FOREIGN_ENVELOPE = "refused_foreign_envelope";

    private Ownership() {
    }

    static Decision decide(List<Candidate> candidates, String channelId) {
        if (candidates.isEmpty()) {
            return Decision.refuse(UNKNOWN_TEAM);
        }
        Optional<Candidate> owner = candidates.stream()
                .filter(c -> c.connected() && c.ownsEnvelope())
                // the installation posting in the clicked channel first, when the team has several
                .min(Comparator.comparing(c -> !Objects.equals(c.channelId(), channelId)));
        if (owner.isPresent()) {
            return Decision.act(owner.get());
        }
        boolean ownedByDisconnected = candidates.stream().anyMatch(Candidate::ownsEnvelope);
        boolean anyConnected = candidates.stream().anyMatch(Candidate::connected);
        if (ownedByDisconnected || !anyConnected) {
            return Decision.refuse(NOT_CONNECTED);
        }
        return Decision.refuse(FOREIGN_ENVELOPE);
    }
}
