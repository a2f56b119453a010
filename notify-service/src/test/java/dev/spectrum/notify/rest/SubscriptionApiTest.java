package dev.spectrum.notify.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import dev.spectrum.notify.support.Api;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class SubscriptionApiTest {

    private static String email() {
        return "api-" + UUID.randomUUID() + "@example.org";
    }

    @Test
    void createReturnsTheTokenOnceAndTheTokenAloneOpensTheSubscription() {
        JsonPath created = Api.create(Map.of("email", email(), "nodes", List.of("inference"), "keywords", List.of("\"kv cache\" -vision"),
                "cadence", "DAILY", "digestTime", "07:30", "timeZone", "Europe/Paris"));
        long id = created.getLong("id");
        String token = created.getString("token");
        assertThat(token).hasSizeGreaterThan(40);
        assertThat(created.getString("status")).isEqualTo("PENDING_CONFIRMATION");
        assertThat(created.getString("nextDigestAt")).isNotNull();

        given().header("Authorization", "Bearer " + token).when().get("/subscriptions/" + id).then().statusCode(200)
                .body("token", nullValue()).body("filter.nodes", hasItem("inference")).body("timeZone", equalTo("Europe/Paris"));
        given().when().get("/subscriptions/" + id).then().statusCode(404).contentType("application/problem+json");
        given().header("Authorization", "Bearer wrong").when().get("/subscriptions/" + id).then().statusCode(404);
        // another subscription's token does not open this one
        String other = Api.create(Map.of("email", email())).getString("token");
        given().header("Authorization", "Bearer " + other).when().get("/subscriptions/" + id).then().statusCode(404);
        given().header("Authorization", "Bearer " + token).when().delete("/subscriptions/" + id).then().statusCode(204);
        given().header("Authorization", "Bearer " + token).when().get("/subscriptions/" + id).then().statusCode(404);
    }

    @Test
    void serverOwnedFieldsAreRefusedNotSilentlyTaken() {
        Map<String, Object> body = new HashMap<>(Map.of("email", email(), "status", "ACTIVE", "confirmed", true,
                "secret", "whsec_mine", "deliveredCount", 99, "id", 1));
        given().contentType(ContentType.JSON).body(body).when().post("/subscriptions").then().statusCode(400)
                .contentType("application/problem+json").body("status", equalTo(400))
                .body("errors", hasItem(containsString("'confirmed'"))).body("errors", hasItem(containsString("'secret'")));
    }

    @Test
    void invalidRequestsGetProblemDetailsListingEachError() {
        given().contentType(ContentType.JSON).body(Map.of("email", "not-an-address", "nodes", List.of("no-such-node"),
                "minConfidence", 3, "keywords", List.of("-only"), "cadence", "INSTANT", "timeZone", "Mars/Base")).when()
                .post("/subscriptions").then().statusCode(400).contentType("application/problem+json")
                .body("title", equalTo("Invalid request"))
                .body("errors", hasItem(containsString("not an e-mail address")))
                .body("errors", hasItem(containsString("unknown taxonomy node")))
                .body("errors", hasItem(containsString("minConfidence")))
                .body("errors", hasItem(containsString("keyword clause")))
                .body("errors", hasItem(containsString("timeZone")));
        given().contentType(ContentType.JSON).body("{\"email\": ").when().post("/subscriptions").then().statusCode(400)
                .contentType("application/problem+json");
        given().contentType(ContentType.JSON).body(Map.of("email", email(), "webhookUrl", "https://example.com/h")).when()
                .post("/subscriptions").then().statusCode(400).body("errors", hasItem(containsString("exactly one")));
    }

    @Test
    void oversizedBodiesAreRefused() {
        String huge = "x".repeat(70_000);
        given().contentType(ContentType.JSON).body(Map.of("email", email(), "keywords", List.of(huge))).when()
                .post("/subscriptions").then().statusCode(413);
    }

    @Test
    void webhookUrlsToPrivateNetworksAreRefusedAtCreation() {
        given().contentType(ContentType.JSON).body(Map.of("webhookUrl", "https://169.254.169.254/latest/meta-data")).when()
                .post("/subscriptions").then().statusCode(400).contentType("application/problem+json")
                .body("errors[0]", containsString("169.254.0.0/16"));
    }

    @Test
    void webhookSubscriptionsShowTheirSecretOnceAndCanRotateIt() {
        JsonPath created = Api.create(Map.of("webhookUrl", "http://127.0.0.1:9/hook", "nodes", List.of("kv-cache")));
        assertThat(created.getString("secret")).startsWith("whsec_");
        assertThat(created.getString("status")).isEqualTo("ACTIVE");
        long id = created.getLong("id");
        String auth = "Bearer " + created.getString("token");
        given().header("Authorization", auth).when().get("/subscriptions/" + id).then().body("secret", nullValue());
        String rotated = given().header("Authorization", auth).when().post("/subscriptions/" + id + "/secret").then()
                .statusCode(200).body("secret", startsWith("whsec_")).extract().path("secret");
        assertThat(rotated).isNotEqualTo(created.getString("secret"));
    }

    @Test
    void oneAddressHoldsSeveralSubscriptionsUpToTheLimit() {
        // a webhook URL: e-mail addresses hit the confirmation rate limit first
        String address = "http://127.0.0.1:9/limit/" + UUID.randomUUID();
        for (int i = 0; i < 5; i++) {
            Api.create(Map.of("webhookUrl", address, "keywords", List.of("topic" + i)));
        }
        given().contentType(ContentType.JSON).body(Map.of("webhookUrl", address)).when().post("/subscriptions").then()
                .statusCode(409).contentType("application/problem+json").body("title", equalTo("Too many subscriptions"));
    }

    @Test
    void confirmationsPerAddressAreRateLimited() {
        String address = email();
        JsonPath created = Api.create(Map.of("email", address));
        String auth = "Bearer " + created.getString("token");
        long id = created.getLong("id");
        given().header("Authorization", auth).when().post("/subscriptions/" + id + "/confirmation").then().statusCode(202);
        given().header("Authorization", auth).when().post("/subscriptions/" + id + "/confirmation").then().statusCode(202);
        given().header("Authorization", auth).when().post("/subscriptions/" + id + "/confirmation").then().statusCode(429)
                .contentType("application/problem+json");
    }

    @Test
    void changePauseResume() {
        JsonPath created = Api.create(Map.of("webhookUrl", "http://127.0.0.1:9/change", "nodes", List.of("kv-cache")));
        long id = created.getLong("id");
        String auth = "Bearer " + created.getString("token");
        given().header("Authorization", auth).contentType(ContentType.JSON)
                .body(Map.of("nodes", List.of("pruning"), "cadence", "WEEKLY", "digestDay", "FRIDAY", "revisionsAlert", true))
                .when().put("/subscriptions/" + id).then().statusCode(200).body("filter.nodes", hasItem("pruning"))
                .body("cadence", equalTo("WEEKLY")).body("digestDay", equalTo("FRIDAY")).body("nextDigestAt", notNullValue());
        given().header("Authorization", auth).contentType(ContentType.JSON).body(Map.of("webhookUrl", "https://example.com/other"))
                .when().put("/subscriptions/" + id).then().statusCode(400);
        given().header("Authorization", auth).when().post("/subscriptions/" + id + "/pause").then().statusCode(200).body("status", equalTo("PAUSED"));
        given().header("Authorization", auth).when().post("/subscriptions/" + id + "/resume").then().statusCode(200).body("status", equalTo("ACTIVE"));
        given().header("Authorization", auth).when().get("/subscriptions/" + id + "/deliveries?size=1000").then().statusCode(400)
                .contentType("application/problem+json");
    }

    @Test
    void theAdminApiNeedsTheCredentialAndSeesEverything() {
        String address = email();
        long id = Api.create(Map.of("email", address)).getLong("id");
        given().when().get("/admin/subscriptions").then().statusCode(401).contentType("application/problem+json");
        given().header("Authorization", "Bearer guess").when().get("/admin/subscriptions").then().statusCode(401);
        given().header("Authorization", Api.ADMIN).queryParam("address", address).when().get("/admin/subscriptions").then()
                .statusCode(200).body("id", hasItem((int) id)).body("token", hasItem(nullValue()));
        given().header("Authorization", Api.ADMIN).when().get("/admin/subscriptions?size=101").then().statusCode(400);
        given().header("Authorization", Api.ADMIN).when().delete("/admin/subscriptions/" + id).then().statusCode(204);
        given().header("Authorization", Api.ADMIN).when().get("/admin/subscriptions/" + id).then().statusCode(404);
    }

    @Test
    void openApiDescribesTheEndpoints() {
        given().when().get("/q/openapi?format=json").then().statusCode(200)
                .body("paths", org.hamcrest.Matchers.hasKey("/subscriptions"))
                .body("paths", org.hamcrest.Matchers.hasKey("/unsubscribe/{token}"));
    }
}
