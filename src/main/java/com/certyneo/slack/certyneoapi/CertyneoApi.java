package com.certyneo.slack.certyneoapi;

import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import io.quarkus.oidc.client.filter.OidcClientFilter;
import io.quarkus.rest.client.reactive.ClientExceptionMapper;
import io.smallrye.mutiny.Uni;

/**
 * Certyneo API (SPEC section 6). The OIDC client filter adds the client-credentials bearer token,
 * cached and refreshed by quarkus-oidc-client (one token request per token lifetime, not per call).
 * Only {@link CertyneoClient} uses this interface.
 */
@RegisterRestClient(configKey = "certyneo-api")
@OidcClientFilter
@Path("/v1/envelopes")
interface CertyneoApi {

    @POST
    @Path("/{id}/resend")
    Uni<Void> resend(@PathParam("id") String envelopeId, @HeaderParam("Certyneo-Account") String accountId,
            @HeaderParam("Idempotency-Key") String idempotencyKey);

    /** Turns error answers into the two failures the fault-tolerance policy tells apart. */
    @ClientExceptionMapper
    static RuntimeException toException(Response response) {
        int status = response.getStatus();
        if (status < 400) {
            return null;
        }
        // 401: the cached token was refused (revoked early); the filter fetches a new one for the retry
        if (status >= 500 || status == 401 || status == 408 || status == 429) {
            return new CertyneoTransientException("Certyneo answered HTTP " + status);
        }
        String body = null;
        try {
            if (response.hasEntity()) {
                body = response.readEntity(String.class);
            }
        } catch (RuntimeException unreadable) {
            // the status alone still says the request was refused
        }
        return new CertyneoRejectedException(status, RejectionReason.from(status, body));
    }
}
