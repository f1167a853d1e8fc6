package com.certyneo.slack.ops;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A strict parser of the Prometheus text exposition format (version 0.0.4): every line must be a
 * HELP, TYPE or comment line, a sample, or empty; otherwise {@link #parse} throws naming the line.
 * Checks metric and label name syntax, label value escaping, float values (NaN, +Inf, -Inf),
 * optional integer timestamps, one TYPE/HELP per family declared before its samples, samples of a
 * family kept together, and histogram buckets carrying {@code le} with a {@code +Inf} bucket.
 */
final class PrometheusText {

    record Sample(String name, Map<String, String> labels, double value) {
    }

    record Family(String name, String type, String help, List<Sample> samples) {
    }

    private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Set<String> TYPES = Set.of("counter", "gauge", "histogram", "summary", "untyped");
    private static final List<String> SUFFIXES = List.of("_total", "_bucket", "_sum", "_count", "_created");

    private final Map<String, Family> families = new LinkedHashMap<>();

    private PrometheusText() {
    }

    Map<String, Family> families() {
        return families;
    }

    /** Every sample of every family. */
    List<Sample> samples() {
        return families.values().stream().flatMap(f -> f.samples().stream()).toList();
    }

    static PrometheusText parse(String text) {
        PrometheusText result = new PrometheusText();
        String current = null;
        Set<String> closed = new HashSet<>();
        int number = 0;
        for (String line : text.split("\n", -1)) {
            number++;
            try {
                if (line.isEmpty()) {
                    continue;
                }
                if (line.startsWith("#")) {
                    String family = result.meta(line);
                    if (family != null && !family.equals(current)) {
                        if (current != null) {
                            closed.add(current);
                        }
                        if (closed.contains(family)) {
                            throw new IllegalArgumentException("family " + family + " appears twice");
                        }
                        current = family;
                    }
                    continue;
                }
                Sample sample = sample(line);
                String family = result.familyOf(sample.name(), current);
                if (!family.equals(current)) {
                    if (current != null) {
                        closed.add(current);
                    }
                    if (closed.contains(family)) {
                        throw new IllegalArgumentException("samples of " + family + " are not together");
                    }
                    current = family;
                }
                result.families.computeIfAbsent(family, f -> new Family(f, "untyped", null, new ArrayList<>()))
                        .samples().add(sample);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("line " + number + " is not Prometheus text format ("
                        + e.getMessage() + "): " + line, e);
            }
        }
        result.families.values().forEach(PrometheusText::checkHistogram);
        return result;
    }

    /** HELP/TYPE lines; returns the family they declare, null for a plain comment. */
    private String meta(String line) {
        String[] parts = line.split(" ", 4);
        if (parts.length < 3 || !(parts[1].equals("HELP") || parts[1].equals("TYPE"))) {
            return null; // a comment
        }
        String name = parts[2];
        if (!METRIC_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("bad metric name " + name);
        }
        Family existing = families.get(name);
        if (parts[1].equals("TYPE")) {
            String type = parts.length == 4 ? parts[3] : "";
            if (!TYPES.contains(type)) {
                throw new IllegalArgumentException("bad type " + type);
            }
            if (existing != null && (!existing.type().equals("untyped") || !existing.samples().isEmpty())) {
                throw new IllegalArgumentException("TYPE repeated or after samples for " + name);
            }
            families.put(name, new Family(name, type, existing == null ? null : existing.help(), new ArrayList<>()));
        } else {
            if (existing != null && existing.help() != null) {
                throw new IllegalArgumentException("HELP repeated for " + name);
            }
            String help = parts.length == 4 ? parts[3] : "";
            families.put(name, new Family(name, existing == null ? "untyped" : existing.type(), help,
                    existing == null ? new ArrayList<>() : existing.samples()));
        }
        return name;
    }

    private String familyOf(String sampleName, String current) {
        if (families.containsKey(sampleName)) {
            return sampleName;
        }
        // Micrometer's long task timers are summaries whose samples are <family>_active_count and
        // <family>_duration_sum, interleaved per label set (e.g. one per HTTP client)
        if (current != null && sampleName.startsWith(current + "_") && families.containsKey(current)
                && "summary".equals(families.get(current).type())) {
            return current;
        }
        for (String suffix : SUFFIXES) {
            if (sampleName.endsWith(suffix)) {
                String base = sampleName.substring(0, sampleName.length() - suffix.length());
                if (families.containsKey(base)) {
                    return base;
                }
            }
        }
        return sampleName; // an untyped family of its own
    }

    private static Sample sample(String line) {
        int i = 0;
        while (i < line.length() && line.charAt(i) != '{' && line.charAt(i) != ' ') {
            i++;
        }
        String name = line.substring(0, i);
        if (!METRIC_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("bad metric name '" + name + "'");
        }
        Map<String, String> labels = new LinkedHashMap<>();
        if (i < line.length() && line.charAt(i) == '{') {
            i = labels(line, i + 1, labels);
        }
        if (i >= line.length() || line.charAt(i) != ' ') {
            throw new IllegalArgumentException("no value");
        }
        String[] rest = line.substring(i + 1).trim().split(" +");
        if (rest.length > 2) {
            throw new IllegalArgumentException("trailing text");
        }
        double value = value(rest[0]);
        if (rest.length == 2) {
            Long.parseLong(rest[1]); // timestamp in ms
        }
        return new Sample(name, labels, value);
    }

    /** Parses labels after '{'; returns the index after '}'. */
    private static int labels(String line, int i, Map<String, String> labels) {
        while (true) {
            if (line.charAt(i) == '}') {
                return i + 1;
            }
            int eq = line.indexOf('=', i);
            String labelName = line.substring(i, eq);
            if (!LABEL_NAME.matcher(labelName).matches()) {
                throw new IllegalArgumentException("bad label name '" + labelName + "'");
            }
            if (line.charAt(eq + 1) != '"') {
                throw new IllegalArgumentException("label value not quoted");
            }
            StringBuilder value = new StringBuilder();
            int j = eq + 2;
            while (line.charAt(j) != '"') {
                char c = line.charAt(j);
                if (c == '\\') {
                    char next = line.charAt(j + 1);
                    switch (next) {
                        case '\\' -> value.append('\\');
                        case '"' -> value.append('"');
                        case 'n' -> value.append('\n');
                        default -> throw new IllegalArgumentException("bad escape \\" + next);
                    }
                    j += 2;
                } else {
                    value.append(c);
                    j++;
                }
            }
            if (labels.put(labelName, value.toString()) != null) {
                throw new IllegalArgumentException("label " + labelName + " repeated");
            }
            i = j + 1;
            if (line.charAt(i) == ',') {
                i++;
            } else if (line.charAt(i) != '}') {
                throw new IllegalArgumentException("expected , or } after label " + labelName);
            }
        }
    }

    private static double value(String text) {
        return switch (text) {
            case "NaN" -> Double.NaN;
            case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> {
                if (!text.matches("[-+]?([0-9]*\\.?[0-9]+|[0-9]+\\.)([eE][-+]?[0-9]+)?")) {
                    throw new IllegalArgumentException("bad value " + text);
                }
                yield Double.parseDouble(text);
            }
        };
    }

    private static void checkHistogram(Family family) {
        if (!family.type().equals("histogram")) {
            return;
        }
        List<Sample> buckets = family.samples().stream().filter(s -> s.name().endsWith("_bucket")).toList();
        for (Sample bucket : buckets) {
            if (!bucket.labels().containsKey("le")) {
                throw new IllegalArgumentException("bucket without le in " + family.name());
            }
        }
        if (!buckets.isEmpty() && buckets.stream().noneMatch(s -> "+Inf".equals(s.labels().get("le")))) {
            throw new IllegalArgumentException("histogram " + family.name() + " has no +Inf bucket");
        }
    }
}
