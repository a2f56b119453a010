package dev.spectrum.ingest.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.spectrum.ingest.arxiv.FeedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** RFC 9457 problem details, and the mapping of this service's exceptions onto them. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail) {

    public static final String MEDIA_TYPE = "application/problem+json";

    static Response response(int status, String title, String detail) {
        return Response.status(status).type(MEDIA_TYPE).entity(new Problem("about:blank", title, status, detail)).build();
    }

    /** Maps exceptions of the operator API onto problem+json. */
    public static class Mappers {

        @ServerExceptionMapper
        public Response badRequest(IllegalArgumentException e) {
            return response(400, "Invalid request", e.getMessage());
        }

        @ServerExceptionMapper
        public Response badDate(java.time.format.DateTimeParseException e) {
            return response(400, "Invalid date", "dates are YYYY-MM-DD: " + e.getMessage());
        }

        @ServerExceptionMapper
        public Response conflict(IllegalStateException e) {
            return response(409, "Conflict", e.getMessage());
        }

        @ServerExceptionMapper
        public Response feed(FeedException e) {
            return response(502, "arXiv response unusable", e.getMessage());
        }

        @ServerExceptionMapper
        public Response web(WebApplicationException e) {
            int status = e.getResponse().getStatus();
            return response(status, Response.Status.fromStatusCode(status) == null ? "Error"
                    : Response.Status.fromStatusCode(status).getReasonPhrase(), e.getMessage());
        }

        @ServerExceptionMapper
        public Response invalidJson(com.fasterxml.jackson.core.JsonProcessingException e) {
            return response(400, "Invalid JSON", e.getOriginalMessage());
        }

        @ServerExceptionMapper
        public Response mismatchedJson(com.fasterxml.jackson.databind.exc.MismatchedInputException e) {
            return response(400, "Invalid JSON", e.getOriginalMessage());
        }
    }
}
