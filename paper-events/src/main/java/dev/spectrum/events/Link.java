package dev.spectrum.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/** A link of a paper: {@code rel} is {@code abs}, {@code pdf}, {@code doi} or another arXiv link relation. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Link(String rel, String href) {
}
