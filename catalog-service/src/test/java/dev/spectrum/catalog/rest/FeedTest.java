package dev.spectrum.catalog.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.spectrum.catalog.Ingest;
import dev.spectrum.catalog.StreamPapers;
import dev.spectrum.events.PaperCandidate;
import io.quarkus.test.junit.QuarkusTest;
import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The Atom feed per node, parsed as a feed reader would, with the elements RFC 4287 requires. */
@QuarkusTest
class FeedTest {

    private static final String ATOM = "http://www.w3.org/2005/Atom";

    @Test
    void aNodeFeedIsValidAtomWithThePapersUnderTheNode() throws Exception {
        List<PaperCandidate> papers = Ingest.viaKafka(StreamPapers.month("2025-08",
                StreamPapers.mentions("pruning"), 0, 3));
        PaperCandidate pruned = papers.get(0);
        Ingest.correct(pruned.arxivId(), Map.of("relevant", true, "leaves", List.of("pruning"), "curator", "feed-test"));

        byte[] body = given().get("/feeds/inference.atom").then().statusCode(200)
                .contentType(org.hamcrest.Matchers.startsWith("application/atom+xml")).extract().asByteArray();
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        Document doc = f.newDocumentBuilder().parse(new ByteArrayInputStream(body));
        Element feed = doc.getDocumentElement();
        assertThat(feed.getLocalName()).isEqualTo("feed");
        assertThat(feed.getNamespaceURI()).isEqualTo(ATOM);
        assertThat(child(feed, "id").getTextContent()).isNotBlank();
        assertThat(child(feed, "title").getTextContent()).contains("Inference");
        Instant.parse(child(feed, "updated").getTextContent());
        assertThat(links(feed)).anySatisfy(l -> {
            assertThat(l.getAttribute("rel")).isEqualTo("self");
            assertThat(l.getAttribute("href")).endsWith("/feeds/inference.atom");
        });

        List<Element> entries = children(feed, "entry");
        assertThat(entries).isNotEmpty();
        for (Element entry : entries) {
            assertThat(child(entry, "id").getTextContent()).startsWith("https://arxiv.org/abs/");
            assertThat(child(entry, "title").getTextContent()).isNotBlank();
            Instant.parse(child(entry, "updated").getTextContent());
            assertThat(links(entry)).anySatisfy(l -> assertThat(l.getAttribute("href")).startsWith("https://arxiv.org/abs/"));
            assertThat(child(entry, "summary").getTextContent()).isNotBlank();
            assertThat(children(entry, "author")).isNotEmpty()
                    .allSatisfy(a -> assertThat(child(a, "name").getTextContent()).isNotBlank());
        }
        Element mine = entries.stream()
                .filter(e -> child(e, "id").getTextContent().equals("https://arxiv.org/abs/" + pruned.arxivId()))
                .findFirst().orElseThrow();
        assertThat(child(mine, "title").getTextContent()).isEqualTo(pruned.title());
        assertThat(children(mine, "category")).extracting(c -> c.getAttribute("term")).contains("pruning");
        assertThat(children(mine, "author")).hasSize(pruned.authors().size());

        // the pruning paper is not in a feed of another branch
        String data = given().get("/feeds/data.atom").then().statusCode(200).extract().asString();
        assertThat(data).doesNotContain("https://arxiv.org/abs/" + pruned.arxivId() + "<");
        given().get("/feeds/nowhere.atom").then().statusCode(404).contentType("application/problem+json");
    }

    private static Element child(Element parent, String name) {
        List<Element> found = children(parent, name);
        assertThat(found).as("<" + name + "> in <" + parent.getLocalName() + ">").isNotEmpty();
        return found.get(0);
    }

    private static List<Element> links(Element parent) {
        return children(parent, "link");
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            if (nodes.item(i) instanceof Element e && ATOM.equals(e.getNamespaceURI()) && name.equals(e.getLocalName())) {
                out.add(e);
            }
        }
        return out;
    }
}
