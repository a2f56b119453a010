package dev.spectrum.catalog.paper;

import dev.spectrum.catalog.classify.Decision;
import dev.spectrum.catalog.metrics.CatalogMetrics;
import dev.spectrum.events.Author;
import dev.spectrum.events.PaperCandidate;
import dev.spectrum.events.PaperClassified.Reason;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Stores a batch of candidates in one transaction. The database decides what is new: a version already stored
 * changes nothing, a newer version updates and re-classifies the paper, an older one is recorded without overwriting.
 */
@ApplicationScoped
public class CandidateHandler {

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(CandidateHandler.class);

    /** What a batch did, for logs and tests. */
    public record Outcome(int created, int revised, int late, int duplicates) {
    }

    private final ClassifierPool classifier;
    private final Decisions decisions;
    private final CatalogMetrics metrics;

    public CandidateHandler(ClassifierPool classifier, Decisions decisions, CatalogMetrics metrics) {
        this.classifier = classifier;
        this.decisions = decisions;
        this.metrics = metrics;
    }

    @Transactional
    public Outcome store(List<PaperCandidate> batch) {
        long started = System.nanoTime();
        Instant now = Instant.now();
        Set<String> ids = batch.stream().map(PaperCandidate::arxivId).collect(Collectors.toSet());
        Map<String, Paper> papers = new HashMap<>();
        Paper.<Paper>list("arxivId in ?1", ids).forEach(p -> papers.put(p.arxivId, p));
        Set<String> existing = new HashSet<>(papers.keySet());
        Set<String> seenVersions = new HashSet<>();

        Map<String, Paper> toClassify = new LinkedHashMap<>();
        int created = 0, revised = 0, late = 0, duplicates = 0;
        for (PaperCandidate c : batch) {
            Paper paper = papers.get(c.arxivId());
            String key = c.arxivId() + "v" + c.version();
            if (paper == null) {
                paper = new Paper();
                paper.arxivId = c.arxivId();
                fill(paper, c);
                papers.put(c.arxivId(), paper);
                record(c, true, now);
                toClassify.put(paper.arxivId, paper);
                created++;
            } else if (c.version() > paper.version) {
                keepEarliest(paper, c);
                fill(paper, c);
                record(c, true, now);
                toClassify.put(paper.arxivId, paper);
                revised++;
            } else if (c.version() == paper.version || !seenVersions.add(key) || versionKnown(c)) {
                duplicates++;
            } else {
                // an older version arriving after a newer one: kept for the history, the paper stays as it is
                keepEarliest(paper, c);
                record(c, false, now);
                late++;
            }
            seenVersions.add(key);
        }

        List<Paper> list = new ArrayList<>(toClassify.values());
        long classifyStart = System.nanoTime();
        List<Decision> made = classifier.classify(list);
        long classifyNanos = System.nanoTime() - classifyStart;
        for (int i = 0; i < list.size(); i++) {
            Paper p = list.get(i);
            boolean isNew = !existing.contains(p.arxivId);
            decisions.applyMachine(p, made.get(i), isNew, Reason.REVISED, now);
            if (isNew) {
                // persisted with its decision, so that it is one INSERT and not an INSERT and an UPDATE
                p.persist();
            }
        }
        Paper.flush();
        metrics.batch(classifyNanos, System.nanoTime() - started);
        if (LOG.isDebugEnabled()) {
            LOG.debugf("batch of %d: %d new, %d revised, %d late, %d duplicates; classified in %d ms, total %d ms",
                    batch.size(), created, revised, late, duplicates, classifyNanos / 1_000_000,
                    (System.nanoTime() - started) / 1_000_000);
        }
        return new Outcome(created, revised, late, duplicates);
    }

    private static boolean versionKnown(PaperCandidate c) {
        return PaperVersion.count("arxivId = ?1 and version = ?2", c.arxivId(), c.version()) > 0;
    }

    private static void fill(Paper p, PaperCandidate c) {
        p.version = c.version();
        p.title = c.title();
        p.abstractText = blankToNull(c.abstractText());
        p.authors = new ArrayList<>(c.authors());
        p.authorNames = c.authors().stream().map(Author::name).collect(Collectors.joining(", "));
        p.categories = new ArrayList<>(c.categories());
        p.links = new ArrayList<>(c.links());
        p.comment = c.comment();
        p.journalRef = c.journalRef();
        p.doi = c.doi();
        if (c.submitted() != null) {
            p.submitted = c.submitted();
        }
        p.updated = c.updated();
        if (p.announced == null) {
            p.announced = c.announced();
        }
    }

    private static void record(PaperCandidate c, boolean applied, Instant now) {
        PaperVersion v = new PaperVersion();
        v.arxivId = c.arxivId();
        v.version = c.version();
        v.title = c.title();
        v.abstractText = blankToNull(c.abstractText());
        v.updated = c.updated();
        v.announced = c.announced();
        v.announceType = c.announceType() == null ? null : c.announceType().wire();
        v.source = c.source() == null ? null : c.source().wire();
        v.harvestedAt = c.harvestedAt();
        v.receivedAt = now;
        v.applied = applied;
        v.persist();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    /** The paper's announcement date is its first announcement, whichever version brings it. */
    private static void keepEarliest(Paper p, PaperCandidate c) {
        if (c.announced() != null && (c.version() == 1 || p.announced == null || c.announced().isBefore(p.announced))) {
            p.announced = c.announced();
        }
    }
}
