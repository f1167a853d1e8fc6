package com.certyneo.slack.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One of the service's own Prometheus histograms over a window: the difference of its cumulative buckets between two
 * scrapes of {@code /q/metrics}. Quantiles are bucket bounds ("at most"), as Prometheus reads them.
 */
final class ServiceHistogram {

    private static final Pattern BUCKET = Pattern.compile("(?m)^(\\w+)_bucket\\{([^}]*)\\} (\\S+)$");
    private static final Pattern LE = Pattern.compile("le=\"([^\"]+)\"");

    private ServiceHistogram() {
    }

    /** Cumulative count by upper bound (seconds) of the buckets of {@code name} in a scrape. */
    static TreeMap<Double, Double> buckets(String scrape, String name) {
        TreeMap<Double, Double> out = new TreeMap<>();
        Matcher m = BUCKET.matcher(scrape);
        while (m.find()) {
            Matcher le = LE.matcher(m.group(2));
            if (m.group(1).equals(name) && le.find()) {
                double bound = "+Inf".equals(le.group(1)) ? Double.POSITIVE_INFINITY : Double.parseDouble(le.group(1));
                out.put(bound, Double.parseDouble(m.group(3)));
            }
        }
        return out;
    }

    /** Count, p50 and p99 (at most, in ms) and the share over 10 ms of what was recorded between the scrapes. */
    static Map<String, Object> between(TreeMap<Double, Double> before, TreeMap<Double, Double> after) {
        TreeMap<Double, Double> window = new TreeMap<>();
        after.forEach((bound, count) -> window.put(bound, count - before.getOrDefault(bound, 0.0)));
        double total = window.isEmpty() ? 0 : window.lastEntry().getValue();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("count", (long) total);
        if (total > 0) {
            out.put("p50_ms_at_most", quantileMs(window, total, 0.50));
            out.put("p99_ms_at_most", quantileMs(window, total, 0.99));
            Double within = window.get(0.01);
            if (within != null) {
                out.put("over_10_ms_share", Math.round((1 - within / total) * 10000) / 10000.0);
            }
        }
        return out;
    }

    private static double quantileMs(TreeMap<Double, Double> window, double total, double q) {
        for (Map.Entry<Double, Double> bucket : window.entrySet()) {
            if (bucket.getValue() >= q * total) {
                return Math.round(bucket.getKey() * 1e5) / 100.0;
            }
        }
        return Double.POSITIVE_INFINITY;
    }
}
