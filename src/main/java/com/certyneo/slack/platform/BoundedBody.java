package com.certyneo.slack.platform;

import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;

/**
 * Reads a request body as raw bytes (the signature covers them) without ever holding more than
 * the limit: a declared Content-Length over it is refused before reading, and a chunked body is
 * refused as soon as it grows past it. Runs on the event loop without blocking. Used by every
 * endpoint that verifies a signature over the raw body (Certyneo webhooks, Slack events and interactions).
 */
public final class BoundedBody {

    /** After refusing, this much more is drained so the client can read the 413; then we hang up. */
    private static final long DRAIN_LIMIT = 1024 * 1024;

    private BoundedBody() {
    }

    public static Uni<byte[]> read(HttpServerRequest request, long limit) {
        long declared = declaredLength(request);
        if (declared > limit) {
            drain(request, 0);
            return Uni.createFrom().failure(tooLarge(limit));
        }
        if (request.isEnded()) {
            return Uni.createFrom().item(new byte[0]);
        }
        return Uni.createFrom().emitter(emitter -> {
            Buffer body = Buffer.buffer((int) Math.max(0, Math.min(declared, limit)));
            request.exceptionHandler(failure -> emitter
                    .fail(ProblemException.badRequest(null, "The body could not be read completely.")));
            request.endHandler(ignored -> emitter.complete(body.getBytes()));
            request.handler(chunk -> {
                if (body.length() + chunk.length() > limit) {
                    drain(request, chunk.length());
                    emitter.fail(tooLarge(limit));
                } else {
                    body.appendBuffer(chunk);
                }
            });
            request.resume();
        });
    }

    /** Refuses the body without reading it (e.g. wrong content type), keeping the connection usable. */
    public static void discard(HttpServerRequest request) {
        drain(request, 0);
    }

    private static void drain(HttpServerRequest request, long alreadyRefused) {
        long[] drained = {alreadyRefused};
        request.exceptionHandler(ignored -> {
        });
        request.endHandler(ignored -> {
        });
        request.handler(chunk -> {
            drained[0] += chunk.length();
            if (drained[0] > DRAIN_LIMIT) {
                request.connection().close();
            }
        });
        if (!request.isEnded()) {
            request.resume();
        }
    }

    /** The declared Content-Length, or -1 when there is none or it is not a number. */
    public static long declaredLength(HttpServerRequest request) {
        String value = request.getHeader("Content-Length");
        if (value == null) {
            return -1;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static ProblemException tooLarge(long limit) {
        return new ProblemException(Problem.of(413, "Payload too large",
                "The body is larger than " + (limit / 1024) + " KiB."));
    }
}
