package dev.spectrum.catalog.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.spectrum.catalog.paper.PaperQueries;
import dev.spectrum.events.Taxonomy;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The taxonomy tree with paper counts, and trends per node. */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "taxonomy")
public class TaxonomyResource {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record NodeView(String id, String name, String scope, Integer surveySection, boolean extension, long papers,
            List<NodeView> children) {
    }

    public record Tree(int version, long relevantPapers, List<NodeView> nodes) {
    }

    public record Point(LocalDate period, long papers) {
    }

    public record Series(String node, String name, List<Point> points) {
    }

    public record Trends(String node, String interval, List<Series> series) {
    }

    private final PaperQueries queries;
    private final Taxonomy taxonomy = Taxonomy.standard();

    public TaxonomyResource(PaperQueries queries) {
        this.queries = queries;
    }

    @GET
    @Path("taxonomy")
    @Transactional
    @Operation(summary = "Taxonomy tree with counts", description = "Every node with the number of relevant papers "
            + "that carry at least one leaf under it (a paper counts once per node).")
    public Tree tree() {
        Map<String, Set<String>> leavesOf = new LinkedHashMap<>();
        taxonomy.ids().forEach(id -> leavesOf.put(id, taxonomy.leavesUnder(id)));
        Map<String, Long> counts = queries.countsPerNode(leavesOf);
        return new Tree(taxonomy.version(), queries.countRelevant(),
                taxonomy.roots().stream().map(n -> view(n, counts)).toList());
    }

    private NodeView view(Taxonomy.Node n, Map<String, Long> counts) {
        return new NodeView(n.id(), n.name(), n.scope(), n.surveySection(), n.extension(), counts.getOrDefault(n.id(), 0L),
                n.children().stream().map(c -> view(c, counts)).toList());
    }

    @GET
    @Path("trends")
    @Transactional
    @Operation(summary = "Papers per node per week or month", description = "A series for the node (all relevant "
            + "papers when no node is given) and one for each of its children, by week or month of first announcement.")
    public Trends trends(@Parameter(description = "Taxonomy node id") @QueryParam("node") String node,
            @Parameter(description = "week or month") @QueryParam("interval") @DefaultValue("month") String interval) {
        if (!interval.equals("week") && !interval.equals("month")) {
            throw ProblemException.badRequest("interval must be week or month");
        }
        List<Series> series = new ArrayList<>();
        if (node == null || node.isBlank()) {
            series.add(series(null, "All relevant papers", interval));
            taxonomy.roots().forEach(r -> series.add(series(r.id(), r.name(), interval)));
        } else {
            Taxonomy.Node n = taxonomy.node(node)
                    .orElseThrow(() -> ProblemException.badRequest("unknown taxonomy node: " + node));
            series.add(series(n.id(), n.name(), interval));
            n.children().forEach(c -> series.add(series(c.id(), c.name(), interval)));
        }
        return new Trends(node, interval, series);
    }

    private Series series(String node, String name, String interval) {
        var points = queries.trend(node == null ? null : taxonomy.leavesUnder(node), interval).stream()
                .map(p -> new Point(p.period(), p.count())).toList();
        return new Series(node, name, points);
    }
}
