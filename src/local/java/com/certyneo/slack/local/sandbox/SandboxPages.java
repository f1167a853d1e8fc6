package com.certyneo.slack.local.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import io.vertx.ext.web.RoutingContext;

/**
 * The sandbox's pages and assets: files under {@code sandbox/} on the class path (src/local/resources, so only the
 * development build has them), with {@code {{name}}} placeholders filled in. Values given to {@link #render} are
 * already HTML-escaped by the caller where they come from a request. Read at each request, never cached: dev mode
 * copies a changed page without restarting, and a sandbox page is a few kilobytes.
 */
final class SandboxPages {

    private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8", "js",
            "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8", "svg", "image/svg+xml");

    /** {@code name} with each {@code {{key}}} replaced; pairs is key, value, key, value… */
    String render(String name, List<String> pairs) {
        String page = file(name);
        for (int i = 0; i + 1 < pairs.size(); i += 2) {
            page = page.replace("{{" + pairs.get(i) + "}}", pairs.get(i + 1));
        }
        return page;
    }

    /** GET /sandbox/assets/{file}: a static file of the sandbox. */
    void asset(RoutingContext rc) {
        String name = rc.pathParam("file");
        int dot = name.lastIndexOf('.');
        String type = dot < 0 ? null : TYPES.get(name.substring(dot + 1));
        if (type == null || !name.matches("[a-z0-9-]+\\.[a-z]+")) {
            rc.next();
            return;
        }
        String content;
        try {
            content = file(name);
        } catch (IllegalArgumentException missing) {
            rc.next();
            return;
        }
        rc.response().putHeader("Content-Type", type).putHeader("Cache-Control", "no-cache").end(content);
    }

    void html(RoutingContext rc, int status, String page) {
        rc.response().setStatusCode(status).putHeader("Content-Type", "text/html; charset=utf-8")
                .putHeader("Cache-Control", "no-store").end(page);
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&#39;");
    }

    private String file(String name) {
        return load(name);
    }

    private static String load(String name) {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream("sandbox/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no sandbox file " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
