package dev.spectrum.catalog.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.spectrum.catalog.paper.Classification;
import dev.spectrum.catalog.paper.Correction;
import dev.spectrum.catalog.paper.Paper;
import dev.spectrum.catalog.paper.PaperVersion;
import dev.spectrum.events.Taxonomy;
import dev.spectrum.events.Author;
import dev.spectrum.events.Evidence;
import dev.spectrum.events.LeafScore;
import dev.spectrum.events.Link;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** What the paper API returns: summaries for search, details for one paper. */
public final class PaperViews {

    private PaperViews() {
    }

    /** A leaf with its name, path from the root and confidence (1.0 when a curator set it). */
    public record LeafView(String id, String name, List<String> path, double confidence) {
        static List<LeafView> of(List<LeafScore> leaves, Taxonomy taxonomy) {
            return leaves.stream().map(l -> new LeafView(l.id(), taxonomy.name(l.id()), taxonomy.path(l.id()),
                    l.confidence())).toList();
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Summary(String arxivId, int version, String title, List<String> authors, List<String> categories,
            LocalDate announced, boolean relevant, Double score, List<LeafView> leaves, boolean corrected, String link,
            Double rank) {
        static Summary of(Paper p, Double rank, Taxonomy taxonomy) {
            return new Summary(p.arxivId, p.version, p.title, p.authors.stream().map(Author::name).toList(),
                    p.categories, p.announced, p.relevant, shownScore(p), LeafView.of(p.leaves, taxonomy), p.corrected(),
                    p.absUrl(), rank);
        }
    }

    public record Page<T>(List<T> items, int page, int size, long total) {
    }

    public record VersionView(int version, String title, Instant updated, LocalDate announced, String announceType,
            String source, Instant receivedAt, boolean applied) {
        static VersionView of(PaperVersion v) {
            return new VersionView(v.version, v.title, v.updated, v.announced, v.announceType, v.source, v.receivedAt,
                    v.applied);
        }
    }

    /** The machine decision, as the model made it, before curator corrections. */
    public record ClassificationView(int version, String modelVersion, boolean relevant, double score,
            List<LeafView> leaves, Evidence evidence, Instant classifiedAt) {
        static ClassificationView of(Classification c, Taxonomy taxonomy) {
            return c == null ? null : new ClassificationView(c.version, c.modelVersion, c.relevant, c.score,
                    LeafView.of(c.leaves, taxonomy), c.evidence, c.classifiedAt);
        }
    }

    public record CorrectionView(String curator, Instant createdAt, Boolean relevant, List<String> leaves, String note) {
        static CorrectionView of(Correction c) {
            return new CorrectionView(c.curator, c.createdAt, c.relevant, c.leaves, c.note);
        }
    }

    /** One paper: metadata, the decision as shown (corrections applied), the machine decision, history. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Detail(String arxivId, int version, String title, @JsonProperty("abstract") String abstractText,
            List<Author> authors, List<String> categories, Instant submitted, Instant updated, LocalDate announced,
            String comment, String journalRef, String doi, List<Link> links, String link, boolean relevant,
            Double score, List<LeafView> leaves, boolean corrected, Instant decidedAt,
            ClassificationView classification, List<CorrectionView> corrections, List<VersionView> versions) {
        static Detail of(Paper p, Classification c, List<Correction> corrections, List<PaperVersion> versions,
                Taxonomy taxonomy) {
            return new Detail(p.arxivId, p.version, p.title, p.abstractText, p.authors, p.categories, p.submitted,
                    p.updated, p.announced, p.comment, p.journalRef, p.doi, p.links, p.absUrl(), p.relevant,
                    shownScore(p), LeafView.of(p.leaves, taxonomy), p.corrected(), p.decidedAt,
                    ClassificationView.of(c, taxonomy), corrections.stream().map(CorrectionView::of).toList(),
                    versions.stream().map(VersionView::of).toList());
        }
    }

    /** The machine's calibrated score, or the curator's certainty when relevance was corrected. */
    static Double shownScore(Paper p) {
        if (p.overrideRelevant != null) {
            return p.overrideRelevant ? 1.0 : 0.0;
        }
        return p.score;
    }
}
