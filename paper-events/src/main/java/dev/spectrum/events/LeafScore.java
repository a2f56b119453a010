package dev.spectrum.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** A taxonomy leaf assigned to a paper, with the classifier's confidence in [0, 1]. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record LeafScore(String id, double confidence) {
}
