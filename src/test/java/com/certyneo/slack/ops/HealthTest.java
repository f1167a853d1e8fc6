package com.certyneo.slack.ops;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import org.junit.jupiter.api.Test;

import com.certyneo.slack.testsupport.Management;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class HealthTest {

    @Test
    void readinessIsUpWhenTheDatabaseIsReachableAndMigrated() {
        given().get(Management.url("/q/health/ready")).then().statusCode(200).body("status", equalTo("UP"));
    }
}
