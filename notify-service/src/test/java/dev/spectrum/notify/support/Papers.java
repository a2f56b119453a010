package dev.spectrum.notify.support;

import dev.spectrum.events.Author;
import dev.spectrum.events.Evidence;
import dev.spectrum.events.LeafScore;
import dev.spectrum.events.PaperClassified;
import dev.spectrum.events.PaperEvents;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/** Builds PaperClassified events that pass the contract's schema, with unique arXiv ids per test run. */
public final class Papers {

    private static final AtomicInteger SEQ = new AtomicInteger((int) (System.nanoTime() % 40_000) + 10_000);

    private Papers() {
    }

    public static String newArxivId() {
        return "2501." + String.format("%05d", SEQ.incrementAndGet() % 100_000);
    }

    public static PaperClassified paper(String arxivId, int version, boolean relevant, String title, String abstractText,
            List<LeafScore> leaves) {
        PaperClassified p = new PaperClassified(PaperClassified.SCHEMA_VERSION, UUID.randomUUID().toString(), arxivId, version,
                relevant, relevant ? 0.93 : 0.08, leaves,
                new Evidence(List.of("KV cache eviction", "memory footprint"),
                        List.of(new Evidence.Neighbour("2309.17453", "Efficient Streaming Language Models", 0.81, List.of("kv-cache")))),
                "clf-test-1", Instant.now(), version == 1 ? PaperClassified.Reason.NEW : PaperClassified.Reason.REVISED,
                title, List.of(Author.of("Ada Lovelace"), Author.of("Alan M. Turing")), abstractText,
                "https://arxiv.org/abs/" + arxivId + "v" + version, List.of("cs.CL", "cs.LG"), LocalDate.now());
        if (!PaperEvents.classifiedViolations(PaperEvents.writeString(p)).isEmpty()) {
            throw new IllegalStateException("test paper breaks the schema: " + PaperEvents.classifiedViolations(PaperEvents.writeString(p)));
        }
        return p;
    }

    /** A relevant paper on KV-cache compression. */
    public static PaperClassified kvCache(String arxivId) {
        return paper(arxivId, 1, true, "Squeezing the KV Cache of Large Language Models",
                "We evict and quantize key-value cache entries so that long-context inference of large language models "
                        + "needs less memory, with speculative decoding left for future work.",
                List.of(new LeafScore("kv-cache", 0.91), new LeafScore("quantization", 0.55)));
    }

    /** A paper no test subscription matches except one on the keyword {@code probe}: a marker through the pipeline. */
    public static PaperClassified probe(String arxivId) {
        return paper(arxivId, 1, true, "Probe of compute-optimal allocation", "A probe that follows the others through the pipeline.",
                List.of(new LeafScore("scaling-laws", 0.9)));
    }

    /** The same paper with a new event id (a re-classification or a new version). */
    public static PaperClassified again(PaperClassified p, int version, boolean relevant) {
        return paper(p.arxivId(), version, relevant, p.title(), p.abstractText(), p.leaves());
    }
}
