package dev.spectrum.catalog.metrics;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.spectrum.catalog.Ingest;
import dev.spectrum.catalog.StreamPapers;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What an operator reads on /q/metrics: classified papers, papers per leaf, dead letters, consumer lag. */
@QuarkusTest
class CatalogMetricsTest {

    private static double value(String metrics, String prefix) {
        return metrics.lines().filter(l -> l.startsWith(prefix))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    private static String metrics() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    @Test
    void exposesClassifiedPapersPapersPerLeafDeadLettersAndConsumerLag() {
        double before = value(metrics(), "spectrum_catalog_classified_total");
        var papers = Ingest.viaKafka(StreamPapers.month("2025-12", 0, 5));
        Ingest.correct(papers.get(0).arxivId(), Map.of("leaves", List.of("low-rank"), "curator", "metrics-test"));
        String m = metrics();
        assertThat(value(m, "spectrum_catalog_classified_total")).isGreaterThanOrEqualTo(before + 5);
        await().atMost(Duration.ofSeconds(10)).until(() -> value(metrics(), "spectrum_catalog_papers{leaf=\"low-rank\"") >= 1);
        assertThat(m).contains("spectrum_catalog_dead_lettered_total");
        assertThat(m).containsPattern("kafka_consumer_fetch_manager_records_lag(_max)?\\{");
    }
}
