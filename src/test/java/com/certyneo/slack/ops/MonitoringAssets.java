package com.certyneo.slack.ops;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

/**
 * The alerting and dashboard files of deployment/, and the series selectors their PromQL uses.
 * The selector reader knows the PromQL these files use (selectors with label matchers, functions,
 * aggregations with by/without, ranges, arithmetic and set operators), not the whole language.
 */
final class MonitoringAssets {

    static final Path RULES = Path.of("deployment/monitoring/certyneo-slack-rules.yaml");
    static final Path RULE_TESTS = Path.of("deployment/monitoring/certyneo-slack-rules.test.yaml");
    static final Path PROMETHEUS_RULE = Path.of("deployment/base/prometheusrule.yaml");
    static final Path DASHBOARD = Path.of("deployment/monitoring/grafana-dashboard.json");

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "on", "ignoring", "group_left",
            "group_right", "bool", "offset", "by", "without");
    private static final Pattern GROUPING = Pattern.compile("\\b(by|without|on|ignoring)\\s*\\(([^)]*)\\)");
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w.$])([a-zA-Z_:][a-zA-Z0-9_:]*)");
    private static final Pattern MATCHER = Pattern
            .compile("([a-zA-Z_]\\w*)\\s*(=~|!~|!=|=)\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern LABEL_VALUES = Pattern
            .compile("label_values\\(\\s*([a-zA-Z_:][\\w:]*)\\s*,\\s*(\\w+)\\s*\\)");

    /** One series selector: metric name and label matchers (label, operator, value). */
    record Selector(String metric, List<LabelMatcher> matchers) {
    }

    record LabelMatcher(String label, String op, String value) {
    }

    /** One PromQL expression: its selectors and the label names it groups or matches by. */
    record Query(String expr, List<Selector> selectors, Set<String> groupingLabels) {
    }

    private MonitoringAssets() {
    }

    static JsonNode yaml(Path file) {
        try {
            return YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode dashboard() {
        try {
            return JSON.readTree(DASHBOARD.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every alerting/recording rule of the plain rule file. */
    static List<JsonNode> rules() {
        List<JsonNode> rules = new ArrayList<>();
        yaml(RULES).get("groups").forEach(group -> group.get("rules").forEach(rules::add));
        return rules;
    }

    /** The PromQL of the rules and of the dashboard (panel targets and query variables). */
    static List<Query> queries() {
        List<Query> queries = new ArrayList<>();
        rules().forEach(rule -> queries.add(parse(rule.get("expr").asText())));
        dashboard().get("panels").forEach(panel -> panel.path("targets")
                .forEach(target -> queries.add(parse(target.get("expr").asText()))));
        dashboard().path("templating").path("list").forEach(variable -> {
            String query = variable.path("query").isObject()
                    ? variable.path("query").path("query").asText()
                    : variable.path("query").asText();
            Matcher m = LABEL_VALUES.matcher(query);
            if (m.find()) {
                queries.add(new Query(query, List.of(new Selector(m.group(1), List.of())), Set.of(m.group(2))));
            }
        });
        return queries;
    }

    static Query parse(String expr) {
        Set<String> grouping = new LinkedHashSet<>();
        Matcher g = GROUPING.matcher(expr);
        StringBuilder rest = new StringBuilder();
        while (g.find()) {
            for (String label : g.group(2).split(",")) {
                if (!label.isBlank()) {
                    grouping.add(label.trim());
                }
            }
            g.appendReplacement(rest, " ");
        }
        g.appendTail(rest);
        // ranges and subqueries ([5m], [$__rate_interval]) carry no names
        String text = rest.toString().replaceAll("\\[[^\\]]*\\]", " ");
        List<Selector> selectors = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '"') { // a string argument outside braces: skip it
                i = text.indexOf('"', i + 1) + 1;
                continue;
            }
            Matcher id = IDENTIFIER.matcher(text);
            if (!id.find(i) || id.start() != i) {
                i++;
                continue;
            }
            String name = id.group(1);
            int after = skipSpaces(text, id.end());
            if (after < text.length() && text.charAt(after) == '(' || KEYWORDS.contains(name)) {
                i = id.end(); // a function, an aggregation or an operator keyword
                continue;
            }
            List<LabelMatcher> matchers = new ArrayList<>();
            int end = id.end();
            if (after < text.length() && text.charAt(after) == '{') {
                int close = text.indexOf('}', after);
                Matcher m = MATCHER.matcher(text.substring(after + 1, close));
                while (m.find()) {
                    matchers.add(new LabelMatcher(m.group(1), m.group(2), m.group(3)));
                }
                end = close + 1;
            }
            selectors.add(new Selector(name, matchers));
            i = end;
        }
        return new Query(expr, selectors, grouping);
    }

    private static int skipSpaces(String text, int from) {
        int i = from;
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        return i;
    }

    /** The alternatives of a regex matcher made only of literal alternatives ("a|b|c"). */
    static List<String> alternatives(String regex) {
        if (!regex.matches("[a-z0-9_]+(\\|[a-z0-9_]+)*")) {
            throw new AssertionError("not a plain list of alternatives: " + regex);
        }
        return List.of(regex.split("\\|"));
    }

    static Map<String, Object> asMap(JsonNode node) {
        return YAML.convertValue(node, Map.class);
    }
}
