package dev.spectrum.ingest.harvest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import org.jboss.logging.Logger;

/** Reads and writes {@link SourceState} rows, each call its own short transaction. */
@ApplicationScoped
public class SourceStates {

    private static final Logger LOG = Logger.getLogger(SourceStates.class);

    @Transactional
    public String cursor(String source) {
        return SourceState.of(source).cursor;
    }

    /** Moves a cursor; callers do this only after everything before it was acknowledged by Kafka. */
    @Transactional
    public void advance(String source, String cursor, long published) {
        SourceState s = SourceState.of(source);
        s.cursor = cursor;
        s.published += published;
    }

    @Transactional
    public void started(String source) {
        SourceState.of(source).lastRun = Instant.now();
    }

    @Transactional
    public void succeeded(String source, long published) {
        SourceState s = SourceState.of(source);
        s.lastSuccess = Instant.now();
        s.published += published;
    }

    @Transactional
    public void failed(String source, String error) {
        LOG.warnf("source %s failed: %s", source, error);
        SourceState s = SourceState.of(source);
        s.lastError = error == null ? "unknown error" : error.length() > 2000 ? error.substring(0, 2000) : error;
        s.lastErrorAt = Instant.now();
    }

    @Transactional
    public void scheduled(String source, Instant next) {
        SourceState.of(source).nextRun = next;
    }

    @Transactional
    public SourceState get(String source) {
        return SourceState.of(source);
    }

    @Transactional
    public List<SourceState> all() {
        return SourceState.listAll(io.quarkus.panache.common.Sort.by("source"));
    }
}
