package com.certyneo.slack.ops;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * A small renderer for the subset of Kustomize that deployment/ uses, so that CI can check the
 * manifests without a kustomize/kubectl binary: {@code resources} (files and directories),
 * {@code patches} (strategic-merge patch files, matched by kind and name), {@code namespace},
 * {@code labels} (metadata only, {@code includeSelectors: false}), {@code images}.
 * Any other kustomization field makes it FAIL instead of rendering something different from
 * kustomize; where kubectl is installed, KustomizeManifestsTest compares both outputs.
 */
final class KustomizeRenderer {

    private static final Set<String> SUPPORTED = Set.of("apiVersion", "kind", "resources", "patches", "namespace",
            "labels", "images");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private KustomizeRenderer() {
    }

    static List<Map<String, Object>> render(Path dir) {
        Map<String, Object> kustomization = readAll(dir.resolve("kustomization.yaml")).get(0);
        for (String key : kustomization.keySet()) {
            if (!SUPPORTED.contains(key)) {
                throw new IllegalArgumentException(dir + ": kustomization field '" + key
                        + "' is not supported by this renderer; extend it (and compare with kubectl kustomize)");
            }
        }
        List<Map<String, Object>> resources = new ArrayList<>();
        for (Object entry : list(kustomization.get("resources"))) {
            Path path = dir.resolve((String) entry).normalize();
            resources.addAll(Files.isDirectory(path) ? render(path) : readAll(path));
        }
        for (Object entry : list(kustomization.get("patches"))) {
            Map<String, Object> patchEntry = map(entry);
            if (patchEntry.keySet().stream().anyMatch(k -> !k.equals("path"))) {
                throw new IllegalArgumentException("only 'path' strategic-merge patches are supported: " + patchEntry);
            }
            for (Map<String, Object> patch : readAll(dir.resolve((String) patchEntry.get("path")))) {
                Map<String, Object> target = resources.stream().filter(r -> sameObject(r, patch)).findFirst()
                        .orElseThrow(() -> new IllegalArgumentException("patch matches no resource: " + patch));
                mergeMap(target, patch);
            }
        }
        if (kustomization.get("namespace") != null) {
            resources.forEach(r -> map(r.get("metadata")).put("namespace", kustomization.get("namespace")));
        }
        for (Object entry : list(kustomization.get("labels"))) {
            Map<String, Object> labels = map(entry);
            if (!Boolean.FALSE.equals(labels.get("includeSelectors")) || labels.containsKey("includeTemplates")) {
                throw new IllegalArgumentException("only labels with includeSelectors: false are supported");
            }
            for (Map<String, Object> resource : resources) {
                Map<String, Object> metadata = map(resource.get("metadata"));
                Map<String, Object> existing = metadata.get("labels") == null
                        ? new LinkedHashMap<>()
                        : map(metadata.get("labels"));
                existing.putAll(map(labels.get("pairs")));
                metadata.put("labels", existing);
            }
        }
        for (Object entry : list(kustomization.get("images"))) {
            Map<String, Object> image = map(entry);
            resources.forEach(r -> setImages(r, image, false));
        }
        return resources;
    }

    static List<Map<String, Object>> readAll(Path file) {
        try (MappingIterator<Map<String, Object>> docs = YAML.readerFor(Map.class).readValues(file.toFile())) {
            List<Map<String, Object>> result = new ArrayList<>();
            while (docs.hasNext()) {
                Map<String, Object> doc = docs.next();
                if (doc != null && !doc.isEmpty()) {
                    result.add(doc);
                }
            }
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean sameObject(Map<String, Object> resource, Map<String, Object> patch) {
        return Objects.equals(resource.get("kind"), patch.get("kind"))
                && Objects.equals(map(resource.get("metadata")).get("name"), map(patch.get("metadata")).get("name"));
    }

    /** Strategic merge: maps merge key by key, keyed lists merge by their merge key, others replace. */
    @SuppressWarnings("unchecked")
    private static void mergeMap(Map<String, Object> target, Map<String, Object> patch) {
        for (Map.Entry<String, Object> e : patch.entrySet()) {
            Object current = target.get(e.getKey());
            Object value = e.getValue();
            if (value == null) {
                target.remove(e.getKey());
            } else if (current instanceof Map && value instanceof Map) {
                mergeMap((Map<String, Object>) current, (Map<String, Object>) value);
            } else if (current instanceof List && value instanceof List) {
                target.put(e.getKey(), mergeList((List<Object>) current, (List<Object>) value));
            } else {
                target.put(e.getKey(), value);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Object> mergeList(List<Object> current, List<Object> patch) {
        String key = mergeKey(current, patch);
        if (key == null) {
            return patch;
        }
        List<Object> result = new ArrayList<>(current);
        for (Object item : patch) {
            Map<String, Object> patchItem = (Map<String, Object>) item;
            Object id = patchItem.get(key);
            Map<String, Object> match = (Map<String, Object>) result.stream()
                    .filter(o -> Objects.equals(((Map<String, Object>) o).get(key), id)).findFirst().orElse(null);
            if (match == null) {
                result.add(patchItem);
            } else {
                mergeMap(match, patchItem);
            }
        }
        return result;
    }

    /** The Kubernetes merge keys of the lists deployment/ patches (containers, env, volumes, ports). */
    private static String mergeKey(List<Object> current, List<Object> patch) {
        List<Object> all = new ArrayList<>(current);
        all.addAll(patch);
        if (all.isEmpty() || !all.stream().allMatch(o -> o instanceof Map)) {
            return null;
        }
        for (String key : List.of("mountPath", "containerPort", "name", "port")) {
            if (all.stream().allMatch(o -> ((Map<?, ?>) o).containsKey(key))) {
                return key;
            }
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    private static void setImages(Object node, Map<String, Object> image, boolean inContainers) {
        if (node instanceof Map<?, ?> m) {
            Map<String, Object> map = (Map<String, Object>) m;
            if (inContainers && map.get("image") instanceof String current) {
                String name = current.split("[:@]")[0];
                if (name.equals(image.get("name"))) {
                    String newName = image.get("newName") != null ? (String) image.get("newName") : name;
                    String tag = image.get("newTag") != null
                            ? ":" + image.get("newTag")
                            : current.substring(name.length());
                    map.put("image", newName + tag);
                }
            }
            map.forEach((k, v) -> setImages(v, image, k.equals("containers") || k.equals("initContainers")));
        } else if (node instanceof List<?> list) {
            list.forEach(item -> setImages(item, image, inContainers));
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object o) {
        return o == null ? List.of() : (List<Object>) o;
    }
}
