package com.certyneo.slack.ops;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.certyneo.slack.event.EventType;
import com.certyneo.slack.testsupport.Management;

import io.quarkus.test.junit.QuarkusTest;
import io.swagger.parser.OpenAPIParser;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;

/**
 * SPEC section 4 and 10: {@code /q/openapi} is a valid OpenAPI document that a client generator or
 * an API gateway can take as is: swagger-parser finds nothing to say, the bearer JWT is described,
 * and every admin operation declares the security requirement and its problem+json error answers.
 */
@QuarkusTest
class OpenApiDocumentTest {

    private static SwaggerParseResult parsed;

    /** Fetched once, when the first test runs (RestAssured knows the port only then). */
    @BeforeEach
    void fetchAndParse() {
        if (parsed != null) {
            return;
        }
        String document = given().get(Management.url("/q/openapi?format=json")).then().statusCode(200).extract()
                .asString();
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        parsed = new OpenAPIParser().readContents(document, null, options);
    }

    @Test
    void theParserAcceptsTheDocumentWithoutAnyMessage() {
        assertThat(parsed.getOpenAPI()).isNotNull();
        assertThat(parsed.getMessages()).isEmpty();
    }

    @Test
    void publicEndpointsAskForNoToken() {
        parsed.getOpenAPI().getPaths().forEach((path, item) -> {
            if (!path.startsWith("/api/v1/")) {
                item.readOperations()
                        .forEach(operation -> assertThat(operation.getSecurity()).as(path).isNullOrEmpty());
            }
        });
        assertThat(parsed.getOpenAPI().getSecurity()).isNullOrEmpty();
    }

    @Test
    void theBearerJwtIsAnHttpBearerSchemeWithJwtFormat() {
        Map<String, SecurityScheme> schemes = parsed.getOpenAPI().getComponents().getSecuritySchemes();
        assertThat(schemes).isNotEmpty();
        assertThat(schemes.values()).allSatisfy(scheme -> {
            assertThat(scheme.getType()).isEqualTo(SecurityScheme.Type.HTTP);
            assertThat(scheme.getScheme()).isEqualTo("bearer");
            assertThat(scheme.getBearerFormat()).isEqualTo("JWT");
        });
    }

    @Test
    void everyAdminOperationRequiresTheBearerTokenAndDocumentsItsProblemJsonErrors() {
        OpenAPI api = parsed.getOpenAPI();
        String scheme = api.getComponents().getSecuritySchemes().keySet().iterator().next();
        List<String> checked = new ArrayList<>();
        api.getPaths().forEach((path, item) -> {
            if (!path.startsWith("/api/v1/")) {
                return;
            }
            item.readOperationsMap().forEach((method, operation) -> {
                String name = method + " " + path;
                checked.add(name);
                assertThat(operation.getSecurity()).as(name).isNotEmpty()
                        .anySatisfy(requirement -> assertThat(requirement).containsKey(scheme));
                // 400: every path carries the account id, checked before anything else
                List<String> expected = new ArrayList<>(List.of("400", "401", "403", "503"));
                if (hasBody(operation)) {
                    expected.addAll(List.of("413", "415"));
                }
                assertThat(operation.getResponses()).as(name).containsKeys(expected.toArray(String[]::new));
                for (String status : expected) {
                    ApiResponse response = operation.getResponses().get(status);
                    assertThat(response.getDescription()).as(name + " " + status).isNotBlank();
                    MediaType problem = response.getContent() == null
                            ? null
                            : response.getContent().get("application/problem+json");
                    assertThat(problem).as(name + " " + status + " problem+json").isNotNull();
                    assertThat(problem.getSchema()).as(name + " " + status + " schema").isNotNull();
                }
            });
        });
        // the operations of SPEC section 4 that exist today; any added later is checked above too
        assertThat(checked).contains("GET /api/v1/accounts/{acc}/slack", "DELETE /api/v1/accounts/{acc}/slack",
                "POST /api/v1/accounts/{acc}/slack/install", "GET /api/v1/accounts/{acc}/slack/channels",
                "PUT /api/v1/accounts/{acc}/slack/channel", "PUT /api/v1/accounts/{acc}/slack/events",
                "POST /api/v1/accounts/{acc}/slack/test", "GET /api/v1/accounts/{acc}/slack/deliveries");
    }

    @Test
    void theAdminInputRulesAreDocumented() {
        OpenAPI api = parsed.getOpenAPI();
        api.getPaths().forEach((path, item) -> {
            if (path.startsWith("/api/v1/")) {
                item.readOperationsMap().forEach((method, operation) -> assertThat(operation.getParameters())
                        .as(method + " " + path).anySatisfy(parameter -> {
                            assertThat(parameter.getName()).isEqualTo("acc");
                            assertThat(parameter.getSchema().getPattern()).isEqualTo("^[A-Za-z0-9_-]{1,64}$");
                        }));
            }
        });
        Map<String, Schema> schemas = api.getComponents().getSchemas();
        assertThat(schemas.get("InstallRequest").getRequired()).containsExactly("return_url");
        assertThat(property(schemas, "ChannelRequest", "channel_id").getPattern()).isEqualTo("^[CG][A-Z0-9]{2,30}$");
        assertThat(schemas.get("EventsRequest").getRequired()).containsExactly("events");
        List<Object> known = new ArrayList<>(property(schemas, "EventsRequest", "events").getItems().getEnum());
        assertThat(known).containsExactlyElementsOf(new ArrayList<Object>(EventType.wireNames()));
        Map<String, Parameter> deliveries = new LinkedHashMap<>();
        api.getPaths().get("/api/v1/accounts/{acc}/slack/deliveries").getGet().getParameters()
                .forEach(parameter -> deliveries.put(parameter.getName(), parameter));
        assertThat(deliveries.get("limit").getSchema().getPattern()).isEqualTo("^([1-9][0-9]?|1[0-9]{2}|200)?$");
        assertThat(deliveries.get("limit").getSchema().getDefault()).hasToString("50");
        assertThat(deliveries.get("cursor").getSchema().getPattern()).isNotBlank();
    }

    @Test
    void theMessageSettingsAreDocumentedWithExamples() {
        OpenAPI api = parsed.getOpenAPI();
        Operation put = api.getPaths().get("/api/v1/accounts/{acc}/slack/settings").getPut();
        assertThat(put.getRequestBody().getContent().get("application/json").getExamples())
                .containsKeys("threads", "french-digest");
        Map<String, Schema> schemas = api.getComponents().getSchemas();
        assertThat(new ArrayList<Object>(property(schemas, "InstallationSettings", "layout").getEnum()))
                .containsExactly("message_per_event", "thread_per_envelope");
        assertThat(new ArrayList<Object>(property(schemas, "InstallationSettings", "locale").getEnum()))
                .containsExactly("en", "fr");
        assertThat(property(schemas, "Digest", "after").getMaximum()).hasToString("100");
        assertThat(schemas.get("InstallationStatus").getProperties()).containsKeys("settings", "routes");
    }

    private static Schema<?> property(Map<String, Schema> schemas, String schema, String property) {
        return (Schema<?>) schemas.get(schema).getProperties().get(property);
    }

    private static boolean hasBody(Operation operation) {
        return operation.getRequestBody() != null;
    }
}
