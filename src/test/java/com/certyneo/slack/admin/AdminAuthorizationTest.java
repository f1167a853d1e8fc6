package com.certyneo.slack.admin;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.util.Set;

import org.junit.jupiter.api.Test;

import com.certyneo.slack.testsupport.AdminTokens;
import com.certyneo.slack.testsupport.InstallFlow;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;

/** SPEC section 4: who may call the admin API, and that every refusal is problem+json. */
@QuarkusTest
class AdminAuthorizationTest {

    private static final String ACC = "acc_authz";
    private static final String STATUS = "/api/v1/accounts/{acc}/slack";

    @Test
    void requestWithoutTokenIs401ProblemJson() {
        refused(given(), 401);
    }

    @Test
    void expiredTokenIs401ProblemJson() {
        refused(given().auth().oauth2(AdminTokens.expired(ACC)), 401);
    }

    @Test
    void tokenSignedByAnotherKeyIs401ProblemJson() {
        refused(given().auth().oauth2(AdminTokens.signedByStranger(ACC)), 401);
    }

    @Test
    void garbageBearerIs401ProblemJson() {
        refused(given().header("Authorization", "Bearer not-a-jwt"), 401);
    }

    @Test
    void integrationsAdminOfAnotherAccountIs403ProblemJson() {
        refused(given().auth().oauth2(AdminTokens.admin("acc_other")), 403);
    }

    @Test
    void tokenWithoutAnAdminRoleIs403ProblemJson() {
        refused(given().auth().oauth2(AdminTokens.withRoles(ACC, Set.of("viewer"))), 403);
    }

    @Test
    void integrationsAdminWithoutAccountClaimIs403() {
        refused(given().auth().oauth2(AdminTokens.withRoles(null, Set.of("integrations-admin"))), 403);
    }

    @Test
    void integrationsAdminMayReadItsOwnAccount() {
        given().auth().oauth2(AdminTokens.admin(ACC)).get(STATUS, ACC).then().statusCode(200)
                .body("connected", equalTo(false));
    }

    @Test
    void platformRoleMayActOnAnyAccount() {
        for (String acc : new String[]{ACC, "acc_any1", "acc_any2"}) {
            given().auth().oauth2(AdminTokens.platform()).get(STATUS, acc).then().statusCode(200);
            given().auth().oauth2(AdminTokens.platform()).get(STATUS + "/deliveries", acc).then().statusCode(200);
        }
    }

    @Test
    void everyAdminEndpointRefusesAnotherAccountsAdmin() {
        String other = AdminTokens.admin("acc_other");
        given().auth().oauth2(other).contentType("application/json").body("{\"return_url\":\"" + InstallFlow.RETURN_URL
                + "\"}").post(STATUS + "/install", ACC).then().statusCode(403);
        given().auth().oauth2(other).get(STATUS + "/channels", ACC).then().statusCode(403);
        given().auth().oauth2(other).contentType("application/json").body("{\"channel_id\":\"C0GENERAL\"}")
                .put(STATUS + "/channel", ACC).then().statusCode(403);
        given().auth().oauth2(other).contentType("application/json").body("{\"events\":[]}")
                .put(STATUS + "/events", ACC).then().statusCode(403);
        given().auth().oauth2(other).post(STATUS + "/test", ACC).then().statusCode(403);
        given().auth().oauth2(other).delete(STATUS, ACC).then().statusCode(403);
        given().auth().oauth2(other).get(STATUS + "/deliveries", ACC).then().statusCode(403);
    }

    private static void refused(RequestSpecification request, int status) {
        request.get(STATUS, ACC).then().statusCode(status)
                .contentType(startsWith("application/problem+json"))
                .body("status", equalTo(status));
    }
}
