package dev.spectrum.notify.delivery;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spectrum.events.Author;
import dev.spectrum.events.Evidence;
import dev.spectrum.events.LeafScore;
import dev.spectrum.events.PaperClassified;
import dev.spectrum.events.Taxonomy;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The words of an alert or a digest in every form a channel needs: e-mail text and HTML, the documented webhook JSON
 * ({@code schemas/webhook-payload.schema.json}), Slack and Discord bodies. One place, so the channels say the same.
 */
public final class Content {

    static final int ABSTRACT_EXCERPT = 400;
    static final int DISCORD_LIMIT = 2000;
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final Taxonomy taxonomy;

    public Content(Taxonomy taxonomy) {
        this.taxonomy = taxonomy;
    }

    /** A digest's papers grouped by the taxonomy node of each paper's most confident leaf, in taxonomy order. */
    public Map<String, List<PaperClassified>> groups(List<PaperClassified> papers) {
        Map<String, List<PaperClassified>> out = new LinkedHashMap<>();
        for (String leaf : taxonomy.leaves()) {
            List<PaperClassified> in = papers.stream().filter(p -> topLeaf(p).equals(leaf)).toList();
            if (!in.isEmpty()) {
                out.put(leaf, in);
            }
        }
        List<PaperClassified> rest = papers.stream().filter(p -> !taxonomy.contains(topLeaf(p))).toList();
        if (!rest.isEmpty()) {
            out.put("other", rest);
        }
        return out;
    }

    private static String topLeaf(PaperClassified p) {
        return p.leaves().stream().max(java.util.Comparator.comparingDouble(LeafScore::confidence)).map(LeafScore::id).orElse("other");
    }

    public String nodeName(String id) {
        return "other".equals(id) ? "Other" : taxonomy.name(id);
    }

    public static String subject(PaperClassified p) {
        return "[Spectrum] " + oneLine(p.title());
    }

    public static String digestSubject(int total) {
        return "[Spectrum] Digest: " + total + (total == 1 ? " new paper" : " new papers");
    }

    // ---------- e-mail ----------

    public String text(PaperClassified p) {
        StringBuilder b = new StringBuilder();
        b.append(oneLine(p.title())).append("\n");
        b.append(authors(p)).append("\n\n");
        b.append("Topics: ").append(p.leaves().stream()
                .map(l -> taxonomy.name(l.id()) + " (" + percent(l.confidence()) + ")").collect(Collectors.joining(", "))).append("\n");
        if (!p.evidence().phrases().isEmpty()) {
            b.append("Why: ").append(String.join("; ", p.evidence().phrases())).append("\n");
        }
        for (Evidence.Neighbour n : p.evidence().nearest()) {
            b.append("Similar to: ").append(n.arxivId()).append(n.title() == null ? "" : " " + oneLine(n.title()))
                    .append(" (").append(percent(n.similarity())).append(")\n");
        }
        b.append("\n").append(excerpt(p.abstractText())).append("\n\n");
        b.append("Abstract page: ").append(p.link()).append("\n");
        b.append("PDF: ").append(pdf(p)).append("\n");
        return b.toString();
    }

    public String html(PaperClassified p) {
        StringBuilder b = new StringBuilder();
        b.append("<h2><a href=\"").append(esc(p.link())).append("\">").append(esc(oneLine(p.title()))).append("</a></h2>");
        b.append("<p>").append(esc(authors(p))).append("</p><ul>");
        for (LeafScore l : p.leaves()) {
            b.append("<li>").append(esc(taxonomy.name(l.id()))).append(" — ").append(percent(l.confidence())).append("</li>");
        }
        b.append("</ul>");
        if (!p.evidence().phrases().isEmpty()) {
            b.append("<p><b>Why:</b> ").append(esc(String.join("; ", p.evidence().phrases()))).append("</p>");
        }
        if (!p.evidence().nearest().isEmpty()) {
            b.append("<p><b>Similar to:</b> ");
            b.append(p.evidence().nearest().stream().map(n -> esc(n.arxivId()) + (n.title() == null ? "" : " " + esc(oneLine(n.title()))))
                    .collect(Collectors.joining("; ")));
            b.append("</p>");
        }
        b.append("<blockquote>").append(esc(excerpt(p.abstractText()))).append("</blockquote>");
        b.append("<p><a href=\"").append(esc(p.link())).append("\">Abstract</a> · <a href=\"").append(esc(pdf(p)))
                .append("\">PDF</a></p>");
        return b.toString();
    }

    public String digestText(Map<String, List<PaperClassified>> groups, int overflow, String overflowUrl) {
        StringBuilder b = new StringBuilder();
        groups.forEach((node, papers) -> {
            b.append("== ").append(nodeName(node)).append(" ==\n\n");
            papers.forEach(p -> b.append(text(p)).append("\n"));
        });
        if (groups.isEmpty()) {
            b.append("No new papers matched this period.\n");
        }
        if (overflow > 0) {
            b.append(overflow).append(" more papers: ").append(overflowUrl).append("\n");
        }
        return b.toString();
    }

    public String digestHtml(Map<String, List<PaperClassified>> groups, int overflow, String overflowUrl) {
        StringBuilder b = new StringBuilder();
        groups.forEach((node, papers) -> {
            b.append("<h1>").append(esc(nodeName(node))).append("</h1>");
            papers.forEach(p -> b.append(html(p)));
        });
        if (groups.isEmpty()) {
            b.append("<p>No new papers matched this period.</p>");
        }
        if (overflow > 0) {
            b.append("<p><a href=\"").append(esc(overflowUrl)).append("\">").append(overflow).append(" more papers</a></p>");
        }
        return b.toString();
    }

    public static String footerText(String unsubscribeUrl) {
        return "\n--\nYou receive this because you subscribed to Spectrum alerts.\nUnsubscribe: " + unsubscribeUrl + "\n";
    }

    public static String footerHtml(String unsubscribeUrl) {
        return "<hr><p style=\"font-size:small\">You receive this because you subscribed to Spectrum alerts. <a href=\""
                + esc(unsubscribeUrl) + "\">Unsubscribe</a></p>";
    }

    // ---------- webhooks ----------

    public ObjectNode paperJson(PaperClassified p) {
        ObjectNode o = JSON.objectNode();
        o.put("arxivId", p.arxivId());
        o.put("version", p.version());
        o.put("title", oneLine(p.title()));
        ArrayNode authors = o.putArray("authors");
        p.authors().forEach(a -> authors.add(a.name()));
        o.put("abstract", p.abstractText() == null ? "" : p.abstractText());
        o.put("link", p.link());
        ArrayNode cats = o.putArray("categories");
        p.categories().forEach(cats::add);
        ArrayNode leaves = o.putArray("leaves");
        p.leaves().forEach(l -> leaves.addObject().put("id", l.id()).put("name", taxonomy.name(l.id())).put("confidence", l.confidence()));
        ObjectNode ev = o.putObject("evidence");
        ArrayNode phrases = ev.putArray("phrases");
        p.evidence().phrases().forEach(phrases::add);
        ArrayNode nearest = ev.putArray("nearest");
        p.evidence().nearest().forEach(n -> nearest.addObject().put("arxivId", n.arxivId()).put("similarity", n.similarity()));
        o.put("score", p.score());
        o.put("reason", p.reason() == null ? "new" : p.reason().name().toLowerCase(java.util.Locale.ROOT));
        o.put("classifiedAt", p.classifiedAt().toString());
        return o;
    }

    /** The STANDARD webhook body of an alert. */
    public ObjectNode alertJson(long subscriptionId, String messageId, PaperClassified p) {
        ObjectNode o = envelope("paper.matched", subscriptionId, messageId);
        o.set("data", paperJson(p));
        return o;
    }

    /** The STANDARD webhook body of a digest. */
    public ObjectNode digestJson(long subscriptionId, String messageId, Map<String, List<PaperClassified>> groups, int overflow,
            String overflowUrl) {
        ObjectNode o = envelope("digest", subscriptionId, messageId);
        ObjectNode data = o.putObject("data");
        ArrayNode gs = data.putArray("groups");
        groups.forEach((node, papers) -> {
            ObjectNode g = gs.addObject().put("node", node).put("name", nodeName(node));
            ArrayNode ps = g.putArray("papers");
            papers.forEach(p -> ps.add(paperJson(p)));
        });
        data.put("overflow", overflow);
        if (overflow > 0) {
            data.put("overflowUrl", overflowUrl);
        }
        return o;
    }

    private static ObjectNode envelope(String type, long subscriptionId, String messageId) {
        ObjectNode o = JSON.objectNode();
        o.put("type", type);
        o.put("id", messageId);
        o.put("timestamp", java.time.Instant.now().toString());
        o.put("subscriptionId", subscriptionId);
        return o;
    }

    /** Slack incoming-webhook body. */
    public static ObjectNode slack(String text) {
        return JSON.objectNode().put("text", text);
    }

    /** Discord webhook body, cut to Discord's 2,000 characters. */
    public static ObjectNode discord(String text) {
        return JSON.objectNode().put("content", text.length() <= DISCORD_LIMIT ? text : text.substring(0, DISCORD_LIMIT - 1) + "…");
    }

    /** Short chat text for Slack and Discord. */
    public String chat(PaperClassified p) {
        return "New paper: " + oneLine(p.title()) + "\n" + authors(p) + "\n" + p.leaves().stream()
                .map(l -> taxonomy.name(l.id()) + " " + percent(l.confidence())).collect(Collectors.joining(", "))
                + "\n" + p.link();
    }

    public String chatDigest(Map<String, List<PaperClassified>> groups, int overflow, String overflowUrl) {
        StringBuilder b = new StringBuilder("Spectrum digest\n");
        groups.forEach((node, papers) -> {
            b.append("\n").append(nodeName(node)).append(":\n");
            papers.forEach(p -> b.append("• ").append(oneLine(p.title())).append(" ").append(p.link()).append("\n"));
        });
        if (overflow > 0) {
            b.append(overflow).append(" more: ").append(overflowUrl);
        }
        return b.toString();
    }

    // ---------- helpers ----------

    static String authors(PaperClassified p) {
        List<Author> a = p.authors();
        if (a.size() <= 6) {
            return a.stream().map(Author::name).collect(Collectors.joining(", "));
        }
        return a.subList(0, 5).stream().map(Author::name).collect(Collectors.joining(", ")) + " and " + (a.size() - 5) + " more";
    }

    static String excerpt(String abs) {
        if (abs == null) {
            return "";
        }
        String s = oneLine(abs);
        if (s.length() <= ABSTRACT_EXCERPT) {
            return s;
        }
        int cut = s.lastIndexOf(' ', ABSTRACT_EXCERPT);
        return s.substring(0, cut > 0 ? cut : ABSTRACT_EXCERPT) + " …";
    }

    static String pdf(PaperClassified p) {
        return "https://arxiv.org/pdf/" + p.arxivId() + "v" + p.version();
    }

    static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s+", " ").trim();
    }

    static String percent(double d) {
        return Math.round(d * 100) + "%";
    }

    public static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
