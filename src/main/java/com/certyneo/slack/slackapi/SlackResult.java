package com.certyneo.slack.slackapi;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/**
 * Outcome of one Slack Web API call. Exactly one of:
 * <ul>
 * <li>{@link Ok} — {@code ok:true}, with the parsed value;</li>
 * <li>{@link SlackError} — HTTP 200 {@code ok:false} with Slack's {@code error} code (see {@link SlackErrors}
 * for permanent and auth codes);</li>
 * <li>{@link RateLimited} — HTTP 429 (or {@code error=ratelimited}), with Retry-After;</li>
 * <li>{@link Transient} — 5xx, other unexpected HTTP status, timeout, connection error, unreadable answer,
 * or one of Slack's own "try again" codes ({@code internal_error}, {@code fatal_error},
 * {@code service_unavailable}, {@code request_timeout}).</li>
 * </ul>
 * Never carries the token or the request.
 */
public sealed interface SlackResult<T> {

    record Ok<T>(T value) implements SlackResult<T> {
    }

    /** {@code code} is Slack's {@code error} field, e.g. channel_not_found. */
    record SlackError<T>(String code) implements SlackResult<T> {
    }

    /** {@code retryAfter} is Slack's Retry-After, at most {@link #MAX_RETRY_AFTER} (SPEC section 7). */
    record RateLimited<T>(Duration retryAfter) implements SlackResult<T> {

        public RateLimited {
            // a huge or garbled header must not park a channel for days
            retryAfter = retryAfter == null || retryAfter.isNegative()
                    ? Duration.ofSeconds(1)
                    : retryAfter.compareTo(MAX_RETRY_AFTER) > 0 ? MAX_RETRY_AFTER : retryAfter;
        }
    }

    /** The longest pause a 429 can impose on a channel. */
    Duration MAX_RETRY_AFTER = Duration.ofHours(1);

    /**
     * @param httpStatus the HTTP status when Slack answered, 0 when it did not (timeout, connection)
     * @param reason short machine-friendly cause: {@code http_503}, {@code timeout}, {@code connection},
     *        {@code invalid_response} or a Slack "try again" code
     */
    record Transient<T>(int httpStatus, String reason) implements SlackResult<T> {
    }

    static <T> SlackResult<T> ok(T value) {
        return new Ok<>(value);
    }

    static <T> SlackResult<T> error(String code) {
        return new SlackError<>(code);
    }

    static <T> SlackResult<T> rateLimited(Duration retryAfter) {
        return new RateLimited<>(retryAfter);
    }

    static <T> SlackResult<T> transientFailure(int httpStatus, String reason) {
        return new Transient<>(httpStatus, reason);
    }

    default boolean isOk() {
        return this instanceof Ok;
    }

    /** @throws IllegalStateException when not {@link Ok} */
    default T value() {
        if (this instanceof Ok<T> ok) {
            return ok.value();
        }
        throw new IllegalStateException("Slack call did not succeed: " + describe());
    }

    /** Slack's error code of a {@link SlackError}. */
    default Optional<String> errorCode() {
        return this instanceof SlackError<T> e ? Optional.of(e.code()) : Optional.empty();
    }

    /** Retrying cannot help and the installation needs a human (SPEC section 7). */
    default boolean isPermanentError() {
        return this instanceof SlackError<T> e && SlackErrors.isPermanent(e.code());
    }

    /** The token is no longer valid: the installation is revoked (SPEC section 7). */
    default boolean isAuthError() {
        return this instanceof SlackError<T> e && SlackErrors.isAuth(e.code());
    }

    default boolean isRateLimited() {
        return this instanceof RateLimited;
    }

    default boolean isTransient() {
        return this instanceof Transient;
    }

    /** Retry-After of a {@link RateLimited}. */
    default Optional<Duration> retryAfterDelay() {
        return this instanceof RateLimited<T> r ? Optional.of(r.retryAfter()) : Optional.empty();
    }

    /** HTTP status when one is known and meaningful (Transient with an answer, 429 for RateLimited). */
    default Optional<Integer> httpStatusCode() {
        if (this instanceof Transient<T> t && t.httpStatus() > 0) {
            return Optional.of(t.httpStatus());
        }
        return this instanceof RateLimited ? Optional.of(429) : Optional.empty();
    }

    /** Value mapping; failures keep their kind. */
    @SuppressWarnings("unchecked")
    default <U> SlackResult<U> map(Function<? super T, ? extends U> mapper) {
        if (this instanceof Ok<T> ok) {
            return new Ok<>(mapper.apply(ok.value()));
        }
        return (SlackResult<U>) this;
    }

    /**
     * Short text for audit trails and admin answers, safe to store and show: {@code ok},
     * {@code channel_not_found}, {@code rate_limited (retry after 30s)}, {@code http_503}, {@code timeout}…
     */
    default String describe() {
        if (this instanceof Ok) {
            return "ok";
        }
        if (this instanceof SlackError<T> e) {
            return e.code();
        }
        if (this instanceof RateLimited<T> r) {
            return "rate_limited (retry after " + r.retryAfter().toSeconds() + "s)";
        }
        return ((Transient<T>) this).reason();
    }
}
