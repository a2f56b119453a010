package dev.spectrum.catalog.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spectrum.catalog.Ingest;
import dev.spectrum.catalog.StreamPapers;
import dev.spectrum.events.PaperCandidate;
import io.quarkus.test.junit.QuarkusTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The living survey: Markdown sections in survey order, each paper a reference with its arXiv link. */
@QuarkusTest
class SurveyExportTest {

    @Test
    void theSurveyListsPapersAsReferencesUnderTheirTaxonomySections() {
        PaperCandidate moe = Ingest.viaKafka(StreamPapers.month("2025-09",
                StreamPapers.mentions("mixture of experts"), 0, 1)).get(0);
        Ingest.correct(moe.arxivId(), Map.of("relevant", true, "leaves", List.of("sparse-modeling"),
                "curator", "survey-test"));

        String md = given().get("/export/survey.md").then().statusCode(200)
                .contentType(org.hamcrest.Matchers.startsWith("text/markdown")).extract().asString();
        List<String> lines = md.lines().toList();
        assertThat(lines.get(0)).startsWith("# ");
        // survey order: sections 3 to 7, with numbered subsections
        assertThat(md).containsSubsequence("## 3 Budget Efficiency", "## 4 Data Efficiency",
                "## 5 Architecture Efficiency", "### 5.3 Sparse Modeling", "## 6 Training and Tuning Efficiency");

        int heading = lines.indexOf("### 5.3 Sparse Modeling");
        int next = heading + 1;
        while (next < lines.size() && !lines.get(next).startsWith("#")) {
            next++;
        }
        List<String> section = lines.subList(heading + 1, next);
        String link = "https://arxiv.org/abs/" + moe.arxivId();
        String reference = section.stream().filter(l -> l.contains(link)).findFirst().orElseThrow();
        assertThat(reference).matches("\\d+\\. .+");
        assertThat(reference).contains("arXiv:" + moe.arxivId()).contains("[" + link + "](" + link + ")")
                .contains(String.valueOf(moe.announced().getYear()));
        String firstAuthor = moe.authors().get(0).name();
        assertThat(reference.replace("\\", "")).startsWith(reference.substring(0, reference.indexOf(' ') + 1) + firstAuthor);
        assertThat(reference.replace("\\", "")).contains(moe.title().replaceAll("\\s+", " ").strip());
    }
}
