package dev.spectrum.catalog.messaging;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.spectrum.catalog.StreamPapers;
import dev.spectrum.catalog.TestKafka;
import dev.spectrum.catalog.paper.Classification;
import dev.spectrum.events.PaperCandidate;
import dev.spectrum.events.PaperEvents;
import dev.spectrum.events.Topics;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

/** Delivery as Kafka really does it: duplicates, versions out of order, and events that cannot be read. */
@QuarkusTest
class CandidateConsumerTest {

    private static JsonPath paper(String id) {
        return given().get("/papers/" + id).then().statusCode(200).extract().jsonPath();
    }

    private static boolean stored(String id) {
        return given().get("/papers/" + id).statusCode() == 200;
    }

    private static long classifications(String id) {
        return QuarkusTransaction.requiringNew().call(() -> Classification.count("arxivId", id));
    }

    @Test
    void sameCandidateTwiceChangesNothingAndANewerVersionUpdatesAndReclassifies() {
        PaperCandidate v1 = StreamPapers.month("2025-04", 0, 1).get(0);
        PaperCandidate v2 = StreamPapers.revision(v1, 2, v1.title() + " (extended version)", v1.abstractText());
        TestKafka.send(Topics.PAPER_CANDIDATES, List.of(v1, v1));
        await().atMost(Duration.ofSeconds(30)).until(() -> stored(v1.arxivId()));
        // same key, same partition: once v2 is in, the duplicate before it has been consumed too
        TestKafka.send(Topics.PAPER_CANDIDATES, List.of(v1, v2));
        await().atMost(Duration.ofSeconds(30)).until(() -> paper(v1.arxivId()).getInt("version") == 2);

        JsonPath p = paper(v1.arxivId());
        assertThat(p.getString("title")).isEqualTo(v2.title());
        assertThat(p.getList("versions.version", Integer.class)).containsExactly(1, 2);
        assertThat(p.getList("versions.applied", Boolean.class)).containsExactly(true, true);
        assertThat(p.getInt("classification.version")).isEqualTo(2);
        assertThat(p.getString("announced")).isEqualTo(v1.announced().toString());
        // one decision per version, none for the duplicates
        assertThat(classifications(v1.arxivId())).isEqualTo(2);
    }

    @Test
    void anOlderVersionArrivingLateIsRecordedButDoesNotOverwrite() {
        PaperCandidate v1 = StreamPapers.month("2025-04", 1, 1).get(0);
        PaperCandidate v2 = StreamPapers.revision(v1, 2, v1.title() + " (v2)", v1.abstractText());
        PaperCandidate v3 = StreamPapers.revision(v1, 3, v1.title() + " (v3)", v1.abstractText());
        TestKafka.send(Topics.PAPER_CANDIDATES, List.of(v3, v2, v1, v2));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> stored(v1.arxivId()) && paper(v1.arxivId()).getList("versions").size() == 3);

        JsonPath p = paper(v1.arxivId());
        assertThat(p.getInt("version")).isEqualTo(3);
        assertThat(p.getString("title")).isEqualTo(v3.title());
        assertThat(p.getList("versions.version", Integer.class)).containsExactly(1, 2, 3);
        assertThat(p.getList("versions.applied", Boolean.class)).containsExactly(false, false, true);
        // the first announcement is the paper's date, even though v1 came last
        assertThat(p.getString("announced")).isEqualTo(v1.announced().toString());
        assertThat(classifications(v1.arxivId())).isEqualTo(1);
    }

    @Test
    void unreadableEventsGoToTheDeadLetterTopicWithTheReasonAndConsumptionGoesOn() {
        String notJson = "bad-json-" + UUID.randomUUID();
        String badSchema = "bad-schema-" + UUID.randomUUID();
        PaperCandidate good = StreamPapers.month("2025-04", 2, 1).get(0);
        String withoutId = PaperEvents.writeString(good).replace("\"arxivId\":\"" + good.arxivId() + "\",", "");
        double before = deadLettered();

        TestKafka.send(Topics.PAPER_CANDIDATES, notJson, "{\"title\": oops".getBytes(StandardCharsets.UTF_8));
        TestKafka.send(Topics.PAPER_CANDIDATES, badSchema, withoutId.getBytes(StandardCharsets.UTF_8));
        TestKafka.send(Topics.PAPER_CANDIDATES, List.of(good));
        await().atMost(Duration.ofSeconds(30)).until(() -> stored(good.arxivId()));

        var dead = TestKafka.readAtLeast(Topics.PAPER_CANDIDATES_DLQ,
                r -> notJson.equals(r.key()) || badSchema.equals(r.key()), 2, Duration.ofSeconds(20));
        assertThat(dead).hasSize(2);
        for (var record : dead) {
            Header reason = record.headers().lastHeader("dead-letter-reason");
            assertThat(reason).as("reason header of " + record.key()).isNotNull();
            String text = new String(reason.value(), StandardCharsets.UTF_8);
            if (record.key().equals(notJson)) {
                assertThat(text).contains("not valid JSON");
                assertThat(new String(record.value(), StandardCharsets.UTF_8)).isEqualTo("{\"title\": oops");
            } else {
                assertThat(text).contains("breaks its schema").contains("arxivId");
            }
        }
        assertThat(deadLettered()).isGreaterThanOrEqualTo(before + 2);
    }

    static double deadLettered() {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines().filter(l -> l.startsWith("spectrum_catalog_dead_lettered_total"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }
}
