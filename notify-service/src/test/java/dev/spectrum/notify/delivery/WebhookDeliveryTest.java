package dev.spectrum.notify.delivery;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import dev.spectrum.events.PaperClassified;
import dev.spectrum.notify.support.Api;
import dev.spectrum.notify.support.Events;
import dev.spectrum.notify.support.Papers;
import dev.spectrum.notify.support.WebhookReceiver;
import dev.spectrum.notify.support.WebhookReceiver.Answer;
import dev.spectrum.notify.support.WebhookReceiver.Call;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Webhooks through real Kafka and PostgreSQL to a real HTTP receiver: signatures, exactly once, retries, 410, formats. */
@QuarkusTest
class WebhookDeliveryTest {

    private static WebhookReceiver receiver;

    @jakarta.inject.Inject
    io.agroal.api.AgroalDataSource ds;
    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void start() throws Exception {
        receiver = new WebhookReceiver();
    }

    @AfterAll
    static void stop() {
        receiver.close();
    }

    @jakarta.inject.Inject
    WebhookClient client;

    /**
     * A bodiless answer (204) can end before the client looks at it; that is a delivered webhook, not an error to
     * retry (it was: "Response already ended", and the receiver got the message twice).
     */
    @Test
    void everyAnswerWithoutBodyIsADelivery() throws Exception {
        // like most small receivers (and the JDK's server by default): one thread answers every request
        com.sun.net.httpserver.HttpServer one = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 64);
        java.util.concurrent.atomic.AtomicInteger received = new java.util.concurrent.atomic.AtomicInteger();
        one.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            received.incrementAndGet();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        one.start();
        try {
            String url = "http://127.0.0.1:" + one.getAddress().getPort() + "/hook";
            List<WebhookClient.Response> answers = new java.util.ArrayList<>();
            for (int round = 0; round < 20; round++) {
                List<java.util.concurrent.CompletableFuture<WebhookClient.Response>> sent = new java.util.ArrayList<>();
                for (int i = 0; i < 50; i++) {
                    sent.add(client.post(url, "{\"n\":" + i + "}", Map.of("webhook-id", "msg_" + round + "_" + i)));
                }
                sent.forEach(f -> answers.add(f.join()));
            }
            assertThat(answers).allSatisfy(r -> {
                assertThat(r.error()).isNull();
                assertThat(r.status()).isEqualTo(204);
            });
            assertThat(received).hasValue(1000);
        } finally {
            one.stop(0);
        }
    }

    /** A subscription on a fresh receiver path; returns [path, id, token, secret]. */
    private static String[] subscribe(Map<String, Object> extra) {
        String path = "/hook-" + UUID.randomUUID();
        Map<String, Object> body = new HashMap<>(Map.of("webhookUrl", receiver.url(path), "keywords", List.of("squeezing")));
        body.putAll(extra);
        JsonPath created = Api.create(body);
        return new String[] {path, created.getString("id"), created.getString("token"), created.getString("secret")};
    }

    /** The subscription's delivery log, newest first, as its owner reads it. */
    private static JsonPath deliveryLog(String[] sub) {
        return given().header("Authorization", "Bearer " + sub[2]).when().get("/subscriptions/" + sub[1] + "/deliveries")
                .then().statusCode(200).extract().jsonPath();
    }

    /** Waits until probes on every partition arrived: whatever was published before has been handled. */
    private static void drain() {
        String[] probe = subscribe(Map.of("keywords", List.of("probe")));
        int partitions = Events.publishToEveryPartition(() -> Papers.probe(Papers.newArxivId()));
        await().atMost(Duration.ofSeconds(30)).until(() -> receiver.calls(probe[0]).size() == partitions);
    }

    /**
     * The receiver's side of Standard Webhooks, written here from the spec and not from the service's code: HMAC-SHA256
     * over "id.timestamp.body" keyed by the base64-decoded secret, any of the space-separated v1 signatures, compared in
     * constant time, timestamps more than 5 minutes off refused.
     */
    static boolean verify(String secret, Call call) {
        return verify(secret, call.header("webhook-id"), call.header("webhook-timestamp"), call.header("webhook-signature"),
                call.body(), Instant.now());
    }

    static boolean verify(String secret, String id, String timestamp, String signatures, String body, Instant now) {
        if (id == null || timestamp == null || signatures == null) {
            return false;
        }
        long ts = Long.parseLong(timestamp);
        if (Math.abs(now.getEpochSecond() - ts) > 300) {
            return false;
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring("whsec_".length())), "HmacSHA256"));
            byte[] expected = mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
            for (String sig : signatures.split(" ")) {
                int comma = sig.indexOf(',');
                if (comma > 0 && sig.substring(0, comma).equals("v1")
                        && MessageDigest.isEqual(expected, Base64.getDecoder().decode(sig.substring(comma + 1)))) {
                    return true;
                }
            }
            return false;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void duplicateAndRedeliveredEventsGiveOneSignedCallMatchingTheDocumentedSchema() throws Exception {
        String[] sub = subscribe(Map.of());
        PaperClassified paper = Papers.kvCache(Papers.newArxivId());
        Events.publish(paper, paper, paper);
        Events.publish(Papers.again(paper, 1, true));
        await().atMost(Duration.ofSeconds(30)).until(() -> receiver.calls(sub[0]).size() >= 1);
        drain();
        List<Call> calls = receiver.calls(sub[0]);
        assertThat(calls).hasSize(1);
        Call call = calls.get(0);
        assertThat(call.header("webhook-id")).startsWith("msg_");
        assertThat(verify(sub[3], call)).isTrue();
        // the independent verifier does reject what it must
        assertThat(verify(sub[3], call.header("webhook-id"), call.header("webhook-timestamp"), call.header("webhook-signature"),
                call.body().replace("Squeezing", "Sneezing"), Instant.now())).isFalse();
        assertThat(verify(sub[3], call.header("webhook-id"), call.header("webhook-timestamp"), call.header("webhook-signature"),
                call.body(), Instant.now().plusSeconds(600))).isFalse();
        assertThat(verify("whsec_" + Base64.getEncoder().encodeToString(new byte[32]), call)).isFalse();

        JsonNode body = JSON.readTree(call.body());
        try (var in = getClass().getResourceAsStream("/schemas/webhook-payload.schema.json")) {
            var schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(JSON.readTree(in));
            assertThat(schema.validate(body)).isEmpty();
        }
        assertThat(body.path("type").asText()).isEqualTo("paper.matched");
        assertThat(body.path("id").asText()).isEqualTo(call.header("webhook-id"));
        assertThat(body.path("data").path("arxivId").asText()).isEqualTo(paper.arxivId());
        assertThat(body.path("data").path("leaves").get(0).path("name").asText()).isEqualTo("KV-Cache Optimization");
    }

    @Test
    void failuresAreRetriedOnTheConfiguredScheduleWithTheSameIdAndLogged() {
        String[] sub = subscribe(Map.of());
        receiver.script(sub[0], Answer.status(500), Answer.status(503), Answer.status(502));
        Events.publish(Papers.kvCache(Papers.newArxivId()));
        await().atMost(Duration.ofSeconds(30)).until(() -> receiver.calls(sub[0]).size() == 4);
        List<Call> calls = receiver.calls(sub[0]);
        // test schedule: 0s, 300ms, 600ms, 900ms
        assertThat(calls.get(1).atMillis() - calls.get(0).atMillis()).isGreaterThanOrEqualTo(280);
        assertThat(calls.get(2).atMillis() - calls.get(1).atMillis()).isGreaterThanOrEqualTo(580);
        assertThat(calls.get(3).atMillis() - calls.get(2).atMillis()).isGreaterThanOrEqualTo(880);
        assertThat(calls.stream().map(c -> c.header("webhook-id")).distinct()).hasSize(1);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonPath log = deliveryLog(sub);
            assertThat(log.getString("[0].status")).isEqualTo("SENT");
            assertThat(log.getList("[0].log.outcome")).containsExactly("RETRY", "RETRY", "RETRY", "SENT");
            assertThat(log.getList("[0].log.httpStatus")).containsExactly(500, 503, 502, 204);
            assertThat(log.getString("[0].log[0].nextRetryAt")).isNotNull();
        });
    }

    @Test
    void afterTheLastScheduledAttemptTheDeliveryFails() {
        String[] sub = subscribe(Map.of());
        receiver.always(sub[0], c -> Answer.status(500));
        Events.publish(Papers.kvCache(Papers.newArxivId()));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonPath log = deliveryLog(sub);
            assertThat(log.getString("[0].status")).isEqualTo("FAILED");
        });
        drain();
        assertThat(receiver.calls(sub[0])).hasSize(4);
        given().header("Authorization", "Bearer " + sub[2]).when().get("/subscriptions/" + sub[1]).then()
                .body("failedCount", org.hamcrest.Matchers.equalTo(1)).body("failingSince", org.hamcrest.Matchers.notNullValue());
    }

    /**
     * A receiver slower than the claim on its delivery (test lease 3 s, answer after 4.5 s, request timeout 8 s): the
     * relay renews the claim while the request is in flight, so no other worker takes the row and calls again.
     */
    @Test
    void aSendOutlastingTheLeaseIsMadeOnce() {
        String[] sub = subscribe(Map.of());
        receiver.always(sub[0], c -> {
            try {
                Thread.sleep(4_500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Answer.status(204);
        });
        Events.publish(Papers.kvCache(Papers.newArxivId()));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonPath log = deliveryLog(sub);
            assertThat(log.getString("[0].status")).isEqualTo("SENT");
            assertThat(log.getList("[0].log.outcome")).containsExactly("SENT");
        });
        drain();
        assertThat(receiver.calls(sub[0])).hasSize(1);
        // every later test's paper would hold a relay round for 4.5 s on this receiver
        given().header("Authorization", "Bearer " + sub[2]).when().delete("/subscriptions/" + sub[1]).then().statusCode(204);
    }

    @Test
    void retryAfterIsHonoured() {
        String[] sub = subscribe(Map.of());
        receiver.script(sub[0], new Answer(429, Map.of("Retry-After", "2")));
        Events.publish(Papers.kvCache(Papers.newArxivId()));
        await().atMost(Duration.ofSeconds(30)).until(() -> receiver.calls(sub[0]).size() == 2);
        List<Call> calls = receiver.calls(sub[0]);
        assertThat(calls.get(1).atMillis() - calls.get(0).atMillis()).isGreaterThanOrEqualTo(1900);
    }

    @Test
    void goneDisablesTheEndpointAtOnceAndTellsTheOwner() {
        String contact = "owner-" + UUID.randomUUID() + "@example.org";
        String[] sub = subscribe(Map.of("contactEmail", contact));
        receiver.always(sub[0], c -> Answer.status(410));
        Events.publish(Papers.kvCache(Papers.newArxivId()));
        await().atMost(Duration.ofSeconds(30)).until(() -> receiver.messageIds(sub[0]).size() == 1);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> given().header("Authorization", "Bearer " + sub[2]).when()
                .get("/subscriptions/" + sub[1]).then().body("status", org.hamcrest.Matchers.equalTo("DISABLED"))
                .body("statusReason", org.hamcrest.Matchers.containsString("410")));
        await().atMost(Duration.ofSeconds(20)).until(() -> Api.mails(contact).size() == 1);
        assertThat(Api.subject(Api.mails(contact).get(0))).contains("disabled");
        Events.publish(Papers.kvCache(Papers.newArxivId()));
        drain();
        // nothing new reaches a disabled endpoint (the first message may have been sent twice, as one id, when the
        // 410 of its first attempt was lost in transport)
        assertThat(receiver.messageIds(sub[0])).hasSize(1);
    }

    @Test
    void anEndpointFailingForDaysIsDisabledAndItsOwnerTold() throws Exception {
        String contact = "owner-" + UUID.randomUUID() + "@example.org";
        String[] sub = subscribe(Map.of("contactEmail", contact));
        receiver.always(sub[0], c -> Answer.status(503));
        // the endpoint has been failing for six days (configured limit: five)
        try (var c = ds.getConnection();
                var ps = c.prepareStatement("UPDATE subscription SET failing_since = now() - interval '6 days' WHERE id = ?")) {
            ps.setLong(1, Long.parseLong(sub[1]));
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
        Events.publish(Papers.kvCache(Papers.newArxivId()));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().header("Authorization", "Bearer " + sub[2]).when()
                .get("/subscriptions/" + sub[1]).then().body("status", org.hamcrest.Matchers.equalTo("DISABLED"))
                .body("statusReason", org.hamcrest.Matchers.containsString("failing since")));
        await().atMost(Duration.ofSeconds(20)).until(() -> Api.mails(contact).size() == 1);
        assertThat(receiver.calls(sub[0])).hasSize(1);
    }

    @Test
    void redirectsAreNotFollowedAndCountAsFailures() {
        String[] sub = subscribe(Map.of());
        String elsewhere = "/elsewhere-" + UUID.randomUUID();
        receiver.script(sub[0], new Answer(302, Map.of("Location", receiver.url(elsewhere))));
        Events.publish(Papers.kvCache(Papers.newArxivId()));
        await().atMost(Duration.ofSeconds(30)).until(() -> receiver.calls(sub[0]).size() == 2);
        assertThat(receiver.calls(elsewhere)).isEmpty();
        JsonPath log = deliveryLog(sub);
        assertThat(log.getList("[0].log.httpStatus")).startsWith(302);
    }

    @Test
    void slackAndDiscordBodies() throws Exception {
        String[] slack = subscribe(Map.of("webhookFormat", "SLACK"));
        String[] discord = subscribe(Map.of("webhookFormat", "DISCORD"));
        Events.publish(Papers.kvCache(Papers.newArxivId()));
        await().atMost(Duration.ofSeconds(30)).until(() -> receiver.calls(slack[0]).size() == 1 && receiver.calls(discord[0]).size() == 1);
        JsonNode s = JSON.readTree(receiver.calls(slack[0]).get(0).body());
        JsonNode d = JSON.readTree(receiver.calls(discord[0]).get(0).body());
        assertThat(s.path("text").asText()).contains("Squeezing the KV Cache", "https://arxiv.org/abs/");
        assertThat(d.path("content").asText()).contains("Squeezing the KV Cache").hasSizeLessThanOrEqualTo(2000);
        assertThat(verify(slack[3], receiver.calls(slack[0]).get(0))).isTrue();
    }

    @Test
    void duringARotationBothSecretsSign() {
        String[] sub = subscribe(Map.of());
        String rotated = given().header("Authorization", "Bearer " + sub[2]).when().post("/subscriptions/" + sub[1] + "/secret")
                .then().statusCode(200).extract().path("secret");
        Events.publish(Papers.kvCache(Papers.newArxivId()));
        await().atMost(Duration.ofSeconds(30)).until(() -> receiver.calls(sub[0]).size() == 1);
        Call call = receiver.calls(sub[0]).get(0);
        assertThat(call.header("webhook-signature").split(" ")).hasSize(2);
        assertThat(verify(rotated, call)).isTrue();
        assertThat(verify(sub[3], call)).isTrue();
    }

    @Test
    void deliveriesCommittedWhileSendingIsStoppedGoOutOnceWhenItStartsAgain() {
        String[] sub = subscribe(Map.of());
        given().header("Authorization", Api.ADMIN).when().post("/admin/relay/pause").then().statusCode(200);
        try {
            Events.publish(Papers.kvCache(Papers.newArxivId()));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                JsonPath log = deliveryLog(sub);
                assertThat(log.getString("[0].status")).isEqualTo("PENDING");
                assertThat(log.getInt("[0].attempts")).isZero();
            });
            assertThat(receiver.calls(sub[0])).isEmpty();
        } finally {
            given().header("Authorization", Api.ADMIN).when().post("/admin/relay/resume").then().statusCode(200);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> receiver.messageIds(sub[0]).size() == 1);
        drain();
        assertThat(receiver.messageIds(sub[0])).hasSize(1);
    }

    @Test
    void aHostNameIsCalledAtTheVettedAddressWithItsOwnHostHeader() {
        String path = "/named-" + UUID.randomUUID();
        String url = receiver.url(path).replace("127.0.0.1", "localhost");
        Api.create(Map.of("webhookUrl", url, "keywords", List.of("squeezing")));
        Events.publish(Papers.kvCache(Papers.newArxivId()));
        await().atMost(Duration.ofSeconds(30)).until(() -> receiver.calls(path).size() == 1);
        assertThat(receiver.calls(path).get(0).header("Host")).startsWith("localhost:");
    }
}
