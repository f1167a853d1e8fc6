package com.certyneo.slack.testsupport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

/** The plumbing of the fakes: HTTP servers on 127.0.0.1, served by one pool of daemon threads. */
final class LocalHttp {

    static {
        // the JDK server writes an answer's headers and body separately: with Nagle's algorithm on, the body waited
        // for the client's delayed ACK, and 40 ms were added to most calls (Slack's own servers do not do that)
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final ExecutorService executor;

    LocalHttp(String threadName) {
        executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
    }

    /** A started server on {@code port} (0: any free port) answering {@code path} with {@code handler}. */
    HttpServer serve(int port, String path, HttpHandler handler) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.setExecutor(executor);
        server.createContext(path, handler);
        server.start();
        return server;
    }

    /** The fields of an application/x-www-form-urlencoded body or query string (pairs without '=' are ignored). */
    static Map<String, String> form(String encoded) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String pair : encoded.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                fields.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return fields;
    }

    /** Stops the threads once the servers are stopped. */
    void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
