package com.certyneo.slack.admin;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import com.certyneo.slack.platform.BoundedBody;
import com.certyneo.slack.platform.Problem;
import com.certyneo.slack.platform.ProblemException;

import io.vertx.core.http.HttpServerRequest;

/**
 * Refuses an admin API body larger than {@code admin.max-body-size} before it is read (413
 * problem+json), instead of buffering up to Quarkus's 10 MiB default. A body without a declared length (chunked) is
 * refused with 411: the admin API's bodies are small JSON documents that every client sends with a length, and
 * only a declared length can be checked before reading.
 */
public class AdminBodyLimit {

    static final String ADMIN_PATHS = "/api/";

    private final AdminConfig config;

    public AdminBodyLimit(AdminConfig config) {
        this.config = config;
    }

    @ServerRequestFilter(preMatching = true)
    public void limit(HttpServerRequest request) {
        if (!request.path().startsWith(ADMIN_PATHS)) {
            return;
        }
        long limit = config.maxBodySize().asLongValue();
        if (BoundedBody.declaredLength(request) > limit) {
            BoundedBody.discard(request);
            throw new ProblemException(Problem.ofField(413, "Payload too large",
                    "The body is larger than " + (limit / 1024) + " KiB.", "body"));
        }
        if (request.getHeader("Content-Length") == null && request.getHeader("Transfer-Encoding") != null) {
            BoundedBody.discard(request);
            throw new ProblemException(Problem.ofField(411, "Length required",
                    "Send the body with a Content-Length header.", "body"));
        }
    }
}
