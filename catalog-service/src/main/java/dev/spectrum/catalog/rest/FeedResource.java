package dev.spectrum.catalog.rest;

import dev.spectrum.catalog.config.CatalogConfig;
import dev.spectrum.catalog.paper.Paper;
import dev.spectrum.catalog.paper.PaperQueries;
import dev.spectrum.events.Taxonomy;
import dev.spectrum.events.Author;
import dev.spectrum.events.LeafScore;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.UriInfo;
import java.io.StringWriter;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.List;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** An Atom 1.0 feed (RFC 4287) of the latest relevant papers per taxonomy node, for feed readers. */
@Path("/feeds")
@Tag(name = "feeds")
public class FeedResource {

    public static final String ATOM = "application/atom+xml";
    private static final String NS = "http://www.w3.org/2005/Atom";
    /** The feed of every relevant paper. */
    public static final String ALL = "all";

    private final PaperQueries queries;
    private final CatalogConfig config;
    private final Taxonomy taxonomy = Taxonomy.standard();

    public FeedResource(PaperQueries queries, CatalogConfig config) {
        this.queries = queries;
        this.config = config;
    }

    @GET
    @Path("/{node}.atom")
    @Produces(ATOM + ";charset=UTF-8")
    @Transactional
    @Operation(summary = "Atom feed of a taxonomy node", description = "The latest relevant papers under the node "
            + "(descendants included), newest decision first; 'all' for the whole catalog.")
    public String feed(@PathParam("node") String node, @Context UriInfo uri) {
        Collection<String> leaves;
        String title;
        if (ALL.equals(node)) {
            leaves = null;
            title = "Spectrum: efficient LLM papers";
        } else {
            Taxonomy.Node n = taxonomy.node(node)
                    .orElseThrow(() -> ProblemException.notFound("no taxonomy node " + node));
            leaves = taxonomy.leavesUnder(node);
            title = "Spectrum: " + String.join(" › ", taxonomy.path(n.id()).stream().map(taxonomy::name).toList());
        }
        List<Paper> papers = queries.latest(leaves, config.feedSize());
        try {
            return write(node, title, uri.getRequestUri().toString(), papers);
        } catch (XMLStreamException e) {
            throw new IllegalStateException("cannot write the feed", e);
        }
    }

    private String write(String node, String title, String self, List<Paper> papers) throws XMLStreamException {
        StringWriter out = new StringWriter();
        XMLStreamWriter x = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
        x.writeStartDocument("UTF-8", "1.0");
        x.writeStartElement("feed");
        x.writeDefaultNamespace(NS);
        text(x, "id", "tag:spectrum.dev,2026:feed:" + node);
        text(x, "title", title);
        Instant updated = papers.stream().map(FeedResource::updated).max(Instant::compareTo)
                .orElse(Instant.EPOCH);
        text(x, "updated", iso(updated));
        link(x, "self", self, ATOM);
        x.writeStartElement("author");
        text(x, "name", "Spectrum catalog");
        x.writeEndElement();
        text(x, "generator", "Spectrum catalog-service");
        for (Paper p : papers) {
            x.writeStartElement("entry");
            text(x, "id", p.absUrl());
            text(x, "title", p.title);
            text(x, "updated", iso(updated(p)));
            if (p.submitted != null) {
                text(x, "published", iso(p.submitted));
            }
            link(x, "alternate", p.absUrl(), "text/html");
            for (Author a : p.authors) {
                x.writeStartElement("author");
                text(x, "name", a.name());
                x.writeEndElement();
            }
            for (LeafScore leaf : p.leaves) {
                x.writeEmptyElement("category");
                x.writeAttribute("term", leaf.id());
                x.writeAttribute("label", taxonomy.name(leaf.id()));
            }
            x.writeStartElement("summary");
            x.writeAttribute("type", "text");
            x.writeCharacters(clean(p.abstractText == null ? p.title : p.abstractText));
            x.writeEndElement();
            x.writeEndElement();
        }
        x.writeEndElement();
        x.writeEndDocument();
        x.close();
        return out.toString();
    }

    private static Instant updated(Paper p) {
        return p.decidedAt != null ? p.decidedAt : p.updated != null ? p.updated : Instant.EPOCH;
    }

    private static void text(XMLStreamWriter x, String name, String value) throws XMLStreamException {
        x.writeStartElement(name);
        x.writeCharacters(clean(value));
        x.writeEndElement();
    }

    private static void link(XMLStreamWriter x, String rel, String href, String type) throws XMLStreamException {
        x.writeEmptyElement("link");
        x.writeAttribute("rel", rel);
        x.writeAttribute("href", href);
        x.writeAttribute("type", type);
    }

    private static String iso(Instant t) {
        return DateTimeFormatter.ISO_INSTANT.format(t.truncatedTo(ChronoUnit.SECONDS));
    }

    /** Drops characters XML 1.0 cannot carry (arXiv text holds the odd control character). */
    static String clean(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().filter(c -> c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF)
                || (c >= 0xE000 && c <= 0xFFFD) || c >= 0x10000).forEach(b::appendCodePoint);
        return b.toString();
    }
}
