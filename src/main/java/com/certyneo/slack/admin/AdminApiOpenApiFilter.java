package com.certyneo.slack.admin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.headers.Header;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;
import org.eclipse.microprofile.openapi.models.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.models.security.SecurityScheme;

import com.certyneo.slack.event.EventType;

/**
 * Completes the generated description of the admin API ({@code /api/v1}, SPEC section 4) so that
 * {@code /q/openapi} is a valid document a client generator or a gateway can take as is: the
 * bearer JWT as an {@code http}/{@code bearer} scheme (the generated {@code openIdConnect} one
 * has no URL when tokens are checked with a fixed public key), the requirement on every admin
 * operation, the {@code application/problem+json} answers each operation can give, and the event names a
 * body may hold. Kept here, not in annotations on the resources, so that the rules hold for every admin endpoint.
 */
public class AdminApiOpenApiFilter implements OASFilter {

    static final String SCHEME = "bearerJwt";
    static final String PROBLEM = "Problem";
    private static final String ADMIN_PREFIX = "/api/v1/";
    private static final String PROBLEM_JSON = "application/problem+json";
    /** Sub-resources that act on a connected installation and answer 409 when there is none. */
    private static final List<String> NEEDS_CONNECTION = List.of("/channels", "/channel", "/events", "/test",
            "/settings", "/routes");

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        Components components = openAPI.getComponents();
        if (components == null) {
            components = OASFactory.createComponents();
            openAPI.setComponents(components);
        }
        components.setSecuritySchemes(new LinkedHashMap<>(Map.of(SCHEME, bearerScheme())));
        components.addSchema(PROBLEM, problemSchema());
        Schema events = components.getSchemas().get("EventsRequest");
        if (events != null && events.getProperties() != null && events.getProperties().get("events") != null) {
            // what @EventNames checks, for clients: the wire names of EventType
            events.getProperties().get("events").getItems().setEnumeration(new ArrayList<>(EventType.wireNames()));
        }
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        openAPI.getPaths().getPathItems().forEach((path, item) -> {
            if (path.startsWith(ADMIN_PREFIX)) {
                item.getOperations().values().forEach(operation -> document(path, item, operation));
            } else {
                item.getOperations().values().forEach(operation -> operation.setSecurity(null));
            }
        });
        openAPI.setSecurity(null);
    }

    private static void document(String path, PathItem item, Operation operation) {
        List<SecurityRequirement> security = new ArrayList<>();
        security.add(OASFactory.createSecurityRequirement().addScheme(SCHEME));
        operation.setSecurity(security);
        APIResponses responses = operation.getResponses();
        if (responses == null) {
            responses = OASFactory.createAPIResponses();
            operation.setResponses(responses);
        }
        boolean body = operation.getRequestBody() != null;
        responses.addAPIResponse("400", problem(body || hasQuery(item, operation)
                ? "Invalid account id, query parameter or body (the problem's field names it)"
                : "Invalid account id"));
        responses.addAPIResponse("401", problem("No bearer token, or one that is invalid, expired, "
                + "for another audience or from another issuer").addHeader("WWW-Authenticate",
                        header("Bearer")));
        responses.addAPIResponse("403", problem("The token's roles or account_id claim do not allow acting "
                + "on this account"));
        if (NEEDS_CONNECTION.stream().anyMatch(path::endsWith)) {
            responses.addAPIResponse("409", problem("Slack is not connected for this account, or the step "
                    + "it needs was not done yet"));
        }
        if (body) {
            responses.addAPIResponse("413", problem("The body is larger than the service accepts"));
            responses.addAPIResponse("415", problem("The body is not application/json"));
        }
        responses.addAPIResponse("503", problem("The database or Slack is unavailable; retry after the "
                + "Retry-After delay").addHeader("Retry-After", header("Seconds to wait before retrying")));
    }

    private static boolean hasQuery(PathItem item, Operation operation) {
        List<Parameter> parameters = new ArrayList<>();
        if (item.getParameters() != null) {
            parameters.addAll(item.getParameters());
        }
        if (operation.getParameters() != null) {
            parameters.addAll(operation.getParameters());
        }
        return parameters.stream().anyMatch(p -> p.getIn() == Parameter.In.QUERY);
    }

    private static APIResponse problem(String description) {
        return OASFactory.createAPIResponse().description(description)
                .content(OASFactory.createContent().addMediaType(PROBLEM_JSON, OASFactory.createMediaType()
                        .schema(OASFactory.createSchema().ref("#/components/schemas/" + PROBLEM))));
    }

    private static Header header(String description) {
        return OASFactory.createHeader().description(description)
                .schema(OASFactory.createSchema().addType(Schema.SchemaType.STRING));
    }

    private static SecurityScheme bearerScheme() {
        return OASFactory.createSecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                .bearerFormat("JWT")
                .description("OIDC access token of the Certyneo backend: audience and issuer checked; roles "
                        + "from the groups claim (integrations-admin with account_id, or platform)");
    }

    private static Schema problemSchema() {
        return OASFactory.createSchema().addType(Schema.SchemaType.OBJECT)
                .description("RFC 9457 problem details")
                .required(List.of("type", "title", "status"))
                .addProperty("type", string("Problem type URI (about:blank)"))
                .addProperty("title", string("Short summary"))
                .addProperty("status", OASFactory.createSchema().addType(Schema.SchemaType.INTEGER)
                        .description("HTTP status"))
                .addProperty("detail", string("What went wrong, in words; never a secret"))
                .addProperty("field", string("The offending input field, when there is one"));
    }

    private static Schema string(String description) {
        return OASFactory.createSchema().addType(Schema.SchemaType.STRING).description(description);
    }
}
