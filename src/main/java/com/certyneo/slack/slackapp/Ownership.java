package com.certyneo.slack.slackapp;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

import com.certyneo.slack.message.Language;

/**
 * Decides whether a click may act, from the installations of the clicking workspace. A workspace
 * may be connected to several Certyneo accounts; the envelope must belong to (have appeared in an
 * event of) one whose installation is connected.
 */
final class Ownership {

    /** One installation of the clicking team, its locale, and whether its account has seen the envelope. */
    record Candidate(UUID installationId, String accountId, String status, String channelId, boolean ownsEnvelope,
            Language language) {

        /** An installation with the default locale. */
        Candidate(UUID installationId, String accountId, String status, String channelId, boolean ownsEnvelope) {
            this(installationId, accountId, status, channelId, ownsEnvelope, Language.EN);
        }

        boolean connected() {
            return "connected".equals(status);
        }
    }

    /** Either the installation to act for, or the refusal outcome; and the language to answer the click in. */
    record Decision(Candidate installation, String refusal, Language language) {

        static Decision act(Candidate candidate) {
            return new Decision(candidate, null, candidate.language());
        }

        static Decision refuse(String outcome, Language language) {
            return new Decision(null, outcome, language);
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
            return Decision.refuse(UNKNOWN_TEAM, Language.EN);
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
        Language language = refusalLanguage(candidates, channelId);
        if (ownedByDisconnected || !anyConnected) {
            return Decision.refuse(NOT_CONNECTED, language);
        }
        return Decision.refuse(FOREIGN_ENVELOPE, language);
    }

    /**
     * No installation acts: the one posting in the clicked channel says how that channel reads; else the team's
     * installations if they all agree; else the default, English.
     */
    private static Language refusalLanguage(List<Candidate> candidates, String channelId) {
        Optional<Candidate> inChannel = candidates.stream().filter(c -> Objects.equals(c.channelId(), channelId))
                .findFirst();
        if (inChannel.isPresent()) {
            return inChannel.get().language();
        }
        List<Language> all = candidates.stream().map(Candidate::language).distinct().toList();
        return all.size() == 1 ? all.get(0) : Language.EN;
    }
}
