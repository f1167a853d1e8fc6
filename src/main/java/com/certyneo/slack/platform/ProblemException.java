package com.certyneo.slack.platform;

import java.time.Duration;

/**
 * An expected failure that maps to a problem+json answer. The message must be safe to show to the
 * caller: no secrets, signatures or tokens.
 */
public class ProblemException extends RuntimeException {

    private final transient Problem problem;
    private final Duration retryAfter;

    public ProblemException(Problem problem) {
        this(problem, null);
    }

    public ProblemException(Problem problem, Duration retryAfter) {
        super(problem.detail(), null, false, false);
        this.problem = problem;
        this.retryAfter = retryAfter;
    }

    public static ProblemException badRequest(String field, String detail) {
        return new ProblemException(Problem.ofField(400, "Invalid request", detail, field));
    }

    public static ProblemException unauthorized(String detail) {
        return new ProblemException(Problem.of(401, "Unauthorized", detail));
    }

    public static ProblemException forbidden(String detail) {
        return new ProblemException(Problem.of(403, "Forbidden", detail));
    }

    public static ProblemException notFound(String detail) {
        return new ProblemException(Problem.of(404, "Not found", detail));
    }

    public static ProblemException conflict(String detail) {
        return new ProblemException(Problem.of(409, "Conflict", detail));
    }

    public static ProblemException unavailable(String detail, Duration retryAfter) {
        return new ProblemException(Problem.of(503, "Service unavailable", detail), retryAfter);
    }

    public Problem problem() {
        return problem;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
