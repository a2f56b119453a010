package dev.spectrum.ingest.rest;

import dev.spectrum.ingest.config.IngestConfig;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.Set;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Guards the operator API's actions (harvest now, backfills, replays, re-fetches) with the configured operator token;
 * reads stay open, since sources and coverage are what an operator's dashboards poll.
 */
public class OperatorAuth {

    private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");

    private final IngestConfig config;

    public OperatorAuth(IngestConfig config) {
        this.config = config;
    }

    @ServerRequestFilter
    public Optional<Response> requireToken(ContainerRequestContext request) {
        Optional<String> token = config.operatorToken();
        if (READS.contains(request.getMethod()) || token.isEmpty()) {
            return Optional.empty();
        }
        String header = request.getHeaderString("Authorization");
        byte[] expected = ("Bearer " + token.get()).getBytes(StandardCharsets.UTF_8);
        if (header != null && MessageDigest.isEqual(expected, header.getBytes(StandardCharsets.UTF_8))) {
            return Optional.empty();
        }
        return Optional.of(Problem.response(401, "Operator token required",
                "actions of the operator API need 'Authorization: Bearer <operator token>'"));
    }
}
