package dev.spectrum.ingest.arxiv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.spectrum.events.AnnounceType;
import dev.spectrum.events.Author;
import dev.spectrum.events.Link;
import dev.spectrum.events.PaperCandidate;
import dev.spectrum.events.PaperEvents;
import dev.spectrum.events.Source;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every recorded response in shared/fixtures/arxiv parses to the entries and fields read off the files. */
class ArxivXmlFixturesTest {

    // file | entries | totalResults or completeListSize | first id | first version | first categories (primary first) | token
    private static final String TABLE = """
            api-idlist-0000.0000-empty.atom.xml|0|0||||
            api-idlist-0808.05394,1707.08567-one-of-two.atom.xml|1|1|1707.08567|1|cs.IT|
            api-idlist-0808.05394-empty.atom.xml|0|0||||
            api-idlist-1605.08386.atom.xml|1|1|1605.08386|1|math.CO math.ST|
            api-idlist-1707.08567.atom.xml|1|1|1707.08567|1|cs.IT|
            api-idlist-2104.12255v1-title-0.atom.xml|1|1|2104.12255|1|cs.CR|
            api-idlist-astro-ph-0601001-oldstyle.atom.xml|1|1|astro-ph/0601001|1|astro-ph|
            api-idlist-hep-ex-0406020v1-oldstyle.atom.xml|1|1|hep-ex/0406020|1|hep-ex|
            api-idlist-quant-ph-0201082v1-oldstyle.atom.xml|1|1|quant-ph/0201082|1|quant-ph cs.PL|
            api-legacy-2016-idlist-1111.2011v2.atom.xml|1|1|1111.2011|2|cond-mat.str-el cond-mat.stat-mech|
            api-legacy-2016-query-au-del_maestro-AND-ti-checkerboard.atom.xml|1|1|cond-mat/0603029|1|cond-mat.str-el cond-mat.supr-con|
            api-legacy-2016-query-au-del_maestro-ANDNOT.atom.xml|10|24|1201.4869|1|cond-mat.mes-hall cond-mat.other|
            api-legacy-2016-query-au-del_maestro.atom.xml|10|31|1201.4869|1|cond-mat.mes-hall cond-mat.other|
            api-legacy-2017-query-deep-dream-page0.atom.xml|10|24617|1611.09520|2|q-bio.NC|
            api-legacy-2017-query-deep-dream-page1.atom.xml|10|24617|1511.08339|2|astro-ph.EP|
            api-legacy-2017-query-deep-dream-page2.atom.xml|10|24617|1612.03659|1|cs.CL|
            api-query-all-testing-start0-max10.atom.xml|10|214881|2202.12139|1|cs.SE cs.LG|
            api-query-all-testing-start0-max100.atom.xml|100|214881|2202.12139|1|cs.SE cs.LG|
            api-query-all-testing-start0-max15.atom.xml|15|214881|2202.12139|1|cs.SE cs.LG|
            api-query-all-testing-start10-max10.atom.xml|10|214881|2403.16981|2|math.ST cs.IT stat.ML|
            api-query-all-testing-start20-max10.atom.xml|10|214881|2008.01944|1|q-bio.QM cs.IT eess.SP stat.AP|
            api-query-all-testing-start30-max10.atom.xml|10|214881|2101.12036|1|cs.SE cs.NI|
            api-query-all-testing-start40-max10.atom.xml|10|214881|1704.08347|1|cs.IT|
            api-query-all-testing-start5-max10.atom.xml|10|214881|1202.4527|1|cs.SE|
            api-query-all-testing-start5-max15.atom.xml|15|214881|1202.4527|1|cs.SE|
            api-query-all-testing-start50-max10.atom.xml|10|214881|1709.03221|1|cs.SE cs.AI cs.CY cs.DB cs.LG|
            api-query-all-testing-start9-max15.atom.xml|15|214881|1812.11470|1|cs.SE|
            oai-getrecord-arXiv-1401.2122-multi-setspec.xml|1||1401.2122|0|math.AP hep-th math-ph math.DG math.MP nlin.SI|
            oai-getrecord-arXiv-1507.03011.xml|1||1507.03011|||
            oai-getrecord-oai_dc-1207.1019-utf8.xml|1||1207.1019|1||
            oai-getrecord-oai_dc-1507.03011.xml|1||1507.03011|||
            oai-listrecords-arXiv-resumptionToken-cursor95000-2013.xml|1000|846926|0811.3648|0|cs.DS cs.CC|436115|96001
            oai-listrecords-arXiv-set-cs-2015-01-16.xml|46||1101.4388|0|stat.ML cs.LG math.FA|
            oai-listrecords-arXiv-set-physics-2015-01-16.xml|150||0912.3200|||
            oai-listrecords-arXiv-set-physics-hep-ex-2017-12-14.xml|3||1706.05371|||
            oai-listrecords-arXivRaw-resumptionToken-cursor95000-2014.xml|1000|907096|0811.36489|2|cs.DS cs.CC|496549|96001
            oai-listrecords-noRecordsMatch.xml|0|||||
            oai-listrecords-oai_dc-from2014-12-24-until2014-12-25.xml|897||0709.2184|||
            rss2-all-archives-2024-11-28.xml|1504||2411.17700|1|cs.CY|
            rss2-test-archive-empty-2024-11-28.xml|0|||||
            """;

    /** Files that must be refused, with the reason's key words and whether a retry could help. */
    private static final Map<String, String> ERRORS = Map.of(
            "api-error-malformed-id-abc.http400.atom.xml", "incorrect id format for abc",
            "rss2-error-bad-archive-astroph.xml", "Bad archive 'astroph'",
            "atom-cs.AI-2025-08-20-truncated.xml", "XML");

    @Test
    void everyFixtureIsCovered() throws IOException {
        List<String> covered = Stream.concat(TABLE.lines().map(l -> l.split("\\|", -1)[0]), ERRORS.keySet().stream()).toList();
        try (Stream<java.nio.file.Path> files = Files.list(Fixtures.dir())) {
            List<String> xml = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".xml")).toList();
            assertThat(covered).containsExactlyInAnyOrderElementsOf(xml);
        }
    }

    @Test
    void everyFixtureParsesToItsEntriesAndValidCandidates() {
        for (String line : TABLE.lines().toList()) {
            String[] f = line.split("\\|", -1);
            ArxivPage page = ArxivXml.any(Fixtures.bytes(f[0]));
            assertThat(page.entries()).as(f[0] + " entries").hasSize(Integer.parseInt(f[1]));
            if (!f[2].isEmpty()) {
                Integer total = page.kind() == ArxivPage.Kind.OAI ? page.completeListSize() : page.totalResults();
                assertThat(total).as(f[0] + " total").isEqualTo(Integer.parseInt(f[2]));
            }
            if (!f[3].isEmpty()) {
                PaperCandidate first = page.entries().get(0);
                assertThat(first.arxivId()).as(f[0] + " first id").isEqualTo(f[3]);
                if (!f[4].isEmpty()) {
                    assertThat(first.version()).as(f[0] + " first version").isEqualTo(Integer.parseInt(f[4]));
                }
                if (!f[5].isEmpty()) {
                    assertThat(first.categories()).as(f[0] + " categories, primary first").containsExactly(f[5].split(" "));
                }
            }
            String token = f.length > 7 ? f[6] + "|" + f[7] : f[6];
            assertThat(page.resumptionToken()).as(f[0] + " token").isEqualTo(token.isEmpty() ? null : token);
            for (PaperCandidate p : page.entries()) {
                assertThat(p.title()).as(f[0] + " " + p.arxivId() + " title").isNotNull();
                assertThat(ArxivId.isValid(p.arxivId())).isTrue();
                if (p.version() > 0) {
                    assertThat(PaperEvents.candidateViolations(PaperEvents.writeString(p))).as(f[0] + " " + p.arxivId()).isEmpty();
                }
            }
        }
    }

    @Test
    void errorFeedsAndTruncatedBodiesAreErrors() {
        ERRORS.forEach((file, reason) -> {
            FeedException e = catchThrowableOfType(FeedException.class, () -> ArxivXml.any(Fixtures.bytes(file)));
            assertThat(e).as(file).isNotNull();
            assertThat(e.getMessage()).as(file).contains(reason);
            assertThat(e.retryable()).as(file + " retryable").isEqualTo(file.contains("truncated"));
        });
        assertThat(catchThrowableOfType(FeedException.class,
                () -> ArxivXml.api(Fixtures.bytes("api-error-malformed-id-abc.http400.atom.xml")))).isNotNull();
    }

    @Test
    void currentApiEntryCarriesEveryField() {
        PaperCandidate p = ArxivXml.api(Fixtures.bytes("api-query-all-testing-start0-max10.atom.xml")).entries().get(0);
        assertThat(p.title()).isEqualTo("Testing Deep Learning Models: A First Comparative Study of Multiple Testing Techniques");
        assertThat(p.abstractText()).startsWith("Deep Learning (DL) has revolutionized").endsWith("discuss its results.");
        assertThat(p.authors()).extracting(Author::name).containsExactly("Mohit Kumar Ahuja", "Arnaud Gotlieb", "Helge Spieker");
        assertThat(p.submitted()).isEqualTo(Instant.parse("2022-02-24T15:05:19Z"));
        assertThat(p.updated()).isEqualTo(Instant.parse("2022-02-24T15:05:19Z"));
        assertThat(p.comment()).isEqualTo("Artificial Intelligence in Software Testing 2022 workshop @ ICST 2022");
        assertThat(p.journalRef()).startsWith("Artificial Intelligence in Software Testing @ 2022 IEEE");
        assertThat(p.doi()).isEqualTo("10.1109/ICSTW55395.2022.00035");
        assertThat(p.links()).contains(new Link("abs", "https://arxiv.org/abs/2202.12139v1"), new Link("pdf", "https://arxiv.org/pdf/2202.12139v1"));
        assertThat(p.announceType()).isEqualTo(AnnounceType.NEW);
        assertThat(p.source()).isEqualTo(Source.API);
    }

    @Test
    void legacyApiEntryIsUnwrappedAndVersioned() {
        ArxivPage page = ArxivXml.api(Fixtures.bytes("api-legacy-2016-idlist-1111.2011v2.atom.xml"));
        PaperCandidate p = page.entries().get(0);
        assertThat(p.title()).isEqualTo("Quantum Criticality for Extended Nodes on a Bethe Lattice in the Large Connectivity Limit");
        assertThat(p.abstractText()).startsWith("Theoretical description of anisotropic systems, such as layered superconductors");
        assertThat(p.version()).isEqualTo(2);
        assertThat(p.announceType()).isEqualTo(AnnounceType.REPLACE);
        assertThat(p.submitted()).isEqualTo(Instant.parse("2011-11-08T18:48:36Z"));
        assertThat(p.updated()).isEqualTo(Instant.parse("2012-04-02T12:38:54Z"));
        assertThat(p.doi()).isEqualTo("10.1103/PhysRevB.85.115117");
        assertThat(p.journalRef()).isEqualTo("Phys. Rev. B 85, 115117 (2012)");
        assertThat(p.comment()).isEqualTo("8 pages, 3 figures. Published version");
        assertThat(page.totalResults()).isEqualTo(1);
        assertThat(page.startIndex()).isZero();
        assertThat(page.itemsPerPage()).isEqualTo(10);
    }

    @Test
    void affiliationsStayWithTheirAuthor() {
        PaperCandidate p = ArxivXml.api(Fixtures.bytes("api-idlist-astro-ph-0601001-oldstyle.atom.xml")).entries().get(0);
        assertThat(p.authors()).containsExactly(new Author("Andrew Gould", List.of("Ohio State")),
                new Author("Susan Dorsher", List.of("Ohio State")), new Author("B. Scott Gaudi", List.of("CfA")),
                new Author("Andrzej Udalski", List.of("Warsaw University Observatory")));
        assertThat(p.journalRef()).isEqualTo("ActaAstron.56:1-50,2006");
        PaperCandidate hep = ArxivXml.api(Fixtures.bytes("api-idlist-hep-ex-0406020v1-oldstyle.atom.xml")).entries().get(0);
        assertThat(hep.authors().get(0).affiliations()).containsExactly("for the ATLAS and CMS Collaborations");
    }

    @Test
    void titleZeroIsKept() {
        assertThat(ArxivXml.api(Fixtures.bytes("api-idlist-2104.12255v1-title-0.atom.xml")).entries().get(0).title()).isEqualTo("0");
    }

    @Test
    void rssItemsCarryAnnounceTypeDayAuthorsDoiAndJournal() {
        ArxivPage page = ArxivXml.feed(Fixtures.bytes("rss2-all-archives-2024-11-28.xml"));
        assertThat(page.announced()).isEqualTo(LocalDate.of(2024, 11, 28));
        Map<AnnounceType, Long> types = page.entries().stream().collect(Collectors.groupingBy(PaperCandidate::announceType, Collectors.counting()));
        assertThat(types).containsEntry(AnnounceType.NEW, 926L).containsEntry(AnnounceType.REPLACE, 569L).containsEntry(AnnounceType.CROSS, 9L);
        Map<String, PaperCandidate> byId = page.entries().stream().collect(Collectors.toMap(PaperCandidate::arxivId, Function.identity(), (a, b) -> a));
        PaperCandidate first = byId.get("2411.17700");
        assertThat(first.abstractText()).startsWith("This study investigates the influence of generative artificial intelligence");
        assertThat(first.authors()).extracting(Author::name).containsExactly("Jun Cui");
        assertThat(first.announced()).isEqualTo(LocalDate.of(2024, 11, 28));
        PaperCandidate replace = byId.get("1401.3665");
        assertThat(replace.version()).isEqualTo(4);
        assertThat(replace.announceType()).isEqualTo(AnnounceType.REPLACE);
        assertThat(replace.title()).isEqualTo("The existence of designs");
        PaperCandidate cross = byId.get("2202.06515");
        assertThat(cross.announceType()).isEqualTo(AnnounceType.CROSS);
        assertThat(cross.version()).isEqualTo(3);
        assertThat(cross.categories()).containsExactly("astro-ph.CO", "astro-ph.GA", "physics.flu-dyn");
        assertThat(cross.doi()).isEqualTo("10.1063/5.0236964");
        assertThat(cross.journalRef()).isEqualTo("Physics of Fluids 36, 117158 (2024)");
        PaperCandidate two = byId.get("2411.17758");
        assertThat(two.authors()).extracting(Author::name).containsExactly("Kamil Erdayandi", "Mustafa Asan Mustafa");
    }

    @Test
    void emptyFeedIsAQuietDayNotAnError() {
        ArxivPage page = ArxivXml.feed(Fixtures.bytes("rss2-test-archive-empty-2024-11-28.xml"));
        assertThat(page.entries()).isEmpty();
        assertThat(page.announced()).isEqualTo(LocalDate.of(2024, 11, 28));
    }

    @Test
    void completeAtomEntriesOfTheTruncatedFeedParseOnceTheBodyIsWhole() throws IOException {
        // The recorded body stops mid-entry; cut it after the last complete entry and close the feed to check the Atom form.
        String s = new String(Fixtures.bytes("atom-cs.AI-2025-08-20-truncated.xml"), java.nio.charset.StandardCharsets.UTF_8);
        String whole = s.substring(0, s.lastIndexOf("</entry>") + "</entry>".length()) + "</feed>";
        ArxivPage page = ArxivXml.feed(whole.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(page.kind()).isEqualTo(ArxivPage.Kind.ATOM);
        assertThat(page.entries()).hasSize(86);
        assertThat(page.entries().stream().filter(p -> p.announceType() == AnnounceType.NEW)).hasSize(41);
        assertThat(page.entries().stream().filter(p -> p.announceType() == AnnounceType.CROSS)).hasSize(45);
        assertThat(page.entries().stream().filter(p -> p.announceType() == AnnounceType.NEW))
                .allSatisfy(p -> assertThat(p.primaryCategory()).isEqualTo("cs.AI"));
        PaperCandidate first = page.entries().get(0);
        assertThat(first.arxivId()).isEqualTo("2508.13167");
        assertThat(first.announced()).isEqualTo(LocalDate.of(2025, 8, 20));
        assertThat(first.categories()).containsExactly("cs.AI", "cs.CL");
        assertThat(first.authors().get(0).name()).isEqualTo("Weizhen Li");
        assertThat(page.announced()).isEqualTo(LocalDate.of(2025, 8, 20));
    }

    @Test
    void arxivRawCarriesVersionHistoryInNumericOrder() {
        ArxivPage page = ArxivXml.oai(Fixtures.bytes("oai-listrecords-arXivRaw-resumptionToken-cursor95000-2014.xml"));
        PaperCandidate anomaly = page.entries().get(0);
        assertThat(anomaly.arxivId()).isEqualTo("0811.36489");
        assertThat(anomaly.title()).isEqualTo("Revisiting Norm Estimation in Data Streams");
        assertThat(anomaly.authors()).extracting(Author::name).containsExactly("Daniel M. Kane", "Jelani Nelson", "David P. Woodruff");
        assertThat(anomaly.submitted()).isEqualTo(Instant.parse("2008-11-21T22:55:07Z"));
        assertThat(anomaly.updated()).isEqualTo(Instant.parse("2009-04-09T02:45:30Z"));
        assertThat(page.cursor()).isEqualTo(95000);
        int max = page.entries().stream().mapToInt(PaperCandidate::version).max().orElseThrow();
        assertThat(max).as("v10+ sorts before v2 as text; the parser compares numbers").isGreaterThanOrEqualTo(10);
        PaperCandidate four = page.entries().stream().filter(p -> p.arxivId().equals("0811.3649")).findFirst().orElseThrow();
        assertThat(four.version()).isEqualTo(4);
        assertThat(four.announceType()).isEqualTo(AnnounceType.REPLACE);
        assertThat(four.updated()).isEqualTo(Instant.parse("2009-09-01T22:36:30Z"));
    }

    @Test
    void arxivFormatRecordHasAuthorsDoiJournalAndComment() {
        PaperCandidate p = ArxivXml.oai(Fixtures.bytes("oai-getrecord-arXiv-1401.2122-multi-setspec.xml")).entries().get(0);
        assertThat(p.authors()).extracting(Author::name).containsExactly("A. Sergyeyev");
        assertThat(p.doi()).isEqualTo("10.1007/s11005-017-1013-4");
        assertThat(p.journalRef()).isEqualTo("Lett. Math. Phys. 108 (2018), no. 2, 359-376");
        assertThat(p.comment()).startsWith("16 pages, LaTeX, no figures");
        assertThat(p.submitted()).isEqualTo(Instant.parse("2014-01-09T00:00:00Z"));
        assertThat(p.version()).as("the arXiv format does not say which version a replaced paper is at").isZero();
        PaperCandidate cs = ArxivXml.oai(Fixtures.bytes("oai-listrecords-arXiv-set-cs-2015-01-16.xml")).entries().get(0);
        assertThat(cs.authors()).extracting(Author::name).containsExactly("Guohui Song", "Haizhang Zhang", "Fred J. Hickernell");
        assertThat(cs.doi()).isEqualTo("10.1016/j.acha.2012.03.009");
    }

    @Test
    void dublinCoreRecordNamesAuthorsFirstNameFirst() {
        PaperCandidate p = ArxivXml.oai(Fixtures.bytes("oai-getrecord-oai_dc-1207.1019-utf8.xml")).entries().get(0);
        assertThat(p.title()).isEqualTo("PAC-Bayesian Majority Vote for Late Classifier Fusion");
        assertThat(p.authors()).extracting(Author::name).containsExactly("Emilie Morvant", "Amaury Habrard", "Stéphane Ayache");
        assertThat(p.comment()).isEqualTo("7 pages, Research report");
        assertThat(p.abstractText()).startsWith("A lot of attention has been devoted");
    }

    @Test
    void noRecordsMatchIsAnEmptyLastPage() {
        ArxivPage page = ArxivXml.oai(Fixtures.bytes("oai-listrecords-noRecordsMatch.xml"));
        assertThat(page.noRecordsMatch()).isTrue();
        assertThat(page.resumptionToken()).isNull();
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "<resumptionToken expirationDate='2026-11-29T00:00:00Z'>verb%3DListRecords%26set%3Dcs%26skip%3D2500</resumptionToken>;"
            + "verb%3DListRecords%26set%3Dcs%26skip%3D2500;2026-11-29T00:00:00Z",
        "<resumptionToken/>;;",
        "<resumptionToken cursor='0' completeListSize='12'>123|1001</resumptionToken>;123|1001;"})
    void resumptionTokenNewAndOldForms(String tokenElement, String token, String expires) {
        String xml = "<OAI-PMH xmlns='http://www.openarchives.org/OAI/2.0/'><ListRecords><record><header>"
                + "<identifier>oai:arXiv.org:2411.17700</identifier></header><metadata>"
                + "<arXivRaw xmlns='http://arxiv.org/OAI/arXivRaw/'><id>2411.17700</id><version version='v1'>"
                + "<date>Mon, 25 Nov 2024 10:00:00 GMT</date></version><title>T</title><categories>cs.CY</categories></arXivRaw>"
                + "</metadata></record>" + tokenElement + "</ListRecords></OAI-PMH>";
        ArxivPage page = ArxivXml.oai(xml.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(page.resumptionToken()).isEqualTo(token);
        assertThat(page.tokenExpires()).isEqualTo(expires == null ? null : Instant.parse(expires));
    }

    @Test
    void badResumptionTokenIsReportedAsSuch() {
        String xml = "<OAI-PMH xmlns='http://www.openarchives.org/OAI/2.0/'><error code='badResumptionToken'>expired</error></OAI-PMH>";
        OaiException e = catchThrowableOfType(OaiException.class, () -> ArxivXml.oai(xml.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertThat(e.badResumptionToken()).isTrue();
    }
}
