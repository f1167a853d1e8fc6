package com.certyneo.slack.intake;

import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.jboss.resteasy.reactive.RestResponse;

import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

/**
 * {@code POST /webhooks/certyneo} (SPEC section 2). Deliberately has no entity parameter: the body
 * is read as raw bytes by {@link com.certyneo.slack.platform.BoundedBody}, because the signature covers exactly those bytes
 * and the size limit must hold while reading.
 */
@Path("/webhooks/certyneo")
public class WebhookResource {

    private final WebhookIntake intake;

    public WebhookResource(WebhookIntake intake) {
        this.intake = intake;
    }

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<RestResponse<WebhookAnswer>> receive(HttpServerRequest request) {
        return intake.receive(request).map(answer -> RestResponse.ResponseBuilder
                .create(WebhookAnswer.ACCEPTED.equals(answer.status())
                        ? RestResponse.Status.ACCEPTED
                        : RestResponse.Status.OK, answer)
                .build());
    }
}
