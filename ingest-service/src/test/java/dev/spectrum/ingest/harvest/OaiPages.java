package dev.spectrum.ingest.harvest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.spectrum.ingest.arxiv.Fixtures;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/** OAI-PMH ListRecords pages in the arXivRaw format, built from real papers of shared/data/arxiv-stream. */
final class OaiPages {

    private OaiPages() {
    }

    /** {@code count} real papers of the given month, skipping the first {@code skip}. */
    static List<JsonNode> papers(String month, int skip, int count) {
        List<JsonNode> out = new ArrayList<>();
        ObjectMapper mapper = new ObjectMapper();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(
                Fixtures.shared().resolve("data/arxiv-stream/" + month + ".jsonl.gz"))), StandardCharsets.UTF_8))) {
            String line;
            int n = 0;
            while ((line = r.readLine()) != null && out.size() < count) {
                if (n++ >= skip) {
                    out.add(mapper.readTree(line));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** A page with the new server's token form (expiring at {@code expires}), or the last page when token is null. */
    static byte[] page(List<JsonNode> papers, String token, String expires) {
        StringBuilder x = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<OAI-PMH xmlns=\"http://www.openarchives.org/OAI/2.0/\">"
                + "<responseDate>2026-03-01T00:00:00Z</responseDate><request verb=\"ListRecords\">https://oaipmh.arxiv.org/oai</request><ListRecords>");
        for (JsonNode p : papers) {
            x.append("<record><header><identifier>oai:arXiv.org:").append(p.get("id").asText())
                    .append("</identifier><datestamp>").append(p.get("announced").asText()).append("</datestamp><setSpec>cs</setSpec></header>")
                    .append("<metadata><arXivRaw xmlns=\"http://arxiv.org/OAI/arXivRaw/\"><id>").append(p.get("id").asText()).append("</id>")
                    .append("<version version=\"v1\"><date>Mon, 2 Mar 2026 10:00:00 GMT</date><size>100kb</size></version>")
                    .append("<title>").append(esc(p.get("title").asText())).append("</title><authors>");
            List<String> authors = new ArrayList<>();
            p.get("authors").forEach(a -> authors.add(a.asText()));
            x.append(esc(String.join(", ", authors))).append("</authors><categories>");
            List<String> cats = new ArrayList<>();
            p.get("categories").forEach(c -> cats.add(c.asText()));
            x.append(String.join(" ", cats)).append("</categories><abstract>").append(esc(p.get("abstract").asText()))
                    .append("</abstract></arXivRaw></metadata></record>");
        }
        if (token != null) {
            x.append("<resumptionToken expirationDate=\"").append(expires).append("\">").append(esc(token)).append("</resumptionToken>");
        } else {
            x.append("<resumptionToken/>");
        }
        return x.append("</ListRecords></OAI-PMH>").toString().getBytes(StandardCharsets.UTF_8);
    }

    static byte[] error(String code, String message) {
        return ("<OAI-PMH xmlns=\"http://www.openarchives.org/OAI/2.0/\"><error code=\"" + code + "\">" + message + "</error></OAI-PMH>")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
