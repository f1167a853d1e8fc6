package com.certyneo.slack.platform;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * RFC 9457 problem details, served as {@code application/problem+json}. {@code field} names the
 * offending input field when there is one. Never carries secrets, signatures or tokens.
 */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String field) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public static Problem of(int status, String title, String detail) {
        return new Problem("about:blank", title, status, detail, null);
    }

    public static Problem ofField(int status, String title, String detail, String field) {
        return new Problem("about:blank", title, status, detail, field);
    }
}
