package dev.spectrum.notify.subscription;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * What a subscription wants; every non-empty part must hold (AND). {@code nodes}: taxonomy nodes, descendants
 * included. {@code keywords}: clauses on title and abstract, any of which may match; a clause matches when all its
 * words and "quoted phrases" occur and none of its -excluded words or -"phrases" does. {@code authors}: any listed
 * name (all its words among one author's words). {@code categories}: any arXiv category. {@code minConfidence}: the
 * best confidence among the paper's leaves under {@code nodes} (or the relevance score without nodes) must reach it.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Filter(List<String> nodes, List<String> keywords, List<String> authors, List<String> categories,
        Double minConfidence) {

    public Filter {
        nodes = nodes == null ? List.of() : List.copyOf(nodes);
        keywords = keywords == null ? List.of() : List.copyOf(keywords);
        authors = authors == null ? List.of() : List.copyOf(authors);
        categories = categories == null ? List.of() : List.copyOf(categories);
    }

    public double minConfidenceOrZero() {
        return minConfidence == null ? 0.0 : minConfidence;
    }
}
