package dev.spectrum.events;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** An author as arXiv lists them, with affiliations when the source gives them. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Author(String name, List<String> affiliations) {

    public Author {
        affiliations = affiliations == null ? List.of() : List.copyOf(affiliations);
    }

    public static Author of(String name) {
        return new Author(name, List.of());
    }
}
