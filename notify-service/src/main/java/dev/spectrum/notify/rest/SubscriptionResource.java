package dev.spectrum.notify.rest;

import dev.spectrum.notify.config.NotifyConfig;
import dev.spectrum.notify.delivery.DeliveryLog;
import dev.spectrum.notify.subscription.Subscription;
import dev.spectrum.notify.subscription.SubscriptionRequest;
import dev.spectrum.notify.subscription.SubscriptionService;
import dev.spectrum.notify.subscription.SubscriptionView;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Subscriptions for their holders. Creating one returns its management token once; every other call needs
 * {@code Authorization: Bearer <token>} for that very subscription, and answers 404 otherwise (ids open nothing).
 */
@Path("/subscriptions")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "subscriptions")
public class SubscriptionResource {

    private final SubscriptionService service;
    private final DeliveryLog log;
    private final NotifyConfig config;

    public SubscriptionResource(SubscriptionService service, DeliveryLog log, NotifyConfig config) {
        this.service = service;
        this.log = log;
        this.config = config;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a subscription; e-mail ones start after the confirmation link is followed")
    public Response create(SubscriptionRequest request) {
        if (request == null) {
            throw ProblemException.invalid(List.of("a JSON body is required"));
        }
        SubscriptionService.Created c = service.create(request);
        String manage = config.publicUrl() + "/subscriptions/" + c.subscription().id;
        return Response.created(URI.create(manage))
                .entity(SubscriptionView.of(c.subscription(), c.token(), c.secret(), manage)).build();
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "View a subscription")
    public SubscriptionView get(@PathParam("id") long id, @HeaderParam("Authorization") String auth) {
        return SubscriptionView.of(service.owned(id, Paging.bearer(auth)));
    }

    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Path("/{id}")
    @Operation(summary = "Replace the filters, cadence and options of a subscription (not its address)")
    public SubscriptionView update(@PathParam("id") long id, @HeaderParam("Authorization") String auth, SubscriptionRequest request) {
        if (request == null) {
            throw ProblemException.invalid(List.of("a JSON body is required"));
        }
        return SubscriptionView.of(service.update(id, Paging.bearer(auth), request));
    }

    @POST
    @Path("/{id}/pause")
    @Operation(summary = "Pause a subscription; nothing is queued for it while paused")
    public SubscriptionView pause(@PathParam("id") long id, @HeaderParam("Authorization") String auth) {
        return SubscriptionView.of(service.pause(id, Paging.bearer(auth), true));
    }

    @POST
    @Path("/{id}/resume")
    @Operation(summary = "Resume a paused or disabled subscription")
    public SubscriptionView resume(@PathParam("id") long id, @HeaderParam("Authorization") String auth) {
        return SubscriptionView.of(service.pause(id, Paging.bearer(auth), false));
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Delete a subscription and its delivery log")
    public Response delete(@PathParam("id") long id, @HeaderParam("Authorization") String auth) {
        service.delete(id, Paging.bearer(auth));
        return Response.noContent().build();
    }

    @GET
    @Path("/{id}/deliveries")
    @Operation(summary = "Delivery log: each delivery with its attempts, outcomes and next retry, newest first")
    public List<DeliveryLog.Entry> deliveries(@PathParam("id") long id, @HeaderParam("Authorization") String auth,
            @QueryParam("page") @DefaultValue("0") int page, @QueryParam("size") @DefaultValue("20") int size) {
        Paging.check(page, size, config.maxPageSize());
        Subscription s = service.owned(id, Paging.bearer(auth));
        return log.page(s.id, page, size);
    }

    @POST
    @Path("/{id}/secret")
    @Operation(summary = "Rotate the webhook signing secret; the old one keeps signing during the grace period")
    public Map<String, String> rotate(@PathParam("id") long id, @HeaderParam("Authorization") String auth) {
        return Map.of("secret", service.rotateSecret(id, Paging.bearer(auth)));
    }

    @POST
    @Path("/{id}/confirmation")
    @Operation(summary = "Send the confirmation e-mail again (rate-limited per address)")
    public Response resend(@PathParam("id") long id, @HeaderParam("Authorization") String auth) {
        service.resendConfirmation(service.owned(id, Paging.bearer(auth)));
        return Response.accepted().build();
    }
}
