package dev.spectrum.catalog.rest;

import dev.spectrum.catalog.paper.Reclassifier;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.core.Context;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Re-classification of the catalog under the current model version, as a background job with progress. */
@Path("/reclassify")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "reclassify")
public class ReclassifyResource {

    public record JobView(String id, String state, String modelVersion, boolean all, long done, long total,
            long changed, double rate, Instant startedAt, Instant finishedAt, String error) {
        static JobView of(Reclassifier.Job j) {
            return new JobView(j.id, j.state(), j.modelVersion, j.all, j.done(), j.total, j.changed(),
                    Math.round(j.rate() * 10) / 10.0, j.startedAt, j.finishedAt(), j.error());
        }
    }

    private final Reclassifier reclassifier;

    public ReclassifyResource(Reclassifier reclassifier) {
        this.reclassifier = reclassifier;
    }

    @POST
    @Operation(summary = "Start re-classification", description = "Re-classifies every paper whose decision came from "
            + "another model version (all papers with all=true); publishes 'reclassified' events only where relevance "
            + "or leaves changed. Answers 202 with the job, or the job already running.")
    public Response start(@Parameter(description = "Re-classify papers of the current model version too")
            @QueryParam("all") @DefaultValue("false") boolean all, @Context UriInfo uri) {
        Reclassifier.Job job = reclassifier.start(all);
        return Response.accepted(JobView.of(job))
                .location(uri.getBaseUriBuilder().path("reclassify").path(job.id).build()).build();
    }

    @GET
    @Path("/{job}")
    @Operation(summary = "Progress of a re-classification job", description = "done/total, papers changed, rate in papers per second.")
    public JobView job(@PathParam("job") String id) {
        return reclassifier.job(id).map(JobView::of)
                .orElseThrow(() -> ProblemException.notFound("no re-classification job " + id));
    }
}
