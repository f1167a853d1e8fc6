package com.certyneo.slack.testsupport;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The axe-core accessibility engine (npm package axe-core, pinned version and integrity), injected into a
 * {@link Browser} page. axe-core is not served as a WebJar by Maven Central, so the first use fetches it with the
 * machine's npm ({@code npm pack}, the ordinary client of the npm registry) into {@code target/axe-core/}, checks the
 * tarball against the registry's published SHA-512 integrity and unpacks it; later uses read it from there. Without
 * npm the calling test is skipped on a developer machine and fails in CI (CI=true).
 */
public final class Axe {

    public static final String VERSION = "4.14.1";
    /** {@code npm view axe-core@4.14.1 dist.integrity} */
    static final String INTEGRITY = "sha512-FHfa+lmNjQZfJz1q8wKqIDwC6DExcHt/pkjNQb09a3NPjCKg2rhu5qb2S4r76ASyFNNtuFooJpZe37OgudVGtQ==";
    private static final Path DIR = Path.of("target", "axe-core");

    /** One violated rule: its id, impact (minor, moderate, serious, critical), help text and offending nodes. */
    public record Violation(String id, String impact, String help, List<String> targets) {

        public boolean seriousOrCritical() {
            return "serious".equals(impact) || "critical".equals(impact);
        }
    }

    private Axe() {
    }

    /**
     * Runs axe on the whole page (shadow DOMs included) with the WCAG 2.0/2.1/2.2 A and AA rules and best
     * practices, and answers every violation.
     */
    @SuppressWarnings("unchecked")
    public static List<Violation> run(Browser browser) {
        browser.script(source());
        Object result = browser.asyncScript("const done = arguments[arguments.length - 1];"
                + "axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa',"
                + " 'wcag22aa', 'best-practice']}, resultTypes: ['violations']})"
                + ".then(r => done(r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
                + " targets: v.nodes.map(n => JSON.stringify(n.target) + ' ' + n.failureSummary)}))))"
                + ".catch(e => done([{id: 'axe-error', impact: 'critical', help: String(e), targets: []}]));");
        List<Violation> violations = new ArrayList<>();
        for (Object o : (List<Object>) result) {
            Map<String, Object> v = (Map<String, Object>) o;
            violations.add(new Violation((String) v.get("id"), (String) v.get("impact"), (String) v.get("help"),
                    ((List<Object>) v.get("targets")).stream().map(String::valueOf).toList()));
        }
        return violations;
    }

    /** axe.min.js of the pinned version. */
    public static synchronized String source() {
        Path script = DIR.resolve("package").resolve("axe.min.js");
        try {
            if (!Files.exists(script)) {
                fetch();
            }
            return Files.readString(script, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void fetch() throws IOException {
        Files.createDirectories(DIR);
        Path tarball = DIR.resolve("axe-core-" + VERSION + ".tgz");
        if (!Files.exists(tarball)) {
            String npm = "npm";
            boolean hasNpm = run(DIR, npm, "--version") == 0;
            String message = "the accessibility check needs npm to fetch axe-core@" + VERSION
                    + " (Debian: apt-get install npm; .ci/run installs it)";
            if (!hasNpm && "true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(message);
            }
            assumeTrue(hasNpm, message);
            if (run(DIR, npm, "pack", "axe-core@" + VERSION, "--silent") != 0 || !Files.exists(tarball)) {
                throw new IllegalStateException(
                        "npm pack axe-core@" + VERSION + " failed; see " + DIR.resolve("npm.log"));
            }
        }
        String actual = "sha512-" + Base64.getEncoder().encodeToString(sha512(Files.readAllBytes(tarball)));
        if (!INTEGRITY.equals(actual)) {
            Files.delete(tarball);
            throw new IllegalStateException("axe-core tarball integrity " + actual + " is not the published "
                    + INTEGRITY);
        }
        if (run(DIR, "tar", "-xzf", tarball.getFileName().toString(), "package/axe.min.js") != 0) {
            throw new IllegalStateException("could not unpack " + tarball);
        }
    }

    private static int run(Path dir, String... command) {
        try {
            Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("npm.log").toFile())).start();
            if (!process.waitFor(3, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                return -1;
            }
            return process.exitValue();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static byte[] sha512(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-512").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
