package com.certyneo.slack.slackapp;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Decides whether a URL starts with one of the allowed prefixes: an OAuth {@code return_url} (ALLOWED_RETURN_URLS)
 * and a Slack {@code response_url} (RESEND_RESPONSE_URL_PREFIXES) follow the same rule. The comparison is on parsed
 * URLs, not strings: scheme, host and port must be equal and the path must continue the prefix's path at a segment
 * boundary, so {@code https://app.certyneo.com.evil.com}, {@code https://app.certyneo.com@evil.com} or
 * {@code /settings-evil} do not pass. Pure class.
 */
public final class UrlPrefixPolicy {

    private final List<URI> prefixes;

    public UrlPrefixPolicy(List<String> allowedPrefixes) {
        this.prefixes = allowedPrefixes.stream().map(String::trim).filter(s -> !s.isEmpty())
                .map(UrlPrefixPolicy::parse).flatMap(Optional::stream).toList();
    }

    /** The normalised URL when it is allowed, empty otherwise. */
    public Optional<URI> check(String candidate) {
        if (candidate == null || candidate.length() > 2000) {
            return Optional.empty();
        }
        Optional<URI> parsed = parse(candidate);
        if (parsed.isEmpty()) {
            return Optional.empty();
        }
        URI url = parsed.get();
        return prefixes.stream().anyMatch(prefix -> matches(prefix, url)) ? parsed : Optional.empty();
    }

    /** {@code url} with {@code query} (already encoded) added to its query string, fragment kept last. */
    public static String withQuery(String url, String query) {
        URI uri = URI.create(url);
        String existing = uri.getRawQuery();
        StringBuilder out = new StringBuilder();
        out.append(uri.getScheme()).append("://").append(uri.getRawAuthority());
        out.append(uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath());
        out.append('?');
        if (existing != null && !existing.isEmpty()) {
            out.append(existing).append('&');
        }
        out.append(query);
        if (uri.getRawFragment() != null) {
            out.append('#').append(uri.getRawFragment());
        }
        return out.toString();
    }

    private static boolean matches(URI prefix, URI url) {
        if (!prefix.getScheme().equals(url.getScheme()) || !prefix.getHost().equals(url.getHost())
                || port(prefix) != port(url)) {
            return false;
        }
        String base = prefix.getRawPath();
        String path = url.getRawPath();
        if (base.isEmpty() || base.equals("/")) {
            return true;
        }
        if (!path.startsWith(base)) {
            return false;
        }
        return base.endsWith("/") || path.length() == base.length() || path.charAt(base.length()) == '/';
    }

    private static Optional<URI> parse(String text) {
        // Backslashes and encoded dots/slashes are read as separators or dot segments by browsers.
        String lower = text.toLowerCase(Locale.ROOT);
        if (text.indexOf('\\') >= 0 || lower.contains("%2e") || lower.contains("%2f") || lower.contains("%5c")
                || text.chars().anyMatch(c -> c <= 0x20 || c == 0x7f)) {
            return Optional.empty();
        }
        try {
            URI uri = new URI(text).normalize();
            String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!("https".equals(scheme) || "http".equals(scheme)) || uri.isOpaque() || uri.getHost() == null
                    || uri.getRawUserInfo() != null) {
                return Optional.empty();
            }
            String path = uri.getRawPath() == null ? "" : uri.getRawPath();
            if (path.startsWith("/..") || path.contains("/../") || path.endsWith("/..")) {
                return Optional.empty();
            }
            StringBuilder normal = new StringBuilder(scheme).append("://")
                    .append(uri.getRawAuthority().toLowerCase(Locale.ROOT)).append(path);
            if (uri.getRawQuery() != null) {
                normal.append('?').append(uri.getRawQuery());
            }
            if (uri.getRawFragment() != null) {
                normal.append('#').append(uri.getRawFragment());
            }
            return Optional.of(new URI(normal.toString()));
        } catch (URISyntaxException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static int port(URI uri) {
        if (uri.getPort() >= 0) {
            return uri.getPort();
        }
        return "https".equals(uri.getScheme()) ? 443 : 80;
    }
}
