package dev.spectrum.catalog.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

import dev.spectrum.catalog.Ingest;
import dev.spectrum.catalog.StreamPapers;
import dev.spectrum.events.Author;
import dev.spectrum.events.PaperCandidate;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Full-text search in PostgreSQL over real papers: ranking, web search syntax, filters, paging. */
@QuarkusTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SearchTest {

    List<PaperCandidate> papers;

    @BeforeAll
    void load() {
        papers = new ArrayList<>(StreamPapers.month("2025-10", StreamPapers.mentions("speculative decoding"), 0, 25));
        papers.addAll(StreamPapers.month("2025-10", 100, 25));
        Ingest.viaKafka(papers);
    }

    private static JsonPath search(Map<String, ?> params) {
        return given().queryParams(params).get("/papers").then().statusCode(200).extract().jsonPath();
    }

    private static String text(PaperCandidate c) {
        return (c.title() + " " + c.abstractText()).toLowerCase(Locale.ROOT);
    }

    @Test
    void aTitleMatchRanksAboveAnAbstractMatch() {
        PaperCandidate inTitle = papers.stream().filter(c -> c.title().toLowerCase().contains("speculative decoding"))
                .findFirst().orElseThrow();
        PaperCandidate inAbstract = papers.stream()
                .filter(c -> !c.title().toLowerCase().contains("speculative") && text(c).contains("speculative decoding"))
                .findFirst().orElseThrow();
        List<String> ids = search(Map.of("q", "\"speculative decoding\"", "relevant", "any", "size", 100))
                .getList("items.arxivId", String.class);
        assertThat(ids).contains(inTitle.arxivId(), inAbstract.arxivId());
        assertThat(ids.indexOf(inTitle.arxivId())).isLessThan(ids.indexOf(inAbstract.arxivId()));
        List<Float> ranks = search(Map.of("q", "\"speculative decoding\"", "relevant", "any", "size", 100))
                .getList("items.rank", Float.class);
        assertThat(ranks).isSortedAccordingTo((a, b) -> Float.compare(b, a));
    }

    @Test
    void webSearchSyntaxExcludesTerms() {
        JsonPath all = search(Map.of("q", "\"speculative decoding\"", "relevant", "any", "size", 100));
        JsonPath without = search(Map.of("q", "\"speculative decoding\" -tree", "relevant", "any", "size", 100));
        assertThat(without.getLong("total")).isLessThanOrEqualTo(all.getLong("total")).isPositive();
        for (String id : without.getList("items.arxivId", String.class)) {
            PaperCandidate c = papers.stream().filter(p -> p.arxivId().equals(id)).findFirst().orElse(null);
            if (c != null) {
                assertThat(text(c)).doesNotContainPattern("\\btrees?\\b");
            }
        }
    }

    @Test
    void filtersByCategoryAuthorDateAndSortsByDate() {
        PaperCandidate some = papers.get(30);
        String category = some.primaryCategory();
        JsonPath byCategory = search(Map.of("category", category, "relevant", "any", "size", 100));
        assertThat(byCategory.getList("items.arxivId", String.class)).contains(some.arxivId());
        assertThat(byCategory.getList("items.categories", List.class)).allSatisfy(cs -> assertThat(cs).contains(category));

        Author author = some.authors().get(0);
        String surname = author.name().substring(author.name().lastIndexOf(' ') + 1);
        JsonPath byAuthor = search(Map.of("author", surname, "relevant", "any", "size", 100));
        assertThat(byAuthor.getList("items.arxivId", String.class)).contains(some.arxivId());
        assertThat(byAuthor.getList("items.authors", List.class))
                .allSatisfy(as -> assertThat(String.join(",", as).toLowerCase()).contains(surname.toLowerCase()));

        LocalDate day = some.announced();
        JsonPath byDate = search(Map.of("from", day.toString(), "to", day.toString(), "relevant", "any",
                "sort", "date", "size", 100));
        assertThat(byDate.getList("items.arxivId", String.class)).contains(some.arxivId());
        assertThat(byDate.getList("items.announced", String.class)).allSatisfy(d -> assertThat(d).isEqualTo(day.toString()));

        List<String> dates = search(Map.of("relevant", "any", "sort", "date", "size", 100))
                .getList("items.announced", String.class);
        assertThat(dates).isSortedAccordingTo((a, b) -> b.compareTo(a));
    }

    @Test
    void relevantOnlyByDefaultAndTaxonomyNodesIncludeTheirDescendants() {
        PaperCandidate placed = papers.get(40);
        PaperCandidate rejected = papers.get(41);
        Ingest.correct(placed.arxivId(), Map.of("leaves", List.of("peft"), "curator", "search-test"));
        Ingest.correct(rejected.arxivId(), Map.of("relevant", false, "curator", "search-test"));

        JsonPath defaults = search(Map.of("size", 100));
        assertThat(defaults.getList("items.relevant", Boolean.class)).isNotEmpty().allSatisfy(r -> assertThat(r).isTrue());
        assertThat(search(Map.of("author", lastName(rejected), "size", 100)).getList("items.arxivId", String.class))
                .doesNotContain(rejected.arxivId());
        assertThat(search(Map.of("author", lastName(rejected), "relevant", "any", "size", 100))
                .getList("items.arxivId", String.class)).contains(rejected.arxivId());

        // peft sits under scalable-tuning under training
        for (String node : List.of("peft", "scalable-tuning", "training")) {
            JsonPath r = search(Map.of("node", node, "size", 100));
            assertThat(r.getList("items.arxivId", String.class)).as(node).contains(placed.arxivId());
        }
        assertThat(search(Map.of("node", "inference", "size", 100)).getList("items.arxivId", String.class))
                .doesNotContain(placed.arxivId());
        assertThat(search(Map.of("node", "training", "minConfidence", 0.99, "size", 100))
                .getList("items.arxivId", String.class)).contains(placed.arxivId());
        JsonPath confident = search(Map.of("minConfidence", 0.99, "size", 100));
        assertThat(confident.getList("items.leaves", List.class)).allSatisfy(leaves -> assertThat(leaves).isNotEmpty());
    }

    private static String lastName(PaperCandidate c) {
        String n = c.authors().get(0).name();
        return n.substring(n.lastIndexOf(' ') + 1);
    }

    @Test
    void pagesAreCappedAndBadParametersGetProblemDetails() {
        JsonPath big = search(Map.of("relevant", "any", "size", 5000));
        assertThat(big.getInt("size")).isEqualTo(100);
        assertThat(big.getList("items")).hasSizeLessThanOrEqualTo(100);
        JsonPath p0 = search(Map.of("relevant", "any", "size", 10, "page", 0, "sort", "date"));
        JsonPath p1 = search(Map.of("relevant", "any", "size", 10, "page", 1, "sort", "date"));
        assertThat(p0.getList("items.arxivId", String.class)).doesNotContainAnyElementsOf(p1.getList("items.arxivId", String.class));

        given().queryParam("sort", "random").get("/papers").then().statusCode(400)
                .contentType("application/problem+json").body("detail", containsString("sort"));
        given().queryParam("from", "last week").get("/papers").then().statusCode(400)
                .body("detail", containsString("YYYY-MM-DD"));
        given().queryParam("node", "nowhere").get("/papers").then().statusCode(400)
                .body("detail", containsString("unknown taxonomy node"));
        given().queryParam("minConfidence", 2).get("/papers").then().statusCode(400);
        given().get("/papers/2501.99999").then().statusCode(404).contentType("application/problem+json");
    }
}
