package dev.spectrum.catalog.paper;

import dev.spectrum.catalog.classify.Decision;
import dev.spectrum.catalog.messaging.Outbox;
import dev.spectrum.events.Evidence;
import dev.spectrum.events.LeafScore;
import dev.spectrum.events.PaperClassified;
import dev.spectrum.events.PaperClassified.Reason;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;

/**
 * The one place where a paper's shown decision changes: a machine decision (new paper, new version, new model) or a
 * curator correction. It recomputes what is shown (curator overrides win) and writes a PaperClassified event to the
 * outbox when a new paper is relevant or when relevance or the leaf set changed.
 */
@ApplicationScoped
public class Decisions {

    private final Outbox outbox;

    public Decisions(Outbox outbox) {
        this.outbox = outbox;
    }

    /**
     * Records a machine decision on the paper's current version.
     *
     * @param isNew true when the paper was not in the catalog before this decision
     * @param reason the reason an event carries if what is shown changes (ignored for new papers: {@code new})
     * @return the stored classification
     */
    public Classification applyMachine(Paper paper, Decision decision, boolean isNew, Reason reason, Instant now) {
        Classification c = new Classification();
        c.arxivId = paper.arxivId;
        c.version = paper.version;
        c.modelVersion = decision.modelVersion();
        c.relevant = decision.relevant();
        c.score = clamp(decision.score());
        c.leaves = decision.relevant() ? decision.leaves() : List.of();
        c.evidence = decision.evidence();
        c.classifiedAt = now;
        c.persist();

        paper.classificationId = c.id;
        paper.modelVersion = c.modelVersion;
        paper.machineRelevant = c.relevant;
        paper.score = c.score;
        show(paper, c, isNew ? Reason.NEW : reason, isNew, now);
        return c;
    }

    /** Applies a curator's correction (already validated against the taxonomy) on top of the machine decision. */
    public void applyCorrection(Paper paper, Correction correction, Instant now) {
        if (correction.relevant != null) {
            paper.overrideRelevant = correction.relevant;
        }
        if (correction.leaves != null) {
            paper.overrideLeaves = List.copyOf(correction.leaves);
        }
        if (Boolean.FALSE.equals(correction.relevant)) {
            // a paper judged not relevant keeps no leaves, whatever an earlier correction said
            paper.overrideLeaves = List.of();
        }
        Classification machine = paper.classificationId == null ? null : Classification.findById(paper.classificationId);
        show(paper, machine, Reason.CORRECTED, false, now);
    }

    private void show(Paper paper, Classification machine, Reason reason, boolean isNew, Instant now) {
        boolean wasRelevant = paper.relevant;
        var wasLeaves = new HashSet<>(paper.leafIds);

        boolean machineRelevant = machine != null && machine.relevant;
        boolean relevant = paper.overrideRelevant != null ? paper.overrideRelevant : machineRelevant;
        List<LeafScore> leaves;
        if (!relevant) {
            leaves = List.of();
        } else if (paper.overrideLeaves != null) {
            leaves = paper.overrideLeaves.stream().map(id -> new LeafScore(id, 1.0)).toList();
        } else {
            leaves = machine == null ? List.of() : machine.leaves;
        }
        List<String> leafIds = new ArrayList<>(leaves.size());
        leaves.forEach(l -> leafIds.add(l.id()));

        paper.relevant = relevant;
        paper.leaves = leaves;
        paper.leafIds = leafIds;
        boolean changed = isNew ? relevant : (relevant != wasRelevant || !wasLeaves.equals(new HashSet<>(leafIds)));
        if (changed) {
            paper.decidedAt = now;
            outbox.add(event(paper, machine, reason, now));
        } else if (paper.decidedAt == null) {
            paper.decidedAt = now;
        }
    }

    /** The event for what the paper shows now. */
    static PaperClassified event(Paper paper, Classification machine, Reason reason, Instant now) {
        double score = paper.overrideRelevant != null ? (paper.overrideRelevant ? 1.0 : 0.0)
                : paper.score == null ? 0.0 : paper.score;
        Evidence evidence = machine == null ? Evidence.NONE : machine.evidence;
        String model = paper.modelVersion == null ? "curator" : paper.modelVersion;
        return new PaperClassified(PaperClassified.SCHEMA_VERSION, UUID.randomUUID().toString(), paper.arxivId,
                paper.version, paper.relevant, score, paper.leaves, evidence, model, now, reason, paper.title,
                paper.authors, paper.abstractText, paper.absUrl(), paper.categories, paper.announced);
    }

    private static double clamp(double score) {
        return Double.isNaN(score) ? 0.0 : Math.max(0.0, Math.min(1.0, score));
    }
}
