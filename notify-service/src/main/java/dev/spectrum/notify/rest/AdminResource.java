package dev.spectrum.notify.rest;

import dev.spectrum.notify.config.NotifyConfig;
import dev.spectrum.notify.delivery.DeliveryLog;
import dev.spectrum.notify.delivery.DeliveryRelay;
import dev.spectrum.notify.delivery.Suppression;
import dev.spectrum.notify.subscription.Subscription;
import dev.spectrum.notify.subscription.SubscriptionService;
import dev.spectrum.notify.subscription.SubscriptionView;
import dev.spectrum.notify.subscription.Tokens;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Sort;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Operators' API behind the configured admin credential ({@code Authorization: Bearer <admin-token>}): all
 * subscriptions, the suppression list (where bounce and complaint reports arrive) and the relay switch.
 */
@Path("/admin")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "admin")
public class AdminResource {

    /** A bounce or complaint report (or a manual block). */
    public record SuppressionReport(String address, Suppression.Reason reason, String detail) {
    }

    private final NotifyConfig config;
    private final SubscriptionService service;
    private final DeliveryLog log;
    private final DeliveryRelay relay;

    public AdminResource(NotifyConfig config, SubscriptionService service, DeliveryLog log, DeliveryRelay relay) {
        this.config = config;
        this.service = service;
        this.log = log;
        this.relay = relay;
    }

    private void authorise(String header) {
        String token = Paging.bearer(header);
        if (config.adminToken().isEmpty() || !Tokens.same(token, config.adminToken().get())) {
            throw new ProblemException(401, "Unauthorized", "the admin API needs the admin credential");
        }
    }

    @GET
    @Path("/subscriptions")
    @Operation(summary = "List subscriptions, optionally by address and status")
    public List<SubscriptionView> list(@HeaderParam("Authorization") String auth, @QueryParam("address") String address,
            @QueryParam("status") Subscription.Status status, @QueryParam("page") @DefaultValue("0") int page,
            @QueryParam("size") @DefaultValue("20") int size) {
        authorise(auth);
        Paging.check(page, size, config.maxPageSize());
        StringBuilder q = new StringBuilder("1 = 1");
        Map<String, Object> params = new HashMap<>();
        if (address != null) {
            q.append(" and address = :address");
            params.put("address", address.trim().toLowerCase(java.util.Locale.ROOT));
        }
        if (status != null) {
            q.append(" and status = :status");
            params.put("status", status);
        }
        return Subscription.<Subscription>find(q.toString(), Sort.by("id"), params).page(Page.of(page, size)).list()
                .stream().map(SubscriptionView::of).toList();
    }

    @GET
    @Path("/subscriptions/{id}")
    public SubscriptionView get(@HeaderParam("Authorization") String auth, @PathParam("id") long id) {
        authorise(auth);
        return SubscriptionView.of(find(id));
    }

    @GET
    @Path("/subscriptions/{id}/deliveries")
    public List<DeliveryLog.Entry> deliveries(@HeaderParam("Authorization") String auth, @PathParam("id") long id,
            @QueryParam("page") @DefaultValue("0") int page, @QueryParam("size") @DefaultValue("20") int size) {
        authorise(auth);
        Paging.check(page, size, config.maxPageSize());
        return log.page(find(id).id, page, size);
    }

    @POST
    @Path("/subscriptions/{id}/pause")
    public SubscriptionView pause(@HeaderParam("Authorization") String auth, @PathParam("id") long id) {
        authorise(auth);
        return SubscriptionView.of(service.setPaused(find(id), true));
    }

    @POST
    @Path("/subscriptions/{id}/resume")
    public SubscriptionView resume(@HeaderParam("Authorization") String auth, @PathParam("id") long id) {
        authorise(auth);
        return SubscriptionView.of(service.setPaused(find(id), false));
    }

    @DELETE
    @Path("/subscriptions/{id}")
    public Response delete(@HeaderParam("Authorization") String auth, @PathParam("id") long id) {
        authorise(auth);
        service.deleteNow(find(id));
        return Response.noContent().build();
    }

    @POST
    @Path("/suppressions")
    @Consumes(MediaType.APPLICATION_JSON)
    @Transactional
    @Operation(summary = "Report a hard bounce or complaint: nothing more is sent to the address")
    public Response suppress(@HeaderParam("Authorization") String auth, SuppressionReport report) {
        authorise(auth);
        List<String> errors = new ArrayList<>();
        if (report == null || report.address() == null) {
            throw ProblemException.invalid(List.of("address is required"));
        }
        String address = SubscriptionService.normaliseEmail(report.address(), "address", errors);
        if (report.reason() == null) {
            errors.add("reason must be HARD_BOUNCE, COMPLAINT or MANUAL");
        }
        if (!errors.isEmpty()) {
            throw ProblemException.invalid(errors);
        }
        Suppression s = Suppression.findById(address);
        if (s == null) {
            s = new Suppression();
            s.address = address;
            s.createdAt = Instant.now();
        }
        s.reason = report.reason();
        s.detail = report.detail();
        s.persist();
        return Response.status(201).entity(Map.of("address", address, "reason", s.reason)).build();
    }

    @GET
    @Path("/suppressions")
    public List<Map<String, Object>> suppressions(@HeaderParam("Authorization") String auth,
            @QueryParam("page") @DefaultValue("0") int page, @QueryParam("size") @DefaultValue("20") int size) {
        authorise(auth);
        Paging.check(page, size, config.maxPageSize());
        return Suppression.<Suppression>findAll(Sort.by("createdAt")).page(Page.of(page, size)).list().stream()
                .map(s -> Map.<String, Object>of("address", s.address, "reason", s.reason, "since", s.createdAt)).toList();
    }

    @DELETE
    @Path("/suppressions/{address}")
    @Transactional
    public Response unsuppress(@HeaderParam("Authorization") String auth, @PathParam("address") String address) {
        authorise(auth);
        Suppression.deleteById(address.trim().toLowerCase(java.util.Locale.ROOT));
        return Response.noContent().build();
    }

    @POST
    @Path("/relay/{state}")
    @Operation(summary = "Pause or resume sending; deliveries keep being recorded and go out after resume")
    public Map<String, Object> relay(@HeaderParam("Authorization") String auth, @PathParam("state") String state) {
        authorise(auth);
        switch (state) {
            case "pause" -> relay.pause(true);
            case "resume" -> relay.pause(false);
            default -> throw new ProblemException(404, "Not found", "use /admin/relay/pause or /admin/relay/resume");
        }
        return Map.of("paused", relay.paused());
    }

    private static Subscription find(long id) {
        Subscription s = Subscription.findById(id);
        if (s == null) {
            throw ProblemException.notFound();
        }
        return s;
    }
}
