package com.certyneo.slack.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.certyneo.slack.testsupport.ProjectCopy;

/**
 * The native build as far as this machine allows: without GraalVM, {@code -Dquarkus.native.sources-only}
 * still runs every Quarkus build step of {@code ./mvnw package -Dnative} (the production profile, the
 * native-image configuration, reflection and resource registration) and writes what native-image would
 * be given: target/native-sources, with graalvm.version, the GraalVM version Quarkus asks for. The build
 * runs in a copy of the project, so the main target/ is left alone. The Dockerfile's builder image must
 * be the Mandrel for that version.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class NativeBuildStepsIT {

    /** Generous: about 20 s on an idle machine, several times that on a busy CI runner. */
    private static final Duration BOUND = Duration.ofMinutes(10);
    private static final Pattern BUILDER = Pattern.compile(
            "^FROM\\s+quay\\.io/quarkus/ubi9-quarkus-mandrel-builder-image:jdk-(\\d+)\\s+AS\\s+build$");

    private Path nativeSources;

    @BeforeAll
    void buildTheNativeSourcesInACopyOfTheProject() throws Exception {
        Path copy = ProjectCopy.of("certyneo-native", "pom.xml", "mvnw", ".mvn", "src/main", "src/build");
        Path log = copy.resolve("build.log");
        ProcessBuilder builder = new ProcessBuilder(copy.resolve("mvnw").toString(), "-B", "-q", "package",
                "-Dnative", "-Dquarkus.native.sources-only=true", "-Dquarkus.native.container-build=false",
                "-Dmaven.test.skip=true", "-Dformatter.skip=true", "-Dimpsort.skip=true")
                .directory(copy.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.putIfAbsent("JAVA_HOME", System.getProperty("java.home"));
        long start = System.nanoTime();
        Process process = builder.start();
        if (!process.waitFor(BOUND.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the native build steps took longer than " + BOUND);
        }
        long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
        assertThat(process.exitValue()).as("./mvnw package -Dnative -Dquarkus.native.sources-only=true:\n%s",
                Files.readString(log, StandardCharsets.UTF_8)).isZero();
        System.out.printf("native build steps (sources only): %d s%n", seconds);
        nativeSources = copy.resolve("target/native-sources");
    }

    @Test
    void quarkusWritesTheNativeImageInputsAndTheGraalVmVersionItNeeds() throws IOException {
        assertThat(nativeSources.resolve("native-image.args")).content().contains("io.quarkus.runner.Feature");
        assertThat(graalVmVersion()).matches("\\d+\\.\\d+(\\.\\d+)?");
        try (Stream<Path> runner = Files.list(nativeSources).filter(f -> f.toString().endsWith("-runner.jar"))) {
            assertThat(runner).hasSize(1);
        }
    }

    /** The production build carries no embedded-PostgreSQL launcher and no zonky jar into the image. */
    @Test
    void theNativeInputsHoldNeitherTheLocalLauncherNorItsDependency() throws IOException {
        try (Stream<Path> jars = Files.walk(nativeSources.resolve("lib"))) {
            assertThat(jars.map(p -> p.getFileName().toString())).isNotEmpty().noneMatch(n -> n.contains("zonky"));
        }
        Path runner;
        try (Stream<Path> files = Files.list(nativeSources)) {
            runner = files.filter(f -> f.toString().endsWith("-runner.jar")).findFirst().orElseThrow();
        }
        try (ZipFile jar = new ZipFile(runner.toFile())) {
            assertThat(jar.stream().map(e -> e.getName())).anyMatch(n -> n.startsWith("com/certyneo/slack/"))
                    .noneMatch(n -> n.startsWith("com/certyneo/slack/local/"))
                    // the local sandbox: its pages, its signing key, its config source, the local profile's values
                    .noneMatch(n -> n.startsWith("sandbox/"))
                    .noneMatch(n -> n.equals("application-local.properties"))
                    .noneMatch(n -> n.contains("org.eclipse.microprofile.config.spi.ConfigSource"));
        }
    }

    @Test
    void dockerfileNativeBuildsWithTheMandrelOfTheGraalVmVersionQuarkusAsksFor() throws IOException {
        String from = Files.readAllLines(Path.of("Dockerfile.native")).stream().map(String::trim)
                .filter(l -> l.startsWith("FROM ")).findFirst().orElseThrow();
        Matcher m = BUILDER.matcher(from);
        assertThat(m.matches()).as("Mandrel builder stage: %s", from).isTrue();
        assertThat(Integer.parseInt(m.group(1))).as("builder JDK for GraalVM %s", graalVmVersion())
                .isEqualTo(jdkOf(graalVmVersion()));
    }

    private String graalVmVersion() throws IOException {
        return Files.readString(nativeSources.resolve("graalvm.version")).trim();
    }

    /**
     * The JDK of a GraalVM/Mandrel release: from 25 on they share the JDK's number; before, 23.1 was the
     * release for JDK 21 and 24.0-24.2 those for JDK 22-24.
     */
    static int jdkOf(String graalVmVersion) {
        String[] parts = graalVmVersion.split("\\.");
        int major = Integer.parseInt(parts[0]);
        int minor = parts.length > 1 ? Integer.parseInt(parts[1]) : 0;
        if (major >= 25) {
            return major;
        }
        if (major == 24) {
            return 22 + minor;
        }
        if (major == 23 && minor == 1) {
            return 21;
        }
        throw new AssertionError("no known JDK for GraalVM " + graalVmVersion);
    }
}
