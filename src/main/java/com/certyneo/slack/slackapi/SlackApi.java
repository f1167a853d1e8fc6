package com.certyneo.slack.slackapi;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestQuery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.smallrye.mutiny.Uni;

/**
 * Raw Slack Web API calls. Package-private: everything else goes through {@link SlackClient}, which
 * owns timeouts and maps answers to {@link SlackResult}. Answers are read as JSON trees, so no
 * reflection is needed for them in a native image.
 */
@RegisterRestClient(configKey = "slack")
@Produces(MediaType.APPLICATION_JSON)
interface SlackApi {

    String AUTHORIZATION = "Authorization";
    String JSON_UTF8 = "application/json; charset=utf-8";

    @POST
    @Path("/chat.postMessage")
    @Consumes(JSON_UTF8)
    Uni<JsonNode> postMessage(@HeaderParam(AUTHORIZATION) String bearer, ObjectNode body);

    @POST
    @Path("/chat.update")
    @Consumes(JSON_UTF8)
    Uni<JsonNode> update(@HeaderParam(AUTHORIZATION) String bearer, ObjectNode body);

    @GET
    @Path("/conversations.list")
    Uni<JsonNode> conversationsList(@HeaderParam(AUTHORIZATION) String bearer, @RestQuery("types") String types,
            @RestQuery("exclude_archived") boolean excludeArchived, @RestQuery("limit") int limit,
            @RestQuery("cursor") String cursor);

    @GET
    @Path("/conversations.info")
    Uni<JsonNode> conversationsInfo(@HeaderParam(AUTHORIZATION) String bearer, @RestQuery("channel") String channel);

    @POST
    @Path("/oauth.v2.access")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    Uni<JsonNode> oauthV2Access(@HeaderParam(AUTHORIZATION) String basic, @RestForm("code") String code,
            @RestForm("redirect_uri") String redirectUri);

    @POST
    @Path("/auth.revoke")
    Uni<JsonNode> authRevoke(@HeaderParam(AUTHORIZATION) String bearer);

    @POST
    @Path("/auth.test")
    Uni<JsonNode> authTest(@HeaderParam(AUTHORIZATION) String bearer);
}
