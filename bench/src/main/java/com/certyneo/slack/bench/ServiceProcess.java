package com.certyneo.slack.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The service under test, as a separate JVM started from the packaged application (target/quarkus-app), with the
 * production profile and only environment variables, as a container would run it.
 */
final class ServiceProcess implements AutoCloseable {

    private static final Pattern STARTED = Pattern.compile("started in ([0-9.]+)s");

    private final Process process;
    private final int port;
    private final Path log;
    private long readyMillis;

    private ServiceProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    static ServiceProcess start(Path jar, List<String> jvmOptions, Map<String, String> env, int port, Path log)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(jar.toString());
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().putAll(env);
        long t0 = System.nanoTime();
        ServiceProcess service = new ServiceProcess(pb.start(), port, log);
        service.awaitReady(t0, Integer.parseInt(env.get("QUARKUS_MANAGEMENT_PORT")));
        return service;
    }

    private void awaitReady(long t0, int managementPort) throws IOException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(200)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/q/health/ready"))
                .timeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the service exited with " + process.exitValue() + "; see " + log);
            }
            try {
                if (http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    readyMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
            sleep(10);
        }
        throw new IllegalStateException("the service was not ready within 120 s; see " + log);
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    long pid() {
        return process.pid();
    }

    /** Process start to /q/health/ready answering 200, as the harness saw it. */
    long readyMillis() {
        return readyMillis;
    }

    /** Quarkus' own "started in" figure from the log (JVM start excluded), or -1. */
    double quarkusStartedSeconds() throws IOException {
        try (Stream<String> lines = Files.lines(log)) {
            return lines.map(STARTED::matcher).filter(Matcher::find).map(m -> Double.parseDouble(m.group(1)))
                    .findFirst().orElse(-1.0);
        }
    }

    /** Resident set size now, in MiB. */
    double rssMiB() {
        return procStatusKb("VmRSS:") / 1024.0;
    }

    /** Peak resident set size since start, in MiB. */
    double peakRssMiB() {
        return procStatusKb("VmHWM:") / 1024.0;
    }

    private long procStatusKb(String field) {
        try (Stream<String> lines = Files.lines(Path.of("/proc", Long.toString(pid()), "status"))) {
            return lines.filter(l -> l.startsWith(field)).map(l -> l.replaceAll("[^0-9]", "")).mapToLong(Long::parseLong)
                    .findFirst().orElse(-1);
        } catch (IOException e) {
            return -1;
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy(); // SIGTERM: graceful shutdown, as a container stop
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
