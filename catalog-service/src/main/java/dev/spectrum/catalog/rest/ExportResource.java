package dev.spectrum.catalog.rest;

import dev.spectrum.catalog.classify.LabeledTsv;
import dev.spectrum.catalog.paper.Corrections;
import dev.spectrum.catalog.paper.Paper;
import dev.spectrum.catalog.paper.PaperQueries;
import dev.spectrum.events.Taxonomy;
import dev.spectrum.events.Author;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Exports: the living survey in Markdown, and curator corrections as TSV for the next training. */
@Path("/")
@Tag(name = "export")
public class ExportResource {

    private final PaperQueries queries;
    private final Corrections corrections;
    private final Taxonomy taxonomy = Taxonomy.standard();

    public ExportResource(PaperQueries queries, Corrections corrections) {
        this.queries = queries;
        this.corrections = corrections;
    }

    @GET
    @Path("export/survey.md")
    @Produces("text/markdown;charset=UTF-8")
    @Transactional
    @Operation(summary = "The living survey", description = "Every relevant paper as a survey's reference list, one "
            + "section per taxonomy node in survey order, newest first, with arXiv links; curator corrections applied.")
    public String survey() {
        List<Paper> papers = queries.relevantByDate();
        Map<String, List<Paper>> byLeaf = new LinkedHashMap<>();
        List<Paper> unplaced = new ArrayList<>();
        for (Paper p : papers) {
            if (p.leafIds.isEmpty()) {
                unplaced.add(p);
            }
            p.leafIds.forEach(leaf -> byLeaf.computeIfAbsent(leaf, k -> new ArrayList<>()).add(p));
        }
        StringBuilder md = new StringBuilder();
        md.append("# The Efficiency Spectrum of Large Language Models — living reference list\n\n");
        md.append("Generated ").append(LocalDate.now(ZoneOffset.UTC)).append(" by Spectrum from ").append(papers.size())
                .append(" relevant papers. Sections follow the taxonomy of Ding et al., *The Efficiency Spectrum of ")
                .append("Large Language Models: An Algorithmic Survey* (arXiv:2312.00678); a paper appears under every ")
                .append("leaf it carries.\n");
        int index = 0;
        for (Taxonomy.Node root : taxonomy.roots()) {
            index++;
            String number = Integer.toString(root.surveySection() != null ? root.surveySection() : index);
            section(md, root, number, 2, byLeaf);
        }
        if (!unplaced.isEmpty()) {
            md.append("\n## Other efficient-LLM work\n\n");
            references(md, unplaced);
        }
        return md.toString();
    }

    private void section(StringBuilder md, Taxonomy.Node node, String number, int depth, Map<String, List<Paper>> byLeaf) {
        md.append('\n').append("#".repeat(Math.min(depth, 6))).append(' ').append(number).append(' ').append(node.name());
        if (node.extension()) {
            md.append(" *(extension)*");
        }
        md.append("\n\n");
        if (node.isLeaf()) {
            List<Paper> list = byLeaf.getOrDefault(node.id(), List.of());
            if (list.isEmpty()) {
                md.append("*No papers yet.*\n");
            } else {
                references(md, list);
            }
            return;
        }
        int i = 0;
        for (Taxonomy.Node child : node.children()) {
            section(md, child, number + "." + (++i), depth + 1, byLeaf);
        }
    }

    private static void references(StringBuilder md, List<Paper> papers) {
        int n = 0;
        for (Paper p : papers) {
            md.append(++n).append(". ").append(authors(p.authors)).append(' ')
                    .append("**").append(escape(p.title.replaceAll("\\s+", " ").strip())).append(".** ")
                    .append("arXiv:").append(p.arxivId);
            if (p.announced != null) {
                md.append(", ").append(p.announced.getYear());
            }
            md.append(". [").append(p.absUrl()).append("](").append(p.absUrl()).append(")\n");
        }
    }

    /** Survey style: up to three authors, then "et al.". */
    private static String authors(List<Author> authors) {
        if (authors.isEmpty()) {
            return "Anonymous.";
        }
        List<String> names = authors.stream().limit(3).map(a -> escape(a.name())).toList();
        return String.join(", ", names) + (authors.size() > 3 ? " et al." : ".");
    }

    private static String escape(String s) {
        return s.replaceAll("([\\\\`*_\\[\\]<>])", "\\\\$1");
    }

    @GET
    @Path("corrections.tsv")
    @Produces("text/tab-separated-values;charset=UTF-8")
    @Operation(summary = "Curator corrections for training", description = "One row per corrected paper with the "
            + "decision as now shown: arxiv_id, title, abstract, relevant (yes/no), labels (leaf ids, ;-separated), note.")
    public String correctionsTsv() {
        StringBuilder tsv = new StringBuilder("arxiv_id\ttitle\tabstract\trelevant\tlabels\tnote\n");
        for (Corrections.TrainingRow r : corrections.trainingRows()) {
            tsv.append(r.arxivId()).append('\t').append(cell(r.title())).append('\t').append(cell(r.abstractText()))
                    .append('\t').append(r.relevant() ? "yes" : "no").append('\t').append(String.join(";", r.labels()))
                    .append('\t').append(cell(r.note())).append('\n');
        }
        return tsv.toString();
    }

    /**
     * Tabs and line breaks become spaces, so that each correction stays one line for line tools; a quote makes the
     * field quoted, as the training reader and spreadsheets expect.
     */
    private static String cell(String s) {
        return s == null ? "" : LabeledTsv.cell(s.replaceAll("[\\t\\r\\n]+", " ").strip());
    }
}
