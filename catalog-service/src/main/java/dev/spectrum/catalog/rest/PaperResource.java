package dev.spectrum.catalog.rest;

import dev.spectrum.catalog.config.CatalogConfig;
import dev.spectrum.catalog.paper.Classification;
import dev.spectrum.catalog.paper.Correction;
import dev.spectrum.catalog.paper.Corrections;
import dev.spectrum.catalog.paper.Paper;
import dev.spectrum.catalog.paper.PaperQueries;
import dev.spectrum.catalog.paper.PaperVersion;
import dev.spectrum.catalog.rest.PaperViews.Detail;
import dev.spectrum.catalog.rest.PaperViews.Page;
import dev.spectrum.catalog.rest.PaperViews.Summary;
import dev.spectrum.events.Taxonomy;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Search, one paper, and curator corrections. */
@Path("/papers")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "papers")
public class PaperResource {

    private final PaperQueries queries;
    private final Corrections corrections;
    private final CatalogConfig config;
    private final Taxonomy taxonomy = Taxonomy.standard();

    public PaperResource(PaperQueries queries, Corrections corrections, CatalogConfig config) {
        this.queries = queries;
        this.corrections = corrections;
        this.config = config;
    }

    @GET
    @Transactional
    @Operation(summary = "Search papers", description = "Full-text search (web search syntax: quotes, or, -) over title, "
            + "abstract and authors, with filters; relevant papers only unless relevant=false or relevant=any. Sorted by "
            + "text rank (or, without text, by the classifier's score) or by announcement date. Pages are capped.")
    @APIResponse(responseCode = "200", description = "A page of papers")
    @APIResponse(responseCode = "400", description = "Invalid parameter (problem+json)")
    public Page<Summary> search(
            @Parameter(description = "Text in web search syntax, e.g. \"kv cache\" quantization -vision") @QueryParam("q") String q,
            @Parameter(description = "Taxonomy node id; its descendants are included") @QueryParam("node") String node,
            @Parameter(description = "Part of an author's name") @QueryParam("author") String author,
            @Parameter(description = "arXiv category, e.g. cs.CL") @QueryParam("category") String category,
            @Parameter(description = "Announced on or after (YYYY-MM-DD)") @QueryParam("from") String from,
            @Parameter(description = "Announced on or before (YYYY-MM-DD)") @QueryParam("to") String to,
            @Parameter(description = "Minimum confidence of a leaf (under node, when given), 0..1") @QueryParam("minConfidence") Double minConfidence,
            @Parameter(description = "true (default), false or any") @QueryParam("relevant") @DefaultValue("true") String relevant,
            @Parameter(description = "relevance (default) or date") @QueryParam("sort") @DefaultValue("relevance") String sort,
            @Parameter(description = "Page number from 0") @QueryParam("page") @DefaultValue("0") int page,
            @Parameter(description = "Page size, capped by the server") @QueryParam("size") Integer size) {
        Collection<String> leaves = node == null || node.isBlank() ? null : leavesUnder(node);
        if (minConfidence != null && (minConfidence < 0 || minConfidence > 1)) {
            throw ProblemException.badRequest("minConfidence must be between 0 and 1");
        }
        Boolean onlyRelevant = switch (relevant) {
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            case "any" -> null;
            default -> throw ProblemException.badRequest("relevant must be true, false or any");
        };
        if (!sort.equals("relevance") && !sort.equals("date")) {
            throw ProblemException.badRequest("sort must be relevance or date");
        }
        if (page < 0) {
            throw ProblemException.badRequest("page starts at 0");
        }
        int pageSize = size == null ? config.defaultPageSize() : size;
        if (pageSize < 1) {
            throw ProblemException.badRequest("size must be at least 1");
        }
        pageSize = Math.min(pageSize, config.maxPageSize());
        if (q != null && q.length() > 500) {
            throw ProblemException.badRequest("q is limited to 500 characters");
        }
        LocalDate fromDate = date("from", from);
        LocalDate toDate = date("to", to);
        long offset = (long) page * pageSize;
        if (offset > Integer.MAX_VALUE) {
            throw ProblemException.badRequest("page is too far");
        }
        var result = queries.search(new PaperQueries.Search(q, leaves, author, category, fromDate, toDate,
                minConfidence, onlyRelevant, sort.equals("date"), (int) offset, pageSize));
        boolean ranked = q != null && !q.isBlank();
        List<Summary> items = result.hits().stream()
                .map(h -> Summary.of(h.paper(), ranked ? h.rank() : null, taxonomy)).toList();
        return new Page<>(items, page, pageSize, result.total());
    }

    @GET
    @Path("/{id}")
    @Transactional
    @Operation(summary = "One paper", description = "Metadata, the decision as shown (curator corrections applied), the "
            + "machine classification with its evidence and model version, corrections and received versions.")
    @APIResponse(responseCode = "200", description = "The paper")
    @APIResponse(responseCode = "404", description = "Unknown paper (problem+json)")
    public Detail paper(@PathParam("id") String id) {
        Paper p = Paper.findById(canonical(id));
        if (p == null) {
            throw ProblemException.notFound("no paper " + id + " in the catalog");
        }
        return detail(p);
    }

    @POST
    @Path("/{id}/corrections")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Correct a paper", description = "A curator sets relevance and/or leaves. The correction is "
            + "stored, shown at once instead of the machine decision, exported in /corrections.tsv for the next training, "
            + "and published as a 'corrected' event when it changes relevance or leaves.")
    @APIResponse(responseCode = "201", description = "The paper as now shown")
    @APIResponse(responseCode = "400", description = "Invalid correction (problem+json)")
    @APIResponse(responseCode = "404", description = "Unknown paper (problem+json)")
    public Response correct(@PathParam("id") String id, Corrections.Request request) {
        Corrections.problem(request, taxonomy).ifPresent(detail -> {
            throw ProblemException.badRequest(detail);
        });
        Paper p = corrections.correct(canonical(id), request)
                .orElseThrow(() -> ProblemException.notFound("no paper " + id + " in the catalog"));
        return Response.status(201).entity(QuarkusTx.call(() -> detail(Paper.findById(p.arxivId)))).build();
    }

    private Detail detail(Paper p) {
        Classification c = p.classificationId == null ? null : Classification.findById(p.classificationId);
        return Detail.of(p, c, Correction.of(p.arxivId), PaperVersion.of(p.arxivId), taxonomy);
    }

    private Collection<String> leavesUnder(String node) {
        if (!taxonomy.contains(node)) {
            throw ProblemException.badRequest("unknown taxonomy node: " + node);
        }
        return taxonomy.leavesUnder(node);
    }

    /** Accepts an id with a version suffix or an arXiv: prefix, as people paste them. */
    static String canonical(String id) {
        String s = id.strip();
        if (s.regionMatches(true, 0, "arXiv:", 0, 6)) {
            s = s.substring(6);
        }
        return s.replaceFirst("v\\d+$", "");
    }

    private static LocalDate date(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(value.strip());
        } catch (DateTimeParseException e) {
            throw ProblemException.badRequest(name + " must be a date YYYY-MM-DD, not " + value);
        }
    }
}
