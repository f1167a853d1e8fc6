package com.certyneo.slack.admin;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * {@code GET /ui/certyneo-slack-settings.js}: the settings web component (SPEC section 11), public like any script a
 * page loads, in production as in development. Its ETag is the SHA-256 of its content, so a cached copy is
 * revalidated with a 304 and no body. The plain URL is cached for an hour (a new release reaches every dashboard
 * within that hour); {@code ?v=} with the first 16 hex digits of the ETag makes the URL name the content, cached for
 * a year as immutable. It is a module script loaded from the dashboard's origin, so it is served with CORS.
 */
@Path("/ui")
public class SettingsComponentResource {

    static final String RESOURCE = "ui/certyneo-slack-settings.js";
    static final String PLAIN_CACHE = "public, max-age=3600";
    static final String VERSIONED_CACHE = "public, max-age=31536000, immutable";
    private static final String JAVASCRIPT = "text/javascript; charset=utf-8";

    private final byte[] content;
    private final String hash;
    private final String etag;

    public SettingsComponentResource() {
        try (InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the build");
            }
            content = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        hash = sha256(content);
        etag = "\"" + hash + "\"";
    }

    @GET
    @Path("/certyneo-slack-settings.js")
    @Operation(hidden = true)
    public RestResponse<byte[]> component(@HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch,
            @QueryParam("v") String version) {
        boolean versioned = version != null && version.length() >= 16 && hash.startsWith(version);
        RestResponse.ResponseBuilder<byte[]> answer = matches(ifNoneMatch)
                ? RestResponse.ResponseBuilder.<byte[]>notModified()
                : RestResponse.ResponseBuilder.ok(content, JAVASCRIPT);
        return answer.header(HttpHeaders.ETAG, etag)
                .header(HttpHeaders.CACHE_CONTROL, versioned ? VERSIONED_CACHE : PLAIN_CACHE)
                .header("Access-Control-Allow-Origin", "*")
                .header("Cross-Origin-Resource-Policy", "cross-origin")
                .header("X-Content-Type-Options", "nosniff")
                .build();
    }

    /** If-None-Match: one or more entity tags (weak ones compare equal for a GET), or *. */
    private boolean matches(String ifNoneMatch) {
        if (ifNoneMatch == null) {
            return false;
        }
        return Arrays.stream(ifNoneMatch.split(",")).map(String::trim)
                .map(tag -> tag.startsWith("W/") ? tag.substring(2) : tag)
                .anyMatch(tag -> tag.equals("*") || tag.equals(etag));
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
