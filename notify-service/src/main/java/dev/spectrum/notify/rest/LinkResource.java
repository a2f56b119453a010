package dev.spectrum.notify.rest;

import dev.spectrum.events.PaperClassified;
import dev.spectrum.events.PaperEvents;
import dev.spectrum.notify.delivery.Content;
import dev.spectrum.notify.subscription.SubscriptionService;
import dev.spectrum.events.Taxonomy;
import jakarta.persistence.EntityManager;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The links printed in e-mails. GET only shows a page with a button (mail scanners follow GETs); POST acts, without
 * login. The unsubscribe POST is also the RFC 8058 one-click target ({@code List-Unsubscribe=One-Click}).
 */
@Path("/")
@Tag(name = "links")
public class LinkResource {

    private final SubscriptionService service;
    private final EntityManager em;
    private final Content content = new Content(Taxonomy.standard());

    public LinkResource(SubscriptionService service, EntityManager em) {
        this.service = service;
        this.em = em;
    }

    @GET
    @Path("/confirm/{token}")
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "Confirmation page with a button")
    public String confirmPage(@PathParam("token") String token) {
        return page("Confirm your subscription", "<p>Start receiving Spectrum alerts at this address?</p>"
                + "<form method=\"post\"><button type=\"submit\">Confirm</button></form>");
    }

    @POST
    @Path("/confirm/{token}")
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "Confirm an e-mail subscription (double opt-in)")
    public String confirm(@PathParam("token") String token) {
        service.confirm(token);
        return page("Subscription confirmed", "<p>You will receive Spectrum alerts. Every e-mail has an unsubscribe link.</p>");
    }

    @GET
    @Path("/unsubscribe/{token}")
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "Unsubscribe page with a button")
    public String unsubscribePage(@PathParam("token") String token) {
        return page("Unsubscribe", "<p>Stop these Spectrum alerts?</p>"
                + "<form method=\"post\"><input type=\"hidden\" name=\"List-Unsubscribe\" value=\"One-Click\">"
                + "<button type=\"submit\">Unsubscribe</button></form>");
    }

    @POST
    @Path("/unsubscribe/{token}")
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "Unsubscribe (form or RFC 8058 one-click POST); repeating it is harmless")
    public String unsubscribe(@PathParam("token") String token) {
        service.unsubscribe(token, "link");
        return page("Unsubscribed", "<p>You will receive no more of these alerts.</p>");
    }

    @GET
    @Path("/digests/{id}")
    @Produces(MediaType.TEXT_HTML)
    @Operation(summary = "Every paper of a digest (the overflow link of a capped digest)")
    public String digest(@PathParam("id") String id) {
        UUID uuid;
        try {
            uuid = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new ProblemException(404, "Not found", "no such digest");
        }
        @SuppressWarnings("unchecked")
        List<Object> rows = em.createNativeQuery("""
                SELECT p.payload::text FROM delivery g JOIN delivery d ON d.digest_id = g.id JOIN paper p ON p.id = d.paper_id
                WHERE g.message_id = ?1 AND g.kind = 'DIGEST' ORDER BY d.classified_at, d.id""")
                .setParameter(1, uuid).getResultList();
        if (rows.isEmpty()) {
            throw new ProblemException(404, "Not found", "no such digest");
        }
        List<PaperClassified> papers = new ArrayList<>();
        for (Object row : rows) {
            papers.add(PaperEvents.readClassified(row.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        }
        return page("Spectrum digest", content.digestHtml(content.groups(papers), 0, null));
    }

    private static String page(String title, String body) {
        return "<!doctype html><html><head><meta charset=\"utf-8\"><title>" + Content.esc(title) + "</title></head><body><h1>"
                + Content.esc(title) + "</h1>" + body + "</body></html>";
    }
}
