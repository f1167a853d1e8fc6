package com.certyneo.slack.ops;

import static com.certyneo.slack.ops.KustomizeRenderer.list;
import static com.certyneo.slack.ops.KustomizeRenderer.map;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.certyneo.slack.platform.RequiredConfigCheck;

/**
 * Renders deployment/ (the base and every overlay) and checks what a cluster operator relies on.
 * Rendering uses {@link KustomizeRenderer}; where {@code kubectl} is installed, the real
 * {@code kubectl kustomize} output is checked too and must equal the renderer's.
 */
class KustomizeManifestsTest {

    /** The secrets of SPEC section 9 (plus the datasource credentials). */
    private static final List<String> SECRETS = List.of("SLACK_CLIENT_SECRET", "SLACK_SIGNING_SECRET",
            "CERTYNEO_WEBHOOK_SECRETS", "CERTYNEO_CLIENT_SECRET", "TOKEN_ENCRYPTION_KEYS",
            "QUARKUS_DATASOURCE_USERNAME", "QUARKUS_DATASOURCE_PASSWORD");

    static Stream<Path> kustomizations() throws IOException {
        List<Path> dirs = new ArrayList<>(List.of(Path.of("deployment", "base")));
        try (Stream<Path> overlays = Files.list(Path.of("deployment", "overlays"))) {
            overlays.filter(d -> Files.exists(d.resolve("kustomization.yaml"))).sorted().forEach(dirs::add);
        }
        assertThat(dirs).hasSizeGreaterThan(1); // at least one overlay
        return dirs.stream();
    }

    static Stream<List<Map<String, Object>>> renderings() throws IOException {
        List<List<Map<String, Object>>> all = new ArrayList<>();
        for (Path dir : kustomizations().toList()) {
            all.add(KustomizeRenderer.render(dir));
            kubectlKustomize(dir).ifPresent(all::add);
        }
        return all.stream();
    }

    /** Probes go to the management port, the port quarkus.management.port names; the public port is 8080. */
    @ParameterizedTest
    @MethodSource("renderings")
    void everyContainerHasTheThreeHealthProbesOnItsManagementPort(List<Map<String, Object>> objects)
            throws IOException {
        Properties properties = applicationProperties();
        for (Map<String, Object> container : containers(deployment(objects))) {
            Map<String, Object> ports = new HashMap<>();
            list(container.get("ports"))
                    .forEach(p -> ports.put((String) map(p).get("name"), map(p).get("containerPort")));
            assertThat(ports).containsOnly(Map.entry("http", 8080), Map.entry("management",
                    Integer.parseInt(properties.getProperty("quarkus.management.port"))));
            assertThat(properties.getProperty("quarkus.management.enabled")).isEqualTo("true");
            Map<String, String> expected = Map.of("startupProbe", "/q/health/started", "livenessProbe",
                    "/q/health/live", "readinessProbe", "/q/health/ready");
            expected.forEach((probe, path) -> {
                Map<String, Object> httpGet = map(map(container.get(probe)).get("httpGet"));
                assertThat(httpGet.get("path")).as(probe).isEqualTo(path);
                assertThat(httpGet.get("port")).as(probe + " port").isIn("management", ports.get("management"));
            });
        }
    }

    @ParameterizedTest
    @MethodSource("renderings")
    void everyContainerHasRequestsAndLimitsForCpuAndMemory(List<Map<String, Object>> objects) {
        for (Map<String, Object> container : containers(deployment(objects))) {
            Map<String, Object> resources = map(container.get("resources"));
            for (String kind : List.of("requests", "limits")) {
                assertThat(map(resources.get(kind))).as(kind).containsKeys("cpu", "memory");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("renderings")
    void everyContainerRunsWithTheRestrictedSecurityContext(List<Map<String, Object>> objects) {
        Map<String, Object> pod = podSpec(deployment(objects));
        Map<String, Object> podContext = map(pod.getOrDefault("securityContext", Map.of()));
        assertThat(pod.get("hostNetwork")).isNotEqualTo(true);
        assertThat(pod.get("hostPID")).isNotEqualTo(true);
        for (Map<String, Object> container : containers(deployment(objects))) {
            Map<String, Object> context = map(container.get("securityContext"));
            assertThat(context.getOrDefault("runAsNonRoot", podContext.get("runAsNonRoot"))).isEqualTo(true);
            // neither root's UID nor root's group: group 0 would open every file owned by it
            assertThat(context.getOrDefault("runAsUser", podContext.get("runAsUser"))).isInstanceOf(Integer.class)
                    .isNotEqualTo(0);
            assertThat(context.getOrDefault("runAsGroup", podContext.get("runAsGroup"))).as("runAsGroup")
                    .isInstanceOf(Integer.class).isNotEqualTo(0);
            assertThat(podContext.get("fsGroup")).as("fsGroup").isInstanceOf(Integer.class).isNotEqualTo(0);
            assertThat(list(podContext.get("supplementalGroups"))).doesNotContain(0);
            assertThat(context.get("allowPrivilegeEscalation")).isEqualTo(false);
            assertThat(context.get("readOnlyRootFilesystem")).isEqualTo(true);
            assertThat(context.get("privileged")).isNotEqualTo(true);
            assertThat(list(map(context.get("capabilities")).get("drop"))).contains("ALL");
            assertThat(list(map(context.getOrDefault("capabilities", Map.of())).get("add"))).isEmpty();
            Object seccomp = context.getOrDefault("seccompProfile", podContext.get("seccompProfile"));
            assertThat(map(seccomp).get("type")).isIn("RuntimeDefault", "Localhost");
            // a read-only root needs a writable /tmp (Vert.x file cache) on an emptyDir
            Map<String, Object> tmp = list(container.get("volumeMounts")).stream().map(KustomizeRenderer::map)
                    .filter(m -> "/tmp".equals(m.get("mountPath"))).findFirst().orElseThrow();
            assertThat(list(pod.get("volumes")).stream().map(KustomizeRenderer::map)
                    .filter(v -> v.get("name").equals(tmp.get("name"))).findFirst().orElseThrow())
                    .containsKey("emptyDir");
        }
    }

    @ParameterizedTest
    @MethodSource("renderings")
    void everySecretComesFromASecretAndNoneIsWrittenInTheManifests(List<Map<String, Object>> objects) {
        assertThat(objects).noneMatch(o -> "Secret".equals(o.get("kind")));
        Map<String, Map<String, Object>> env = env(containers(deployment(objects)).get(0));
        for (String secret : SECRETS) {
            Map<String, Object> ref = map(map(env.get(secret)).get("valueFrom"));
            assertThat(ref).as(secret).containsKey("secretKeyRef");
            assertThat(map(ref.get("secretKeyRef")).get("name")).as(secret).isNotNull();
        }
        for (Map<String, Object> configMap : ofKind(objects, "ConfigMap")) {
            assertThat(map(configMap.get("data")).keySet()).doesNotContainAnyElementsOf(SECRETS)
                    .noneMatch(KustomizeManifestsTest::looksSecret);
        }
        env.forEach((name, entry) -> {
            if (looksSecret(name)) {
                assertThat(entry).as(name + " must come from a Secret").doesNotContainKey("value");
            }
        });
    }

    @ParameterizedTest
    @MethodSource("renderings")
    void everyVariableTheProductionStartRequiresIsProvided(List<Map<String, Object>> objects) {
        Map<String, Object> container = containers(deployment(objects)).get(0);
        Set<String> provided = new HashSet<>(env(container).keySet());
        for (Object from : list(container.get("envFrom"))) {
            String name = (String) map(map(from).get("configMapRef")).get("name");
            Map<String, Object> configMap = ofKind(objects, "ConfigMap").stream()
                    .filter(c -> name.equals(map(c.get("metadata")).get("name"))).findFirst().orElseThrow();
            provided.addAll(map(configMap.get("data")).keySet());
        }
        for (List<String> alternatives : RequiredConfigCheck.requiredVariables()) {
            assertThat(alternatives).as("one of").containsAnyElementsOf(provided);
        }
    }

    @ParameterizedTest
    @MethodSource("renderings")
    void severalReplicasThatADisruptionOrTheAutoscalerCannotBringBelowTwo(List<Map<String, Object>> objects) {
        Map<String, Object> deployment = deployment(objects);
        String name = (String) map(deployment.get("metadata")).get("name");
        int replicas = (Integer) map(deployment.get("spec")).get("replicas");
        assertThat(replicas).isGreaterThanOrEqualTo(2);

        Map<String, Object> hpa = map(single(objects, "HorizontalPodAutoscaler").get("spec"));
        assertThat(map(hpa.get("scaleTargetRef"))).containsEntry("kind", "Deployment").containsEntry("name", name)
                .containsEntry("apiVersion", "apps/v1");
        assertThat((Integer) hpa.get("minReplicas")).isGreaterThanOrEqualTo(2).isLessThanOrEqualTo(replicas);
        assertThat((Integer) hpa.get("maxReplicas")).isGreaterThanOrEqualTo((Integer) hpa.get("minReplicas"));

        Map<String, Object> pdb = map(single(objects, "PodDisruptionBudget").get("spec"));
        assertThat(selects(map(pdb.get("selector")), podLabels(deployment))).isTrue();
        assertThat((Integer) pdb.get("minAvailable")).isPositive().isLessThan(replicas);
    }

    @ParameterizedTest
    @MethodSource("renderings")
    void serviceAndServiceMonitorReachThePodsAndScrapeQMetricsOnTheManagementPort(List<Map<String, Object>> objects) {
        Map<String, Object> deployment = deployment(objects);
        Map<String, Object> service = single(objects, "Service");
        Map<String, Object> serviceSpec = map(service.get("spec"));
        assertThat(serviceSpec.get("selector")).isNotNull();
        assertThat(podLabels(deployment)).containsAllEntriesOf(
                map(serviceSpec.get("selector")).entrySet().stream()
                        .collect(HashMap::new, (m, e) -> m.put(e.getKey(), e.getValue()), HashMap::putAll));
        Map<Object, Object> servicePortByTarget = new HashMap<>();
        list(serviceSpec.get("ports"))
                .forEach(p -> servicePortByTarget.put(map(p).get("targetPort"), map(p).get("name")));
        assertThat(servicePortByTarget).containsOnlyKeys("http", "management");

        Map<String, Object> monitor = map(single(objects, "ServiceMonitor").get("spec"));
        assertThat(selects(map(monitor.get("selector")), labels(service))).isTrue();
        Map<String, Object> endpoint = map(list(monitor.get("endpoints")).get(0));
        assertThat(endpoint).containsEntry("path", "/q/metrics")
                .containsEntry("port", servicePortByTarget.get("management"));
    }

    /**
     * Ingress: 8080 only from the ingress controller's namespace, 9000 only from Prometheus in the
     * monitoring namespace. Egress: DNS to the cluster DNS, PostgreSQL to the database only, HTTPS to
     * public addresses only. Every rule names its peers and its ports (a rule without either opens
     * everything); the policies are additive, so all of those selecting the pods are read together.
     */
    @ParameterizedTest
    @MethodSource("renderings")
    void networkPoliciesAdmitEachPortFromOnePeerAndLetOutOnlyDnsTheDatabaseAndPublicHttps(
            List<Map<String, Object>> objects) {
        List<Map<String, Object>> policies = ofKind(objects, "NetworkPolicy").stream()
                .map(p -> map(p.get("spec"))).toList();
        assertThat(policies).isNotEmpty()
                .allMatch(p -> selects(map(p.get("podSelector")), podLabels(deployment(objects))));
        assertThat(policies.stream().flatMap(p -> list(p.get("policyTypes")).stream()))
                .contains("Ingress", "Egress");
        Map<String, List<Map<String, Object>>> from = peersByPort(policies, "ingress", "from");
        Map<String, List<Map<String, Object>>> to = peersByPort(policies, "egress", "to");

        assertThat(from).containsOnlyKeys("TCP/8080", "TCP/9000");
        assertThat(from.get("TCP/8080")).singleElement().satisfies(peer -> {
            assertThat(peer).containsOnlyKeys("namespaceSelector");
            assertThat(namespace(peer)).isNotBlank().isNotEqualTo(namespace(from.get("TCP/9000").get(0)));
        });
        assertThat(from.get("TCP/9000")).singleElement().satisfies(peer -> {
            assertThat(namespace(peer)).isNotBlank();
            assertThat(map(map(peer.get("podSelector")).get("matchLabels"))).isNotEmpty();
        });

        assertThat(to).containsOnlyKeys("TCP/5432", "UDP/53", "TCP/53", "TCP/443");
        for (String dns : List.of("UDP/53", "TCP/53")) {
            assertThat(to.get(dns)).as(dns).isNotEmpty().allSatisfy(peer -> {
                assertThat(namespace(peer)).isEqualTo("kube-system");
                assertThat(map(map(peer.get("podSelector")).get("matchLabels"))).isNotEmpty();
            });
        }
        assertThat(to.get("TCP/5432")).as("the database only").isNotEmpty().allSatisfy(peer -> {
            if (peer.containsKey("ipBlock")) {
                assertThat((String) map(peer.get("ipBlock")).get("cidr")).doesNotEndWith("/0");
            } else {
                assertThat(map(map(peer.get("podSelector")).get("matchLabels"))).isNotEmpty();
            }
        });
        assertThat(to.get("TCP/443")).as("public addresses only").isNotEmpty().allSatisfy(peer -> {
            Map<String, Object> block = map(peer.get("ipBlock"));
            assertThat(block).as("443 goes to the internet, by address").isNotNull();
            if ("0.0.0.0/0".equals(block.get("cidr"))) {
                assertThat(list(block.get("except"))).contains("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16",
                        "169.254.0.0/16");
            } else {
                assertThat(block.get("cidr")).isEqualTo("::/0");
                assertThat(list(block.get("except"))).contains("fc00::/7", "fe80::/10");
            }
        });
    }

    @ParameterizedTest
    @MethodSource("renderings")
    void terminationGraceCoversTheShutdownDelayAndTimeout(List<Map<String, Object>> objects) throws IOException {
        Properties properties = applicationProperties();
        long needed = seconds(properties.getProperty("quarkus.shutdown.timeout"))
                + seconds(properties.getProperty("%prod.quarkus.shutdown.delay", "0s"));
        int grace = (Integer) podSpec(deployment(objects)).get("terminationGracePeriodSeconds");
        assertThat(grace).isGreaterThan((int) needed);
    }

    @Test
    void theRendererProducesExactlyWhatKubectlKustomizeProduces() throws IOException {
        for (Path dir : kustomizations().toList()) {
            var real = kubectlKustomize(dir);
            assumeTrue(real.isPresent(), "kubectl is not installed: the renderer alone was used");
            assertThat(byKindAndName(KustomizeRenderer.render(dir))).as(dir.toString())
                    .isEqualTo(byKindAndName(real.get()));
        }
    }

    // ------------------------------------------------------------------------------------------

    private static Properties applicationProperties() throws IOException {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(Path.of("src/main/resources/application.properties"))) {
            properties.load(in);
        }
        return properties;
    }

    /** For each "PROTOCOL/port" of the rules in {@code direction}, the peers it admits; a rule must name both. */
    private static Map<String, List<Map<String, Object>>> peersByPort(List<Map<String, Object>> policies,
            String direction, String peersKey) {
        Map<String, List<Map<String, Object>>> result = new HashMap<>();
        for (Map<String, Object> policy : policies) {
            for (Object rule : list(policy.get(direction))) {
                List<Object> peers = list(map(rule).get(peersKey));
                assertThat(peers).as("a %s rule without '%s' admits every peer", direction, peersKey).isNotEmpty();
                assertThat(list(map(rule).get("ports"))).as("a rule without ports opens every port").isNotEmpty();
                for (String port : ports(List.of(rule))) {
                    peers.forEach(peer -> result.computeIfAbsent(port, k -> new ArrayList<>()).add(map(peer)));
                }
            }
        }
        return result;
    }

    /** The namespace a peer's namespaceSelector names by its kubernetes.io/metadata.name label. */
    private static String namespace(Map<String, Object> peer) {
        Map<String, Object> selector = map(peer.get("namespaceSelector"));
        assertThat(selector).as("peer %s has a namespaceSelector", peer).isNotNull();
        return (String) map(selector.get("matchLabels")).get("kubernetes.io/metadata.name");
    }

    private static java.util.Optional<List<Map<String, Object>>> kubectlKustomize(Path dir) {
        try {
            Path out = Files.createTempFile("kustomize", ".yaml");
            Process process = new ProcessBuilder("kubectl", "kustomize", dir.toString())
                    .redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            if (!process.waitFor(Duration.ofSeconds(60).toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("kubectl kustomize " + dir + " hangs");
            }
            assertThat(process.exitValue()).as("kubectl kustomize " + dir).isZero();
            return java.util.Optional.of(KustomizeRenderer.readAll(out));
        } catch (IOException e) {
            return java.util.Optional.empty(); // no kubectl on this machine
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Map<String, Object>> byKindAndName(List<Map<String, Object>> objects) {
        Map<String, Map<String, Object>> result = new HashMap<>();
        objects.forEach(o -> result.put(o.get("kind") + "/" + map(o.get("metadata")).get("name"), o));
        return result;
    }

    private static List<Map<String, Object>> ofKind(List<Map<String, Object>> objects, String kind) {
        return objects.stream().filter(o -> kind.equals(o.get("kind"))).toList();
    }

    private static Map<String, Object> single(List<Map<String, Object>> objects, String kind) {
        List<Map<String, Object>> found = ofKind(objects, kind);
        assertThat(found).as(kind).hasSize(1);
        return found.get(0);
    }

    private static Map<String, Object> deployment(List<Map<String, Object>> objects) {
        return single(objects, "Deployment");
    }

    private static Map<String, Object> podSpec(Map<String, Object> deployment) {
        return map(map(map(deployment.get("spec")).get("template")).get("spec"));
    }

    private static List<Map<String, Object>> containers(Map<String, Object> deployment) {
        List<Map<String, Object>> containers = list(podSpec(deployment).get("containers")).stream()
                .map(KustomizeRenderer::map).toList();
        assertThat(containers).isNotEmpty();
        return containers;
    }

    private static Map<String, Map<String, Object>> env(Map<String, Object> container) {
        Map<String, Map<String, Object>> env = new HashMap<>();
        list(container.get("env")).forEach(e -> env.put((String) map(e).get("name"), map(e)));
        return env;
    }

    private static Map<String, Object> labels(Map<String, Object> object) {
        return map(map(object.get("metadata")).getOrDefault("labels", Map.of()));
    }

    private static Map<String, Object> podLabels(Map<String, Object> deployment) {
        return labels(map(map(deployment.get("spec")).get("template")));
    }

    private static boolean selects(Map<String, Object> selector, Map<String, Object> labels) {
        Map<String, Object> match = map(selector.get("matchLabels"));
        return match != null && !match.isEmpty() && labels.entrySet().containsAll(match.entrySet())
                && !selector.containsKey("matchExpressions");
    }

    private static List<String> ports(Object rules) {
        List<String> ports = new ArrayList<>();
        for (Object rule : list(rules)) {
            for (Object port : list(map(rule).get("ports"))) {
                ports.add(map(port).getOrDefault("protocol", "TCP") + "/" + map(port).get("port"));
            }
        }
        return ports;
    }

    private static boolean looksSecret(String name) {
        return name.matches(".*(SECRET|PASSWORD|_KEYS?|TOKEN_(?!URL).*|_TOKEN)$") && !name.endsWith("_URL")
        // what a token must say (audience, issuer) is public, not a credential
                && !name.endsWith("_AUDIENCE") && !name.endsWith("_ISSUER");
    }

    private static long seconds(String duration) {
        assertThat(duration).matches("\\d+s");
        return Long.parseLong(duration.substring(0, duration.length() - 1));
    }

}
