package com.certyneo.slack.admin;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import java.util.Set;

import org.junit.jupiter.api.Test;

import com.certyneo.slack.testsupport.AdminTokens;

import io.quarkus.test.junit.QuarkusTest;

/**
 * SPEC section 9: the admin API accepts only tokens issued FOR it (audience) BY the expected
 * issuer. A token of the same realm, signed by the same key, for another client is refused: 401
 * problem+json, like any bad token.
 */
@QuarkusTest
class AdminTokenAudienceTest {

    private static final String STATUS = "/api/v1/accounts/{acc}/slack";

    @Test
    void aTokenForTheAdminApiFromTheExpectedIssuerIsAccepted() {
        given().auth().oauth2(AdminTokens.platformFor(AdminTokens.AUDIENCE, AdminTokens.ISSUER))
                .get(STATUS, "acc_aud").then().statusCode(200);
    }

    @Test
    void aTokenIssuedForAnotherClientIs401() {
        refused(AdminTokens.platformFor("certyneo-dashboard", AdminTokens.ISSUER));
    }

    @Test
    void aTokenWithoutAudienceIs401() {
        refused(AdminTokens.platformFor(null, AdminTokens.ISSUER));
    }

    @Test
    void aTokenFromAnotherIssuerIs401() {
        refused(AdminTokens.platformFor(AdminTokens.AUDIENCE, "https://sso.certyneo.test/realms/other"));
    }

    @Test
    void aTokenWithoutIssuerIs401() {
        refused(AdminTokens.platformFor(AdminTokens.AUDIENCE, null));
    }

    @Test
    void theRegularTestTokensCarryTheExpectedAudienceAndIssuer() {
        given().auth().oauth2(AdminTokens.withRoles("acc_aud", Set.of("integrations-admin")))
                .get(STATUS, "acc_aud").then().statusCode(200);
    }

    private static void refused(String token) {
        given().auth().oauth2(token).get(STATUS, "acc_aud").then().statusCode(401)
                .contentType(startsWith("application/problem+json")).body("status", equalTo(401));
    }
}
