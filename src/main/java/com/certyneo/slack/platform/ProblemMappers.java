package com.certyneo.slack.platform;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;

/**
 * The one place that turns exceptions into {@code application/problem+json}. Unknown failures
 * become a generic 500 whose body says nothing about the cause; the cause goes to the log only.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);
    static final Duration DB_RETRY_AFTER = Duration.ofSeconds(5);

    @ServerExceptionMapper
    public RestResponse<Problem> problem(ProblemException e) {
        RestResponse.ResponseBuilder<Problem> builder = RestResponse.ResponseBuilder
                .<Problem>create(e.problem().status()).entity(e.problem())
                .type(Problem.MEDIA_TYPE);
        if (e.retryAfter() != null) {
            builder.header(HttpHeaders.RETRY_AFTER, e.retryAfter().toSeconds());
        }
        return builder.build();
    }

    @ServerExceptionMapper({JsonProcessingException.class, JsonMappingException.class,
            MismatchedInputException.class, InvalidFormatException.class})
    public RestResponse<Problem> malformedJson(JsonProcessingException e) {
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            // valid JSON of the wrong shape: name the field, never echo the value
            String field = fieldPath(mapping);
            return problem(ProblemException.badRequest(field, field + " has the wrong JSON type."));
        }
        return problem(ProblemException.badRequest(null, "The body is not valid JSON."));
    }

    /** {@code events[0]}, {@code digest.after}: where in the body the value was refused. */
    static String fieldPath(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : e.getPath()) {
            if (reference.getFieldName() != null) {
                String name = reference.getFieldName();
                path.append(path.length() == 0 ? "" : ".").append(name.length() > 60 ? name.substring(0, 60) : name);
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.length() == 0 ? null : path.toString();
    }

    /** Bean Validation: 400 naming the first offending field as sent; the constraint's words, never the value. */
    @ServerExceptionMapper
    public RestResponse<Problem> invalid(ConstraintViolationException e) {
        return e.getConstraintViolations().stream().map(v -> Map.entry(field(v), v.getMessage()))
                .min(Map.Entry.comparingByKey())
                .map(v -> problem(ProblemException.badRequest(v.getKey(), v.getKey() + " " + v.getValue() + ".")))
                .orElseGet(() -> problem(ProblemException.badRequest(null, "The request is not valid.")));
    }

    /** {@code channel_id}, {@code events[1]}, {@code limit}: snake_case like the JSON, method and body name left out. */
    static String field(ConstraintViolation<?> violation) {
        StringBuilder field = new StringBuilder();
        ElementKind previous = null;
        for (Path.Node node : violation.getPropertyPath()) {
            if (node.isInIterable()) {
                field.append('[').append(node.getIndex() != null ? node.getIndex() : node.getKey()).append(']');
            }
            if (node.getKind() == ElementKind.PARAMETER || node.getKind() == ElementKind.PROPERTY) {
                field.setLength(node.getKind() == ElementKind.PROPERTY && previous != ElementKind.PARAMETER
                        ? field.length()
                        : 0);
                field.append(field.isEmpty() ? "" : ".")
                        .append(node.getName().replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT));
            }
            previous = node.getKind();
        }
        return field.toString();
    }

    @ServerExceptionMapper
    public RestResponse<Problem> unsupportedMediaType(NotSupportedException e) {
        return problem(new ProblemException(Problem.of(415, "Unsupported media type",
                "Send the body as application/json.")));
    }

    @ServerExceptionMapper
    public RestResponse<Problem> notFound(NotFoundException e) {
        return problem(ProblemException.notFound("No such resource."));
    }

    @ServerExceptionMapper
    public RestResponse<Problem> notAllowed(NotAllowedException e) {
        return problem(new ProblemException(Problem.of(405, "Method not allowed",
                "This method is not allowed on this resource.")));
    }

    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class})
    public RestResponse<Problem> unauthorized(Exception e) {
        return RestResponse.ResponseBuilder
                .<Problem>create(401).entity(Problem.of(401, "Unauthorized", "A valid bearer token is required."))
                .type(Problem.MEDIA_TYPE)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .build();
    }

    @ServerExceptionMapper
    public RestResponse<Problem> forbidden(ForbiddenException e) {
        return problem(ProblemException.forbidden("This token may not act on this resource."));
    }

    @ServerExceptionMapper
    public RestResponse<Problem> webApplication(WebApplicationException e) {
        int status = e.getResponse() == null ? 500 : e.getResponse().getStatus();
        if (status >= 500) {
            LOG.error("Unexpected web application failure", e);
        }
        Response.Status.Family family = Response.Status.Family.familyOf(status);
        String title = family == Response.Status.Family.CLIENT_ERROR ? "Invalid request" : "Server error";
        return problem(new ProblemException(Problem.of(status, title, "The request could not be processed.")));
    }

    @ServerExceptionMapper
    public RestResponse<Problem> unexpected(Throwable e) {
        if (DatabaseFailures.isUnavailable(e)) {
            // Database unreachable: the caller must retry later; nothing was half-written.
            LOG.warnf("Database unavailable: %s", e.getClass().getSimpleName());
            return problem(ProblemException.unavailable("The service cannot reach its database; retry later.",
                    DB_RETRY_AFTER));
        }
        LOG.error("Unexpected failure", e);
        return problem(new ProblemException(Problem.of(500, "Server error", "An unexpected error occurred.")));
    }
}
