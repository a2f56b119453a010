package dev.spectrum.ingest.arxiv;

import dev.spectrum.events.AnnounceType;
import dev.spectrum.events.Author;
import dev.spectrum.events.Link;
import dev.spectrum.events.PaperCandidate;
import dev.spectrum.events.Source;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Parsers for the three arXiv XML interfaces: the API's Atom (legacy and current serialisations), the rss.arxiv.org
 * RSS 2.0 and Atom feeds, and OAI-PMH ({@code arXivRaw}, {@code arXiv}, {@code oai_dc}). Elements are found by
 * namespace and name, never by order or prefix. Each paper becomes a {@link PaperCandidate}.
 */
public final class ArxivXml {

    public static final String ATOM = "http://www.w3.org/2005/Atom";
    public static final String OPENSEARCH = "http://a9.com/-/spec/opensearch/1.1/";
    public static final String ARXIV_ATOM = "http://arxiv.org/schemas/atom";
    public static final String DC = "http://purl.org/dc/elements/1.1/";
    public static final String OAI = "http://www.openarchives.org/OAI/2.0/";
    public static final String OAI_ARXIV = "http://arxiv.org/OAI/arXiv/";
    public static final String OAI_ARXIV_RAW = "http://arxiv.org/OAI/arXivRaw/";
    public static final String OAI_DC = "http://www.openarchives.org/OAI/2.0/oai_dc/";

    private ArxivXml() {
    }

    /** Parses any arXiv response, telling the interface apart by its root element (for recorded-response replay). */
    public static ArxivPage any(byte[] xml) {
        XmlNode root = XmlNode.parse(xml);
        if (root.name.equals("rss")) {
            return rss(root);
        }
        if (root.name.equals("OAI-PMH")) {
            return oai(root);
        }
        if (root.name.equals("feed") && root.ns.equals(ATOM)) {
            return root.child(OPENSEARCH, "totalResults") != null ? api(root) : atomFeed(root);
        }
        throw new FeedException("not an arXiv response: root element <" + root.name + ">", false);
    }

    // ---------------------------------------------------------------- API

    /** An arXiv API response; an error feed (HTTP 400 on the current backend) is a permanent {@link FeedException}. */
    public static ArxivPage api(byte[] xml) {
        XmlNode root = XmlNode.parse(xml);
        if (!root.name.equals("feed") || !root.ns.equals(ATOM)) {
            throw new FeedException("arXiv API response is not an Atom feed: <" + root.name + ">", false);
        }
        return api(root);
    }

    private static ArxivPage api(XmlNode feed) {
        Instant now = Instant.now();
        List<PaperCandidate> entries = new ArrayList<>();
        for (XmlNode e : feed.children(ATOM, "entry")) {
            String id = e.text(ATOM, "id");
            if (id != null && id.contains("/api/errors") || "Error".equals(e.text(ATOM, "title")) && id != null && !id.contains("/abs/")) {
                throw new FeedException("arXiv API error: " + e.text(ATOM, "summary"), false);
            }
            entries.add(apiEntry(e, now));
        }
        return new ArxivPage(ArxivPage.Kind.API, entries, integer(feed.text(OPENSEARCH, "totalResults")),
                integer(feed.text(OPENSEARCH, "startIndex")), integer(feed.text(OPENSEARCH, "itemsPerPage")), null, null, null,
                null, null, false);
    }

    private static PaperCandidate apiEntry(XmlNode e, Instant now) {
        ArxivId id = ArxivId.parse(e.text(ATOM, "id"));
        List<String> categories = new ArrayList<>();
        XmlNode primary = e.child(ARXIV_ATOM, "primary_category");
        if (primary != null) {
            Texts.addCategory(categories, primary.attr("term"));
        }
        for (XmlNode c : e.children(ATOM, "category")) {
            Texts.addCategory(categories, c.attr("term"));
        }
        List<Author> authors = new ArrayList<>();
        for (XmlNode a : e.children(ATOM, "author")) {
            List<String> affiliations = new ArrayList<>();
            for (XmlNode aff : a.children(ARXIV_ATOM, "affiliation")) {
                if (aff.text() != null) {
                    affiliations.add(aff.text());
                }
            }
            String name = a.text(ATOM, "name");
            if (name != null) {
                authors.add(new Author(name, affiliations));
            }
        }
        List<Link> links = new ArrayList<>();
        for (XmlNode l : e.children(ATOM, "link")) {
            String rel = "alternate".equals(l.attr("rel")) ? "abs" : l.attr("title") != null ? l.attr("title") : l.attr("rel");
            if (rel != null && l.attr("href") != null) {
                links.add(new Link(rel, l.attr("href")));
            }
        }
        int version = Math.max(id.version(), 1);
        String title = e.text(ATOM, "title");
        return new PaperCandidate(PaperCandidate.SCHEMA_VERSION, id.id(), version, title == null ? "" : title,
                e.text(ATOM, "summary"), authors, categories, Texts.instant(e.text(ATOM, "published")),
                Texts.instant(e.text(ATOM, "updated")), null, e.text(ARXIV_ATOM, "comment"), e.text(ARXIV_ATOM, "journal_ref"),
                e.text(ARXIV_ATOM, "doi"), links, version > 1 ? AnnounceType.REPLACE : AnnounceType.NEW, Source.API, now);
    }

    // ---------------------------------------------------------------- RSS / Atom feeds

    /** An rss.arxiv.org feed, RSS 2.0 or Atom; an error channel is a permanent {@link FeedException}. */
    public static ArxivPage feed(byte[] xml) {
        XmlNode root = XmlNode.parse(xml);
        if (root.name.equals("rss")) {
            return rss(root);
        }
        if (root.name.equals("feed") && root.ns.equals(ATOM)) {
            return atomFeed(root);
        }
        throw new FeedException("not an RSS 2.0 or Atom feed: <" + root.name + ">", false);
    }

    private static ArxivPage rss(XmlNode rss) {
        XmlNode channel = rss.child(null, "channel");
        if (channel == null) {
            throw new FeedException("RSS without a channel", true);
        }
        String title = channel.text(null, "title");
        if (title != null && title.startsWith("Feed error")) {
            throw new FeedException(title + ": " + channel.text(null, "description"), false);
        }
        LocalDate day = Texts.localDate(channel.text(null, "pubDate"));
        Instant now = Instant.now();
        List<PaperCandidate> entries = new ArrayList<>();
        for (XmlNode item : channel.children(null, "item")) {
            List<String> categories = new ArrayList<>();
            for (XmlNode c : item.children(null, "category")) {
                Texts.addCategory(categories, c.text());
            }
            LocalDate announced = Texts.localDate(item.text(null, "pubDate"));
            entries.add(feedEntry(item.text(null, "guid"), item.text(null, "title"), item.text(null, "description"),
                    categories, announced == null ? day : announced, item.text(ARXIV_ATOM, "announce_type"),
                    item.text(DC, "creator"), item.text(ARXIV_ATOM, "DOI"), item.text(ARXIV_ATOM, "journal_reference"),
                    item.text(null, "link"), Source.RSS, now));
        }
        return new ArxivPage(ArxivPage.Kind.RSS, entries, null, null, null, day, null, null, null, null, false);
    }

    private static ArxivPage atomFeed(XmlNode feed) {
        String title = feed.text(ATOM, "title");
        if (title != null && title.startsWith("Feed error")) {
            throw new FeedException(title + ": " + feed.text(ATOM, "subtitle"), false);
        }
        Instant now = Instant.now();
        List<PaperCandidate> entries = new ArrayList<>();
        LocalDate day = null;
        for (XmlNode e : feed.children(ATOM, "entry")) {
            List<String> categories = new ArrayList<>();
            for (XmlNode c : e.children(ATOM, "category")) {
                Texts.addCategory(categories, c.attr("term"));
            }
            LocalDate announced = Texts.localDate(e.text(ATOM, "published"));
            day = day == null ? announced : day;
            XmlNode link = e.child(ATOM, "link");
            entries.add(feedEntry(e.text(ATOM, "id"), e.text(ATOM, "title"), e.text(ATOM, "summary"), categories, announced,
                    e.text(ARXIV_ATOM, "announce_type"), e.text(DC, "creator"), e.text(ARXIV_ATOM, "DOI"),
                    e.text(ARXIV_ATOM, "journal_reference"), link == null ? null : link.attr("href"), Source.RSS, now));
        }
        return new ArxivPage(ArxivPage.Kind.ATOM, entries, null, null, null, day, null, null, null, null, false);
    }

    private static PaperCandidate feedEntry(String guid, String title, String description, List<String> categories,
            LocalDate announced, String announceType, String creators, String doi, String journalRef, String link,
            Source source, Instant now) {
        ArxivId id = ArxivId.parse(guid);
        String abstractText = description;
        if (description != null) {
            int at = description.indexOf("Abstract:");
            abstractText = at >= 0 ? description.substring(at + "Abstract:".length()).strip() : description;
        }
        AnnounceType type = announceType == null ? AnnounceType.NEW : AnnounceType.fromWire(announceType);
        List<Link> links = link == null ? List.of() : List.of(new Link("abs", link));
        return new PaperCandidate(PaperCandidate.SCHEMA_VERSION, id.id(), Math.max(1, id.version()), title == null ? "" : title,
                abstractText, Texts.authors(creators), categories, null, null, announced, null, journalRef, doi, links, type,
                source, now);
    }

    // ---------------------------------------------------------------- OAI-PMH

    /** An OAI-PMH response; {@code noRecordsMatch} is an empty last page, other OAI errors are {@link OaiException}s. */
    public static ArxivPage oai(byte[] xml) {
        XmlNode root = XmlNode.parse(xml);
        if (!root.name.equals("OAI-PMH")) {
            throw new FeedException("not an OAI-PMH response: <" + root.name + ">", false);
        }
        return oai(root);
    }

    private static ArxivPage oai(XmlNode root) {
        XmlNode error = root.child(OAI, "error");
        if (error != null) {
            String code = error.attr("code");
            if ("noRecordsMatch".equals(code)) {
                return new ArxivPage(ArxivPage.Kind.OAI, List.of(), null, null, null, null, null, null, null, 0, true);
            }
            throw new OaiException(code, error.text());
        }
        XmlNode list = root.child(OAI, "ListRecords");
        if (list == null) {
            list = root.child(OAI, "GetRecord");
        }
        if (list == null) {
            throw new FeedException("OAI-PMH response without ListRecords or GetRecord", false);
        }
        Instant now = Instant.now();
        List<PaperCandidate> entries = new ArrayList<>();
        for (XmlNode record : list.children(OAI, "record")) {
            XmlNode header = record.child(OAI, "header");
            XmlNode metadata = record.child(OAI, "metadata");
            if (header == null || "deleted".equals(header.attr("status")) || metadata == null || metadata.children().isEmpty()) {
                continue;
            }
            XmlNode m = metadata.children().get(0);
            switch (m.ns) {
                case OAI_ARXIV_RAW -> entries.add(arxivRaw(m, now));
                case OAI_ARXIV -> entries.add(arxivFormat(m, now));
                case OAI_DC -> entries.add(dublinCore(header, m, now));
                default -> throw new FeedException("unknown OAI-PMH metadata format " + m.ns, false);
            }
        }
        XmlNode token = list.child(OAI, "resumptionToken");
        String next = token == null ? null : token.text();
        return new ArxivPage(ArxivPage.Kind.OAI, entries, null, null, null, null, next,
                token == null ? null : Texts.instant(token.attr("expirationDate")), token == null ? null : integer(token.attr("cursor")),
                token == null ? null : integer(token.attr("completeListSize")), false);
    }

    private static PaperCandidate arxivRaw(XmlNode m, Instant now) {
        ArxivId id = ArxivId.parse(m.text(OAI_ARXIV_RAW, "id"));
        int latest = 0;
        Instant first = null;
        Instant last = null;
        // <version> elements come in string order (v1, v10, v2): compare numbers, not positions.
        for (XmlNode v : m.children(OAI_ARXIV_RAW, "version")) {
            String label = v.attr("version");
            int n = label == null ? 0 : Integer.parseInt(label.replaceAll("\\D", ""));
            Instant date = Texts.instant(v.text(OAI_ARXIV_RAW, "date"));
            if (n == 1) {
                first = date;
            }
            if (n > latest) {
                latest = n;
                last = date;
            }
        }
        return oaiCandidate(id.id(), Math.max(latest, 1), m.text(OAI_ARXIV_RAW, "title"), m.text(OAI_ARXIV_RAW, "abstract"),
                Texts.authors(m.text(OAI_ARXIV_RAW, "authors")), m.text(OAI_ARXIV_RAW, "categories"), first, last,
                m.text(OAI_ARXIV_RAW, "comments"), m.text(OAI_ARXIV_RAW, "journal-ref"), m.text(OAI_ARXIV_RAW, "doi"), now);
    }

    private static PaperCandidate arxivFormat(XmlNode m, Instant now) {
        ArxivId id = ArxivId.parse(m.text(OAI_ARXIV, "id"));
        List<Author> authors = new ArrayList<>();
        XmlNode list = m.child(OAI_ARXIV, "authors");
        if (list != null) {
            for (XmlNode a : list.children(OAI_ARXIV, "author")) {
                String forenames = a.text(OAI_ARXIV, "forenames");
                String keyname = a.text(OAI_ARXIV, "keyname");
                String suffix = a.text(OAI_ARXIV, "suffix");
                String name = ((forenames == null ? "" : forenames + " ") + (keyname == null ? "" : keyname)
                        + (suffix == null ? "" : " " + suffix)).strip();
                List<String> affiliations = new ArrayList<>();
                for (XmlNode aff : a.children(OAI_ARXIV, "affiliation")) {
                    if (aff.text() != null) {
                        affiliations.add(aff.text());
                    }
                }
                if (!name.isEmpty()) {
                    authors.add(new Author(name, affiliations));
                }
            }
        }
        Instant created = Texts.instant(m.text(OAI_ARXIV, "created"));
        Instant updated = Texts.instant(m.text(OAI_ARXIV, "updated"));
        // The arXiv format has no version numbers: without <updated> it is v1, otherwise unknown (0).
        return oaiCandidate(id.id(), updated == null ? 1 : 0, m.text(OAI_ARXIV, "title"), m.text(OAI_ARXIV, "abstract"), authors,
                m.text(OAI_ARXIV, "categories"), created, updated == null ? created : updated, m.text(OAI_ARXIV, "comments"),
                m.text(OAI_ARXIV, "journal-ref"), m.text(OAI_ARXIV, "doi"), now);
    }

    private static PaperCandidate dublinCore(XmlNode header, XmlNode m, Instant now) {
        String identifier = header.text(OAI, "identifier");
        for (XmlNode i : m.children(DC, "identifier")) {
            if (i.text() != null && i.text().contains("arxiv.org/abs/")) {
                identifier = i.text();
            }
        }
        ArxivId id = ArxivId.parse(identifier);
        List<Author> authors = new ArrayList<>();
        for (XmlNode c : m.children(DC, "creator")) {
            String name = c.text();
            if (name != null) {
                int comma = name.indexOf(", ");
                authors.add(Author.of(comma > 0 ? name.substring(comma + 2) + " " + name.substring(0, comma) : name));
            }
        }
        String abstractText = null;
        String comment = null;
        for (XmlNode d : m.children(DC, "description")) {
            String text = d.text();
            if (text != null && text.startsWith("Comment:")) {
                comment = text.substring("Comment:".length()).strip();
            } else if (abstractText == null) {
                abstractText = text;
            }
        }
        // oai_dc lists one <dc:date> per version.
        List<XmlNode> dates = m.children(DC, "date");
        Instant first = dates.isEmpty() ? null : Texts.instant(dates.get(0).text());
        Instant last = dates.isEmpty() ? null : Texts.instant(dates.get(dates.size() - 1).text());
        return oaiCandidate(id.id(), Math.max(1, dates.size()), m.text(DC, "title"), abstractText, authors, null, first, last,
                comment, null, null, now);
    }

    private static PaperCandidate oaiCandidate(String id, int version, String title, String abstractText, List<Author> authors,
            String categories, Instant submitted, Instant updated, String comment, String journalRef, String doi, Instant now) {
        List<String> cats = new ArrayList<>();
        if (categories != null) {
            for (String c : categories.split(" ")) {
                Texts.addCategory(cats, c);
            }
        }
        return new PaperCandidate(PaperCandidate.SCHEMA_VERSION, id, version, title == null ? "" : title, abstractText, authors,
                cats, submitted, updated, null, comment, journalRef, doi, List.of(new Link("abs", "https://arxiv.org/abs/" + id)),
                version > 1 ? AnnounceType.REPLACE : AnnounceType.NEW, Source.OAI, now);
    }

    private static Integer integer(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(s.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
