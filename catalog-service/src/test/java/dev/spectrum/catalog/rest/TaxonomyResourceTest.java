package dev.spectrum.catalog.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spectrum.catalog.Ingest;
import dev.spectrum.catalog.StreamPapers;
import dev.spectrum.events.PaperCandidate;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The taxonomy tree with counts, and trends per node. */
@QuarkusTest
class TaxonomyResourceTest {

    private static long count(JsonPath tree, String id) {
        List<Map<String, Object>> nodes = tree.getList("nodes");
        return find(nodes, id);
    }

    @SuppressWarnings("unchecked")
    private static long find(List<Map<String, Object>> nodes, String id) {
        for (Map<String, Object> n : nodes) {
            if (id.equals(n.get("id"))) {
                return ((Number) n.get("papers")).longValue();
            }
            long below = find((List<Map<String, Object>>) n.get("children"), id);
            if (below >= 0) {
                return below;
            }
        }
        return -1;
    }

    @Test
    void countsGrowWithAPaperPlacedUnderALeafAndItsAncestors() {
        PaperCandidate c = Ingest.viaKafka(StreamPapers.month("2025-04", StreamPapers.mentions("precision"), 0, 1)).get(0);
        JsonPath before = given().get("/taxonomy").then().statusCode(200).extract().jsonPath();
        long leaf = count(before, "mixed-precision");
        long parent = count(before, "scalable-training");
        long root = count(before, "training");
        Ingest.correct(c.arxivId(), Map.of("relevant", true, "leaves", List.of("mixed-precision"), "curator", "tax-test"));
        JsonPath after = given().get("/taxonomy").then().statusCode(200).extract().jsonPath();
        // +1 unless the model had already put the paper there
        assertThat(count(after, "mixed-precision")).isBetween(leaf, leaf + 1).isPositive();
        assertThat(count(after, "scalable-training")).isGreaterThanOrEqualTo(count(after, "mixed-precision"));
        assertThat(count(after, "training")).isGreaterThanOrEqualTo(count(after, "scalable-training"));
        assertThat(count(after, "training") - root).isEqualTo(count(after, "mixed-precision") - leaf);
        assertThat(after.getList("nodes.id", String.class)).containsExactly("budget", "data", "architecture", "training", "inference");

        JsonPath trends = given().queryParam("node", "training").queryParam("interval", "month").get("/trends")
                .then().statusCode(200).extract().jsonPath();
        assertThat(trends.getList("series.node", String.class)).containsExactly("training", "scalable-training", "scalable-tuning");
        String month = c.announced().withDayOfMonth(1).toString();
        List<Map<String, Object>> points = trends.getList("series[0].points");
        assertThat(points).anySatisfy(p -> {
            assertThat(p.get("period")).isEqualTo(month);
            assertThat(((Number) p.get("papers")).longValue()).isPositive();
        });
        JsonPath weeks = given().queryParam("node", "mixed-precision").queryParam("interval", "week").get("/trends")
                .then().statusCode(200).extract().jsonPath();
        assertThat(weeks.getList("series[0].points.period", String.class))
                .allSatisfy(d -> assertThat(java.time.LocalDate.parse(d).getDayOfWeek()).isEqualTo(java.time.DayOfWeek.MONDAY));
        given().queryParam("interval", "day").get("/trends").then().statusCode(400).contentType("application/problem+json");
    }
}
