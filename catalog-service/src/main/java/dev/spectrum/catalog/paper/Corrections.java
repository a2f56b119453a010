package dev.spectrum.catalog.paper;

import dev.spectrum.events.Taxonomy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/** Curator corrections: validated against the taxonomy, stored, applied at once, exported for the next training. */
@ApplicationScoped
public class Corrections {

    /** A correction as asked for; null relevant or leaves leave that part of the decision as it is. */
    public record Request(Boolean relevant, List<String> leaves, String curator, String note) {
    }

    /** One corrected paper as the next training reads it. */
    public record TrainingRow(String arxivId, String title, String abstractText, boolean relevant, List<String> labels,
            String note) {
    }

    private final Decisions decisions;

    public Corrections(Decisions decisions) {
        this.decisions = decisions;
    }

    /**
     * Checks a request; returns what is wrong with it, or empty when it may be applied.
     */
    public static Optional<String> problem(Request r, Taxonomy taxonomy) {
        if (r == null) {
            return Optional.of("a JSON body is required");
        }
        if (r.curator() == null || r.curator().isBlank()) {
            return Optional.of("curator is required: who makes the correction");
        }
        if (r.curator().length() > 200 || (r.note() != null && r.note().length() > 2000)) {
            return Optional.of("curator is limited to 200 characters and note to 2000");
        }
        if (r.relevant() == null && r.leaves() == null) {
            return Optional.of("give relevant and/or leaves");
        }
        if (r.leaves() != null) {
            for (String leaf : r.leaves()) {
                if (leaf == null || !taxonomy.contains(leaf)) {
                    return Optional.of("unknown taxonomy leaf: " + leaf);
                }
                if (!taxonomy.node(leaf).orElseThrow().isLeaf()) {
                    return Optional.of(leaf + " is not a leaf; choose among " + taxonomy.leavesUnder(leaf));
                }
            }
            if (Boolean.FALSE.equals(r.relevant()) && !r.leaves().isEmpty()) {
                return Optional.of("a paper that is not relevant has no leaves");
            }
        }
        return Optional.empty();
    }

    /** Stores and applies a validated correction; empty when the paper is unknown. */
    @Transactional
    public Optional<Paper> correct(String arxivId, Request r) {
        Paper paper = Paper.findById(arxivId);
        if (paper == null) {
            return Optional.empty();
        }
        Correction c = new Correction();
        c.arxivId = arxivId;
        c.curator = r.curator().strip();
        c.createdAt = Instant.now();
        c.leaves = r.leaves() == null ? null : new ArrayList<>(new LinkedHashSet<>(r.leaves()));
        // leaves given without relevance mean the curator holds the paper relevant
        c.relevant = r.relevant() != null ? r.relevant() : (c.leaves != null && !c.leaves.isEmpty() ? Boolean.TRUE : null);
        c.note = r.note();
        c.persist();
        decisions.applyCorrection(paper, c, c.createdAt);
        return Optional.of(paper);
    }

    /** Every corrected paper with the decision as shown now and the curators' latest note. */
    @Transactional
    public List<TrainingRow> trainingRows() {
        List<Paper> papers = Paper.list("overrideRelevant is not null or overrideLeaves is not null order by arxivId");
        List<TrainingRow> rows = new ArrayList<>(papers.size());
        for (Paper p : papers) {
            List<Correction> history = Correction.of(p.arxivId);
            String note = history.stream().map(c -> c.note).filter(n -> n != null && !n.isBlank())
                    .reduce((a, b) -> b).orElse("");
            rows.add(new TrainingRow(p.arxivId, p.title, p.abstractText, p.relevant, p.leafIds, note));
        }
        return rows;
    }
}
