package dev.spectrum.catalog.classify;

import dev.spectrum.events.Evidence;
import dev.spectrum.events.LeafScore;
import java.util.List;

/**
 * A classifier's decision: relevance with a calibrated score in [0, 1], leaves most confident first (empty when not
 * relevant), and evidence a person can check.
 */
public record Decision(boolean relevant, double score, List<LeafScore> leaves, Evidence evidence, String modelVersion) {

    public Decision {
        leaves = leaves == null ? List.of() : List.copyOf(leaves);
        evidence = evidence == null ? Evidence.NONE : evidence;
    }
}
