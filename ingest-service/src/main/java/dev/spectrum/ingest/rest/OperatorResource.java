package dev.spectrum.ingest.rest;

import dev.spectrum.ingest.coverage.Coverage;
import dev.spectrum.ingest.harvest.BackfillJob;
import dev.spectrum.ingest.harvest.BackfillJobs;
import dev.spectrum.ingest.harvest.Harvests;
import dev.spectrum.ingest.harvest.OaiBackfill;
import dev.spectrum.ingest.harvest.SourceState;
import dev.spectrum.ingest.harvest.SourceStates;
import dev.spectrum.ingest.replay.Replays;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The operator API: trigger harvests, run backfills and replays, see each source's health and the coverage audit. */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "ingest", description = "Harvesting arXiv into paper-candidates")
public class OperatorResource {

    /** A backfill request; dates are OAI-PMH datestamps (last modification), sets in old or new naming. */
    public record BackfillRequest(LocalDate from, LocalDate until, List<String> sets, String metadataPrefix) {
    }

    /** A backfill with its progress. */
    public record BackfillView(long id, String state, LocalDate from, LocalDate until, String sets, String metadataPrefix, int pages,
            long done, long published, Long total, double ratePerSecond, Long etaSeconds, boolean hasResumptionToken,
            Instant startedAt, Instant updatedAt, Instant finishedAt, String error) {

        static BackfillView of(BackfillJob j) {
            Instant end = j.finishedAt != null ? j.finishedAt : j.updatedAt;
            double seconds = j.startedAt == null || end == null ? 0 : Duration.between(j.startedAt, end).toMillis() / 1000.0;
            double rate = seconds > 0 ? j.done / seconds : 0;
            Long eta = j.total == null || rate <= 0 ? null : (long) (Math.max(0, j.total - j.done) / rate);
            return new BackfillView(j.id, j.state.name().toLowerCase(java.util.Locale.ROOT), j.from, j.until, j.sets, j.metadataPrefix,
                    j.pages, j.done, j.published, j.total, rate, eta, j.resumptionToken != null, j.startedAt, j.updatedAt,
                    j.finishedAt, j.error);
        }
    }

    /** A replay request; mode fast, rate or daily. */
    public record ReplayRequest(String path, String mode, Double rate) {
    }

    /** Health of one source. */
    public record SourceView(String source, String cursor, Instant lastRun, Instant lastSuccess, String lastError, Instant lastErrorAt,
            Instant nextRun, long published) {
        static SourceView of(SourceState s) {
            return new SourceView(s.source, s.cursor, s.lastRun, s.lastSuccess, s.lastError, s.lastErrorAt, s.nextRun, s.published);
        }
    }

    private final Harvests harvests;
    private final BackfillJobs jobs;
    private final SourceStates states;
    private final Replays replays;
    private final Coverage coverage;

    public OperatorResource(Harvests harvests, BackfillJobs jobs, SourceStates states, Replays replays, Coverage coverage) {
        this.harvests = harvests;
        this.jobs = jobs;
        this.states = states;
        this.replays = replays;
        this.coverage = coverage;
    }

    @POST
    @Path("harvests/{source}")
    @Operation(summary = "Harvest a source now", description = "source is api or rss; the run is queued behind any running harvest")
    @APIResponse(responseCode = "202", description = "queued")
    @APIResponse(responseCode = "400", description = "unknown source", content = @Content(mediaType = Problem.MEDIA_TYPE,
            schema = @Schema(implementation = Problem.class)))
    public Response harvestNow(@PathParam("source") String source) {
        harvests.trigger(source);
        return Response.accepted(java.util.Map.of("queued", source)).build();
    }

    @GET
    @Path("sources")
    @Operation(summary = "Each source's cursor, last success, last error and next run")
    public List<SourceView> sources() {
        return states.all().stream().map(SourceView::of).toList();
    }

    @POST
    @Path("backfills")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Start an OAI-PMH backfill", description = "from/until are OAI datestamps; sets default to the configured ones")
    @APIResponse(responseCode = "201", description = "created and queued")
    @APIResponse(responseCode = "400", description = "invalid request", content = @Content(mediaType = Problem.MEDIA_TYPE,
            schema = @Schema(implementation = Problem.class)))
    public Response backfill(BackfillRequest request) {
        if (request == null) {
            throw new IllegalArgumentException("a JSON body with from, until and sets is required");
        }
        if (request.from() != null && request.until() != null && request.until().isBefore(request.from())) {
            throw new IllegalArgumentException("until (" + request.until() + ") is before from (" + request.from() + ")");
        }
        String prefix = request.metadataPrefix();
        if (prefix != null && !List.of("arXivRaw", "arXiv", "oai_dc").contains(prefix)) {
            throw new IllegalArgumentException("metadataPrefix must be arXivRaw, arXiv or oai_dc");
        }
        BackfillJob job = harvests.startBackfill(request.from(), request.until(), request.sets() == null ? List.of() : request.sets(), prefix);
        return Response.status(201).entity(BackfillView.of(jobs.get(job.id))).build();
    }

    @GET
    @Path("backfills")
    @Operation(summary = "All backfills with progress (done, rate, ETA)")
    public List<BackfillView> backfills() {
        return jobs.all().stream().map(BackfillView::of).toList();
    }

    @GET
    @Path("backfills/{id}")
    @Operation(summary = "One backfill with progress")
    @APIResponse(responseCode = "404", description = "no such job", content = @Content(mediaType = Problem.MEDIA_TYPE,
            schema = @Schema(implementation = Problem.class)))
    public BackfillView backfill(@PathParam("id") long id) {
        return BackfillView.of(job(id));
    }

    @POST
    @Path("backfills/{id}/pause")
    @Operation(summary = "Pause a backfill after its current page")
    public BackfillView pause(@PathParam("id") long id) {
        job(id);
        return BackfillView.of(harvests.pause(id));
    }

    @POST
    @Path("backfills/{id}/resume")
    @Operation(summary = "Resume a paused or failed backfill from its stored resumption state")
    public BackfillView resume(@PathParam("id") long id) {
        job(id);
        return BackfillView.of(harvests.resume(id));
    }

    @POST
    @Path("replays")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Replay recorded papers (JSON Lines, gzip or not, or a folder of recorded XML responses)")
    @APIResponse(responseCode = "202", description = "started")
    @APIResponse(responseCode = "409", description = "a replay is running", content = @Content(mediaType = Problem.MEDIA_TYPE,
            schema = @Schema(implementation = Problem.class)))
    public Response replay(ReplayRequest request) {
        if (request == null || request.path() == null || request.path().isBlank()) {
            throw new IllegalArgumentException("path is required");
        }
        double rate = request.rate() == null ? 0 : request.rate();
        // a rate without a mode means "at that rate": silently replaying as fast as possible would surprise
        String mode = request.mode() == null && rate > 0 ? "rate" : request.mode();
        return Response.accepted(replays.start(request.path(), mode, rate)).build();
    }

    @GET
    @Path("replays/current")
    @Operation(summary = "The current or last replay")
    public Replays.Status currentReplay() {
        Replays.Status s = replays.current();
        if (s == null) {
            throw new NotFoundException("no replay has run since the service started");
        }
        return s;
    }

    @POST
    @Path("replays/current/stop")
    @Operation(summary = "Stop the running replay")
    public Replays.Status stopReplay() {
        return replays.stop();
    }

    @GET
    @Path("coverage")
    @Operation(summary = "Listed against published per listing day and category, with the reason for quiet days")
    public List<Coverage.Row> coverage(@QueryParam("days") @DefaultValue("14") int days, @QueryParam("until") String until) {
        if (days < 1 || days > 366) {
            throw new IllegalArgumentException("days must be between 1 and 366");
        }
        LocalDate last = until == null ? harvests.calendar().today(Instant.now()) : LocalDate.parse(until);
        return coverage.report(last, days);
    }

    @POST
    @Path("coverage/{day}/refetch")
    @Operation(summary = "Re-fetch by id, through the API, the papers listed on a day but not published")
    public Response refetch(@PathParam("day") String day) {
        List<String> ids = coverage.missingIds(LocalDate.parse(day));
        if (!ids.isEmpty()) {
            harvests.refetch(ids);
        }
        return Response.accepted(java.util.Map.of("refetching", ids.size())).build();
    }

    private BackfillJob job(long id) {
        BackfillJob job = jobs.get(id);
        if (job == null) {
            throw new NotFoundException("no backfill " + id);
        }
        return job;
    }
}
