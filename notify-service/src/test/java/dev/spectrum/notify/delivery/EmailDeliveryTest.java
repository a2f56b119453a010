package dev.spectrum.notify.delivery;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;

import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import dev.spectrum.events.PaperClassified;
import dev.spectrum.localstack.test.SmtpTestResource;
import dev.spectrum.notify.support.Api;
import dev.spectrum.notify.support.Events;
import dev.spectrum.notify.support.Papers;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.mail.internet.MimeMessage;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** E-mail alerts through real Kafka, PostgreSQL and SMTP: opt-in, exactly one alert, unsubscribe, suppression. */
@QuarkusTest
class EmailDeliveryTest {

    private static String email() {
        return "mail-" + UUID.randomUUID() + "@example.org";
    }

    private static List<MimeMessage> alerts(String to) {
        return Api.mails(to).stream().filter(m -> !Api.subject(m).contains("Confirm")).toList();
    }

    /**
     * Publishes a probe paper after what a test sent and waits for its alert: everything published before it has been
     * matched on every partition and the relay has had its chance, so a count taken now is final, not early.
     */
    private static void drain() {
        String probe = email();
        Api.createConfirmed(Map.of("email", probe, "keywords", List.of("probe")));
        int partitions = Events.publishToEveryPartition(() -> Papers.probe(Papers.newArxivId()));
        // generous: the relay shares the service with the other tests' deliveries, and a CI machine may be slow (a
        // clean-clone run once missed 30 s); an upper bound only, the counts asserted after it stay exact
        await().atMost(Duration.ofSeconds(90)).until(() -> alerts(probe).size() == partitions);
    }

    @Test
    void anUnconfirmedAddressReceivesOnlyTheConfirmation() {
        String to = email();
        Api.create(Map.of("email", to, "keywords", List.of("squeezing")));
        Api.awaitLink(to, "/confirm/");
        Events.publish(Papers.kvCache(Papers.newArxivId()));
        drain();
        assertThat(Api.mails(to)).hasSize(1);
        assertThat(Api.subject(Api.mails(to).get(0))).contains("Confirm");
    }

    @Test
    void duplicateAndRedeliveredEventsGiveExactlyOneAlertWithEverythingAReaderNeeds() throws Exception {
        String to = email();
        Api.createConfirmed(Map.of("email", to, "nodes", List.of("inference"), "minConfidence", 0.8));
        PaperClassified paper = Papers.kvCache(Papers.newArxivId());
        Events.publish(paper, paper);
        Events.publish(paper);
        Events.publish(Papers.again(paper, 1, true));
        Events.publish(Papers.again(paper, 2, true));
        await().atMost(Duration.ofSeconds(30)).until(() -> alerts(to).size() >= 1);
        drain();
        List<MimeMessage> got = alerts(to);
        assertThat(got).hasSize(1);
        MimeMessage m = got.get(0);
        String body = Api.text(m);
        assertThat(Api.subject(m)).contains("Squeezing the KV Cache");
        assertThat(body).contains("Ada Lovelace", "KV-Cache Optimization", "91%", "KV cache eviction",
                "Efficient Streaming Language Models", "long-context inference", "https://arxiv.org/abs/" + paper.arxivId());
        assertThat(m.getContentType()).contains("multipart");
        assertThat(body).contains("<h2>");
        assertThat(Api.header(m, "List-Unsubscribe")).matches("<https?://[^>]+/unsubscribe/[A-Za-z0-9_-]+>, <mailto:[^>]+>");
        assertThat(Api.header(m, "List-Unsubscribe-Post")).isEqualTo("List-Unsubscribe=One-Click");
    }

    @Test
    void revisionsAlertAgainOnlyWhenAsked() {
        String again = email();
        String once = email();
        Api.createConfirmed(Map.of("email", again, "keywords", List.of("squeezing"), "revisionsAlert", true));
        Api.createConfirmed(Map.of("email", once, "keywords", List.of("squeezing")));
        PaperClassified v1 = Papers.kvCache(Papers.newArxivId());
        Events.publish(v1);
        await().atMost(Duration.ofSeconds(30)).until(() -> alerts(again).size() == 1 && alerts(once).size() == 1);
        Events.publish(Papers.again(v1, 2, true));
        await().atMost(Duration.ofSeconds(30)).until(() -> alerts(again).size() == 2);
        drain();
        assertThat(alerts(again)).hasSize(2);
        assertThat(alerts(once)).hasSize(1);
    }

    @Test
    void theUnsubscribeLinkShowsAFormAndItsPostStopsFurtherMail() {
        String to = email();
        Api.createConfirmed(Map.of("email", to, "keywords", List.of("squeezing")));
        Events.publish(Papers.kvCache(Papers.newArxivId()));
        await().atMost(Duration.ofSeconds(30)).until(() -> alerts(to).size() == 1);
        String link = unsubscribePath(alerts(to).get(0));
        // a GET (mail scanners prefetch links) only shows the form
        given().when().get(link).then().statusCode(200).body(containsString("<form method=\"post\""));
        Events.publish(Papers.kvCache(Papers.newArxivId()));
        await().atMost(Duration.ofSeconds(30)).until(() -> alerts(to).size() == 2);
        given().contentType(ContentType.URLENC).formParam("List-Unsubscribe", "One-Click").when().post(link).then()
                .statusCode(200).body(containsString("Unsubscribed"));
        Events.publish(Papers.kvCache(Papers.newArxivId()));
        drain();
        assertThat(alerts(to)).hasSize(2);
    }

    @Test
    void theOneClickPostOfRfc8058StopsFurtherMail() {
        String to = email();
        Api.createConfirmed(Map.of("email", to, "keywords", List.of("squeezing")));
        Events.publish(Papers.kvCache(Papers.newArxivId()));
        await().atMost(Duration.ofSeconds(30)).until(() -> alerts(to).size() == 1);
        String header = Api.header(alerts(to).get(0), "List-Unsubscribe");
        String path = header.substring(header.indexOf("/unsubscribe/"), header.indexOf('>'));
        // exactly what a mailbox provider sends: POST, form body, no cookies, no login
        given().contentType("application/x-www-form-urlencoded").body("List-Unsubscribe=One-Click").when().post(path)
                .then().statusCode(200);
        Events.publish(Papers.kvCache(Papers.newArxivId()));
        drain();
        assertThat(alerts(to)).hasSize(1);
    }

    /** What a mail client does with the mailto form of List-Unsubscribe: it sends the mail the link describes. */
    @Test
    void theMailtoFormOfListUnsubscribeStopsFurtherMail() throws Exception {
        String to = email();
        JsonPath sub = Api.createConfirmed(Map.of("email", to, "keywords", List.of("squeezing")));
        Events.publish(Papers.kvCache(Papers.newArxivId()));
        await().atMost(Duration.ofSeconds(30)).until(() -> alerts(to).size() == 1);
        Matcher mailto = Pattern.compile("<mailto:([^?>]+)\\?subject=([^>]+)>").matcher(Api.header(alerts(to).get(0), "List-Unsubscribe"));
        assertThat(mailto.find()).isTrue();
        String mailbox = mailto.group(1);
        String subject = URLDecoder.decode(mailto.group(2).replace("+", "%2B"), StandardCharsets.UTF_8);
        int smtp = SmtpTestResource.server().port();
        GreenMailUtil.sendTextEmail(mailbox, to, "Re: [Spectrum] noise", "please stop", new ServerSetup(smtp, "127.0.0.1", "smtp"));
        GreenMailUtil.sendTextEmail(mailbox, to, subject, "", new ServerSetup(smtp, "127.0.0.1", "smtp"));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().header("Authorization", "Bearer " + sub.getString("token"))
                .when().get("/subscriptions/" + sub.getLong("id")).then().statusCode(200)
                .body("status", org.hamcrest.Matchers.equalTo("UNSUBSCRIBED"))
                .body("statusReason", org.hamcrest.Matchers.equalTo("unsubscribed by e-mail")));
        // the request is handled once and removed; the mail that asked nothing stays for a person
        await().atMost(Duration.ofSeconds(10)).until(() -> Api.mails(mailbox).size() == 1);
        assertThat(Api.subject(Api.mails(mailbox).get(0))).isEqualTo("Re: [Spectrum] noise");
        Events.publish(Papers.kvCache(Papers.newArxivId()));
        drain();
        assertThat(alerts(to)).hasSize(1);
    }

    @Test
    void hardBouncesAndComplaintsSuppressTheAddress() {
        String to = email();
        Api.createConfirmed(Map.of("email", to, "keywords", List.of("squeezing")));
        given().contentType(ContentType.JSON).body(Map.of("address", to, "reason", "HARD_BOUNCE")).when()
                .post("/admin/suppressions").then().statusCode(401);
        given().header("Authorization", Api.ADMIN).contentType(ContentType.JSON)
                .body(Map.of("address", to.toUpperCase(), "reason", "HARD_BOUNCE", "detail", "550 5.1.1 user unknown"))
                .when().post("/admin/suppressions").then().statusCode(201);
        Events.publish(Papers.kvCache(Papers.newArxivId()));
        drain();
        assertThat(alerts(to)).isEmpty();
        given().contentType(ContentType.JSON).body(Map.of("email", to)).when().post("/subscriptions").then().statusCode(409)
                .body("title", org.hamcrest.Matchers.equalTo("Address suppressed"));
    }

    private static String unsubscribePath(MimeMessage m) {
        String text = Api.text(m);
        int at = text.indexOf("/unsubscribe/");
        int end = at + "/unsubscribe/".length();
        while (end < text.length() && (Character.isLetterOrDigit(text.charAt(end)) || text.charAt(end) == '-' || text.charAt(end) == '_')) {
            end++;
        }
        return text.substring(at, end);
    }
}
