package com.certyneo.slack.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** One owner per table: every statement writing a table is in its owner's source, and nowhere else. */
class TableOwnersTest {

    private static final Path MAIN = Path.of("src/main/java/com/certyneo/slack");
    private static final Map<String, String> OWNERS = Map.ofEntries(
            Map.entry("installation", "installation/InstallationRepository.java"),
            Map.entry("installation_route", "installation/InstallationRoutes.java"),
            // the intake's statement, then the queue's (erasure) and retention's
            Map.entry("webhook_event", "delivery/IntakeSql.java,delivery/QueueSql.java"),
            // the delivery package writes its tables through one statement class per feature: intake, claims, queue,
            // held, digest
            Map.entry("delivery", "delivery/ClaimSql.java,delivery/DigestSql.java,delivery/HoldSql.java,"
                    + "delivery/IntakeSql.java,delivery/QueueSql.java"),
            Map.entry("channel_hold", "delivery/HoldSql.java"),
            Map.entry("delivery_attempt", "delivery/DigestSql.java,delivery/QueueSql.java"),
            Map.entry("channel_pace", "delivery/PaceSql.java"),
            Map.entry("oauth_state", "slackapp/OAuthStates.java"),
            Map.entry("interaction_audit", "slackapp/InteractionStore.java"),
            Map.entry("slack_event_receipt", "slackapp/SlackEvents.java"),
            Map.entry("thread_root", "delivery/ThreadSql.java"));
    private static final Pattern WRITE = Pattern
            .compile("(?i)\\b(?:insert\\s+into|update|delete\\s+from)\\s+([a-z_]+)\\b");

    @Test
    void everyTableIsWrittenByItsOwnerOnly() throws IOException {
        Map<String, TreeSet<String>> writers = new TreeMap<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                Matcher m = WRITE.matcher(Files.readString(file));
                while (m.find()) {
                    String table = m.group(1).toLowerCase();
                    if (OWNERS.containsKey(table)) {
                        writers.computeIfAbsent(table, t -> new TreeSet<>())
                                .add(MAIN.relativize(file).toString().replace('\\', '/'));
                    }
                }
            }
        }
        assertThat(writers.keySet()).containsExactlyInAnyOrderElementsOf(OWNERS.keySet());
        writers.forEach(
                (table, files) -> assertThat(files).as("writers of " + table)
                        .containsExactly(OWNERS.get(table).split(",")));
    }
}
