package com.certyneo.slack.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.certyneo.slack.testsupport.AppProcess;
import com.certyneo.slack.testsupport.ProjectCopy;

/**
 * {@code ./mvnw quarkus:dev}, as a developer types it, in a copy of the project: it must come up as the local
 * profile does (embedded PostgreSQL, development secrets, the sandbox on 127.0.0.1) instead of stopping on the
 * production configuration check, and reload a changed page. The copy leaves out the tests (nothing to compile
 * for them) and the main target/; Maven works from the local repository without checking for updates. The whole
 * process tree is stopped after, the embedded PostgreSQL included.
 */
class DevModeIT {

    private static final Duration START_BOUND = Duration.ofMinutes(8);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    void devModeStartsLikeTheLocalProfileWithTheSandboxAndReloadsAChangedPage() throws Exception {
        assumeFalse(AppProcess.isNative(), "dev mode is a development-build feature");
        Path copy = ProjectCopy.of("certyneo-devmode", "pom.xml", "mvnw", ".mvn", "src/main", "src/local", "src/build");
        int[] ports = AppProcess.freePorts(2);
        int port = ports[0];
        int management = ports[1];
        Path log = copy.resolve("dev.log");
        ProcessBuilder builder = new ProcessBuilder(copy.resolve("mvnw").toString(), "-B", "-nsu", "quarkus:dev",
                "-Ddebug=false", "-Dquarkus.analytics.disabled=true", "-Dformatter.skip=true", "-Dimpsort.skip=true")
                .directory(copy.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.putIfAbsent("JAVA_HOME", System.getProperty("java.home"));
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        env.put("QUARKUS_MANAGEMENT_PORT", Integer.toString(management));
        env.put("QUARKUS_CONSOLE_ENABLED", "false");
        env.put("QUARKUS_ANALYTICS_DISABLED", "true");
        long started = System.nanoTime();
        Process maven = builder.start();
        try {
            awaitStatus(maven, log, "http://localhost:" + management + "/q/health/ready", s -> s == 200,
                    START_BOUND);
            System.out.printf("quarkus:dev ready in %d s%n",
                    TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
            String output = Files.readString(log, StandardCharsets.UTF_8);
            assertThat(output).contains("Profiles dev,local activated").contains("Live Coding activated")
                    .contains("Listening on: http://127.0.0.1:" + port).doesNotContain("missing required")
                    .contains("Sandbox ready: open http://localhost:" + port + "/");
            assertThat(get("http://localhost:" + port + "/").body()).contains("Settings → Integrations");

            Path page = copy.resolve("src/local/resources/sandbox/index.html");
            Files.writeString(page,
                    Files.readString(page).replace("<h1>Integrations</h1>", "<h1>Integrations (reloaded)</h1>"));
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            String body = "";
            while (System.nanoTime() < deadline && !body.contains("Integrations (reloaded)")) {
                HttpResponse<String> response = get("http://localhost:" + port + "/");
                body = response == null ? "" : response.body();
                Thread.sleep(500);
            }
            assertThat(body).as("live reload of a sandbox page:\n%s", tail(log)).contains("Integrations (reloaded)");
        } finally {
            stopTree(maven, copy);
        }
    }

    private void awaitStatus(Process maven, Path log, String url, Predicate<Integer> wanted, Duration bound)
            throws Exception {
        long deadline = System.nanoTime() + bound.toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(maven.isAlive()).as("quarkus:dev exited:\n%s", tail(log)).isTrue();
            HttpResponse<String> response = get(url);
            if (response != null && wanted.test(response.statusCode())) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("quarkus:dev did not answer " + url + " within " + bound + ":\n" + tail(log));
    }

    private HttpResponse<String> get(String url) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * SIGTERM to the dev JVM and Maven (a graceful stop also stops the embedded PostgreSQL), then SIGKILL to whatever
     * is left, PostgreSQL included: it runs detached from the tree, so it is found by its data directory.
     */
    private static void stopTree(Process maven, Path copy) throws InterruptedException {
        List<ProcessHandle> tree = Stream.concat(maven.descendants(), Stream.of(maven.toHandle())).toList();
        tree.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
        while (System.nanoTime() < deadline && tree.stream().anyMatch(ProcessHandle::isAlive)) {
            Thread.sleep(200);
        }
        tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
        ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains(copy.toString())).orElse(false))
                .forEach(ProcessHandle::destroyForcibly);
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }
}
