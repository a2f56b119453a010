package dev.spectrum.notify.delivery;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.spectrum.events.LeafScore;
import dev.spectrum.events.PaperClassified;
import dev.spectrum.notify.support.Api;
import dev.spectrum.notify.support.Events;
import dev.spectrum.notify.support.Papers;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Daily digests: grouped by node, capped with a working overflow link, nothing on an empty period, no paper twice. */
@QuarkusTest
class DigestTest {

    @Inject
    AgroalDataSource ds;

    /** A keyword no other test's paper carries: ten random letters (a hex digit each, mapped onto a..p). */
    private static String word() {
        StringBuilder b = new StringBuilder("dg");
        String hex = UUID.randomUUID().toString().replace("-", "");
        for (int i = 0; i < 10; i++) {
            b.append((char) ('a' + Character.digit(hex.charAt(i), 16)));
        }
        return b.toString();
    }

    private static PaperClassified paper(String word, String title, String leaf) {
        return Papers.paper(Papers.newArxivId(), 1, true, title + " " + word, "An abstract about " + word + ".",
                List.of(new LeafScore(leaf, 0.9)));
    }

    /** Stands in for the clock reaching the subscriber's digest time. */
    private void makeDue(long id) throws Exception {
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement("UPDATE subscription SET next_digest_at = now() - interval '1 second' WHERE id = ?")) {
            ps.setLong(1, id);
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
    }

    private boolean digested(long id) throws Exception {
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT next_digest_at > now() FROM subscription WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    private List<String> statuses(long id, String token) {
        return given().header("Authorization", "Bearer " + token).when().get("/subscriptions/" + id + "/deliveries?size=50")
                .then().statusCode(200).extract().jsonPath().getList("status");
    }

    @Test
    void dailyDigestGroupsCapsAndNeverRepeats() throws Exception {
        String to = "digest-" + UUID.randomUUID() + "@example.org";
        String w = word();
        JsonPath sub = Api.createConfirmed(Map.of("email", to, "keywords", List.of(w), "cadence", "DAILY", "digestTime", "06:00",
                "timeZone", "Asia/Tokyo"));
        long id = sub.getLong("id");
        String token = sub.getString("token");
        PaperClassified a = paper(w, "Pruned Giants", "pruning");
        PaperClassified b = paper(w, "Cached Thoughts", "kv-cache");
        PaperClassified c = paper(w, "Evicted Keys", "kv-cache");
        Events.publish(a, b, c);
        await().atMost(Duration.ofSeconds(30)).until(() -> statuses(id, token).stream().filter("DIGEST"::equals).count() == 3);
        assertThat(Api.mails(to)).hasSize(1); // only the confirmation so far

        makeDue(id);
        Api.awaitMails(to, 2);
        MimeMessage digest = Api.mails(to).get(1);
        String text = Api.text(digest);
        assertThat(Api.subject(digest)).contains("Digest: 3 new papers");
        assertThat(text).contains("== Pruning ==", "== KV-Cache Optimization ==");
        assertThat(Api.header(digest, "List-Unsubscribe-Post")).isEqualTo("List-Unsubscribe=One-Click");
        // cap of 2 in tests: one paper sits behind the overflow link, which lists all three
        Matcher overflow = Pattern.compile("1 more papers: \\S*(/digests/[0-9a-f-]{36})").matcher(text);
        assertThat(overflow.find()).isTrue();
        String page = given().when().get(overflow.group(1)).then().statusCode(200).extract().asString();
        assertThat(page).contains("Pruned Giants", "Cached Thoughts", "Evicted Keys");
        assertThat(digested(id)).isTrue();

        // an empty period sends nothing
        makeDue(id);
        await().atMost(Duration.ofSeconds(30)).until(() -> digested(id));
        assertThat(Api.mails(to)).hasSize(2);

        // a redelivered old paper and a new one: the next digest has only the new one
        PaperClassified d = paper(w, "Fresh Adapters", "peft");
        Events.publish(a, Papers.again(b, 1, true), d);
        await().atMost(Duration.ofSeconds(30)).until(() -> statuses(id, token).contains("DIGEST"));
        makeDue(id);
        Api.awaitMails(to, 3);
        String second = Api.text(Api.mails(to).get(2));
        assertThat(Api.subject(Api.mails(to).get(2))).contains("Digest: 1 new paper");
        assertThat(second).contains("Fresh Adapters").doesNotContain("Pruned Giants", "Cached Thoughts", "Evicted Keys");
    }

    @Test
    void aPaperReclassifiedAsNotRelevantLeavesTheDigestBeforeItIsSent() throws Exception {
        String to = "digest-" + UUID.randomUUID() + "@example.org";
        String w = word();
        JsonPath sub = Api.createConfirmed(Map.of("email", to, "keywords", List.of(w), "cadence", "WEEKLY"));
        long id = sub.getLong("id");
        String token = sub.getString("token");
        PaperClassified p = paper(w, "Maybe Efficient", "pruning");
        Events.publish(p);
        await().atMost(Duration.ofSeconds(30)).until(() -> statuses(id, token).contains("DIGEST"));
        Events.publish(Papers.again(p, 1, false));
        await().atMost(Duration.ofSeconds(30)).until(() -> statuses(id, token).equals(List.of("CANCELLED", "SENT")));
        makeDue(id);
        await().atMost(Duration.ofSeconds(30)).until(() -> digested(id));
        assertThat(Api.mails(to)).hasSize(1);
    }
}
