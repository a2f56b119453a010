package dev.spectrum.catalog.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Turns every failure into problem+json (RFC 9457), so clients get one error shape with a useful detail. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        return Problem.response(e.status(), e.title(), e.getMessage(), uri.getPath());
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        int status = e.getResponse().getStatus();
        String title = Response.Status.fromStatusCode(status) == null ? "Error"
                : Response.Status.fromStatusCode(status).getReasonPhrase();
        return Problem.response(status, title, e.getMessage(), uri.getPath());
    }

    @ServerExceptionMapper
    public Response json(JsonProcessingException e, UriInfo uri) {
        return Problem.response(400, "Malformed JSON", e.getOriginalMessage(), uri.getPath());
    }

    /** A correction racing a new version or a re-classification of the same paper: the client may simply retry. */
    @ServerExceptionMapper
    public Response conflict(jakarta.persistence.OptimisticLockException e, UriInfo uri) {
        return Problem.response(409, "Conflict", "the paper changed while the request ran; send it again",
                uri.getPath());
    }

    @ServerExceptionMapper(priority = jakarta.ws.rs.Priorities.USER + 100)
    public Response unexpected(RuntimeException e, UriInfo uri) {
        LOG.errorf(e, "request %s failed", uri.getPath());
        return Problem.response(500, "Internal Server Error", "the request failed; the error is logged", uri.getPath());
    }
}
