package com.certyneo.slack.local.sandbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The stand-in workspace's public channels: a few named ones (the bot is in some, not in #hr-onboarding, and
 * #old-deals is archived), then generated team channels, so that conversations.list spans several pages and the
 * settings component's picker has to search.
 */
final class SandboxChannels {

    /** One public channel; membership changes when someone invites the bot. */
    static final class Channel {
        final String id;
        final String name;
        final boolean archived;
        volatile boolean member;

        Channel(String id, String name, boolean member, boolean archived) {
            this.id = id;
            this.name = name;
            this.member = member;
            this.archived = archived;
        }
    }

    static final String NOT_MEMBER = "hr-onboarding";

    private static final String[] TEAMS = {"sales", "deals", "legal", "finance", "ops", "support", "hr", "marketing",
            "partners", "procurement", "eng"};
    private static final String[] PLACES = {"paris", "lyon", "lille", "nantes", "berlin", "munich", "london",
            "madrid", "milan", "brussels", "geneva", "amsterdam", "lisbon", "dublin", "warsaw", "prague", "vienna",
            "oslo", "zurich", "porto"};

    private SandboxChannels() {
    }

    static List<Channel> create(int generated) {
        List<Channel> channels = new ArrayList<>();
        channels.add(new Channel("C0SBXGENERAL", "general", true, false));
        channels.add(new Channel("C0SBXCONTRACT", "contracts", true, false));
        channels.add(new Channel("C0SBXSALES", "sales", true, false));
        channels.add(new Channel("C0SBXLEGAL", "legal-team", true, false));
        channels.add(new Channel("C0SBXHRONBRD", NOT_MEMBER, false, false));
        channels.add(new Channel("C0SBXOLDDEAL", "old-deals", false, true));
        for (int i = 0; i < generated; i++) {
            String team = TEAMS[i % TEAMS.length];
            String place = PLACES[(i / TEAMS.length) % PLACES.length];
            int round = i / (TEAMS.length * PLACES.length);
            String name = team + "-" + place + (round == 0 ? "" : "-" + (round + 1));
            channels.add(new Channel(String.format(Locale.ROOT, "C0SBX%05d", i), name, false, false));
        }
        return channels;
    }
}
