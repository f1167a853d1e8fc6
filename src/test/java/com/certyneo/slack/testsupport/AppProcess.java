package com.certyneo.slack.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The BUILT application as a real operating-system process: the native binary when
 * {@code native.image.path} points at one (failsafe sets it in the native profile), otherwise
 * {@code java -jar target/quarkus-app/quarkus-run.jar}. Used by *IT tests that need what a
 * {@code @QuarkusTest} cannot show: the {@code main} method, the prod profile, exit codes, signals.
 * Output (stdout + stderr) goes to a file so that a chatty process never blocks on a full pipe.
 */
public final class AppProcess implements AutoCloseable {

    private final Process process;
    private final Path output;
    private final int port;
    private final int managementPort;
    private final long startedNanos;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private AppProcess(Process process, Path output, int port, int managementPort, long startedNanos) {
        this.process = process;
        this.output = output;
        this.port = port;
        this.managementPort = managementPort;
        this.startedNanos = startedNanos;
    }

    /**
     * Starts the app with exactly {@code env} as its environment (plus PATH/HOME/JAVA_HOME/TMPDIR
     * from this JVM, nothing else: no variable of the developer's shell leaks in) in a fresh
     * working directory, on a free HTTP port and a free management port (health, metrics, OpenAPI)
     * unless {@code env} names them.
     */
    public static AppProcess start(Map<String, String> env, String... jvmArgs) {
        return start(command(jvmArgs), env);
    }

    /** The same with the JVM application at {@code jar} (the benchmark harness's {@code --app}). */
    public static AppProcess startJar(Path jar, Map<String, String> env, List<String> jvmArgs) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArgs);
        command.add("-jar");
        command.add(jar.toAbsolutePath().toString());
        return start(command, env);
    }

    private static AppProcess start(List<String> command, Map<String, String> env) {
        try {
            Path workDir = Files.createTempDirectory("certyneo-app");
            Path output = workDir.resolve("output.log");
            ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
                    .redirectErrorStream(true).redirectOutput(output.toFile());
            Map<String, String> environment = builder.environment();
            Map<String, String> kept = new LinkedHashMap<>();
            for (String name : List.of("PATH", "HOME", "JAVA_HOME", "TMPDIR", "LANG")) {
                if (System.getenv(name) != null) {
                    kept.put(name, System.getenv(name));
                }
            }
            environment.clear();
            environment.putAll(kept);
            int[] ports = freePorts(2);
            environment.put("QUARKUS_HTTP_PORT", Integer.toString(ports[0]));
            environment.put("QUARKUS_MANAGEMENT_PORT", Integer.toString(ports[1]));
            environment.putAll(env);
            long started = System.nanoTime();
            return new AppProcess(builder.start(), output, Integer.parseInt(environment.get("QUARKUS_HTTP_PORT")),
                    Integer.parseInt(environment.get("QUARKUS_MANAGEMENT_PORT")), started);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** True when the tests run against the native executable (native profile), not the jar. */
    public static boolean isNative() {
        String nativeImage = System.getProperty("native.image.path");
        return nativeImage != null && Files.isExecutable(Path.of(nativeImage));
    }

    private static List<String> command(String... jvmArgs) {
        List<String> command = new ArrayList<>();
        if (isNative()) {
            command.add(System.getProperty("native.image.path"));
            for (String arg : jvmArgs) {
                command.add(arg); // -Dkey=value works for a Quarkus native binary too
            }
            return command;
        }
        Path jar = Path.of("target", "quarkus-app", "quarkus-run.jar").toAbsolutePath();
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: *IT tests run after `package`");
        }
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(jvmArgs));
        command.add("-jar");
        command.add(jar.toString());
        return command;
    }

    public static int freePort() {
        return freePorts(1)[0];
    }

    /**
     * {@code count} distinct free ports. Each is held until all are chosen: a port released before the next is asked
     * for may be handed out again, and two servers given one port (Vert.x binds with port reuse) share its requests.
     */
    public static int[] freePorts(int count) {
        List<ServerSocket> held = new ArrayList<>();
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket(0);
                held.add(socket);
                ports[i] = socket.getLocalPort();
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            for (ServerSocket socket : held) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // the port is free either way once the process ends
                }
            }
        }
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Waits for the process to end by itself; fails the test if it is still running. */
    public int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("process still running after " + timeout + ":\n" + output());
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Waits until {@code /q/health/ready} answers 200; the time from process start to then, in ms. Fails when the
     * process exits or {@code timeout} passes first.
     */
    public long awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the app exited with " + process.exitValue() + "; see " + output);
            }
            if (managementStatus("/q/health/ready") == 200) {
                return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("the app was not ready within " + timeout + "; see " + output);
    }

    /** Resident set size now (VmRSS), or peak since start (VmHWM), in MiB; -1 once the process is gone. */
    public double rssMiB(boolean peak) {
        String field = peak ? "VmHWM:" : "VmRSS:";
        try (var lines = Files.lines(Path.of("/proc", Long.toString(pid()), "status"))) {
            return lines.filter(l -> l.startsWith(field)).mapToLong(l -> Long.parseLong(l.replaceAll("[^0-9]", "")))
                    .findFirst().orElse(-1024) / 1024.0;
        } catch (IOException e) {
            return -1;
        }
    }

    /** SIGTERM, then up to {@code grace} for a graceful exit (as a container stop), then SIGKILL. */
    public void stop(Duration grace) {
        sigterm();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                sigkill();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** SIGTERM, as Kubernetes sends it at pod deletion. */
    public void sigterm() {
        process.destroy();
    }

    /** SIGKILL, as the kernel's OOM killer or {@code kill -9} would. */
    public void sigkill() {
        process.destroyForcibly();
    }

    /** GET on the app's public port; status and body, or null when nothing answers. */
    public HttpResponse<String> get(String path) {
        return get(port, path);
    }

    /** GET on the management port (/q/health, /q/metrics, /q/openapi); null when nothing answers. */
    public HttpResponse<String> management(String path) {
        return get(managementPort, path);
    }

    /** HTTP status of {@code GET path} on the management port, or -1 when nothing answers. */
    public int managementStatus(String path) {
        HttpResponse<String> response = management(path);
        return response == null ? -1 : response.statusCode();
    }

    private HttpResponse<String> get(int onPort, String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + onPort + path))
                    .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** HTTP status of {@code GET path} on the public port, or -1 when the process does not answer. */
    public int status(String path) {
        HttpResponse<String> response = get(path);
        return response == null ? -1 : response.statusCode();
    }

    /** Where stdout and stderr go. */
    public Path outputFile() {
        return output;
    }

    public String output() {
        try {
            return Files.exists(output) ? Files.readString(output, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
