package dev.spectrum.ingest.replay;

import dev.spectrum.ingest.config.IngestConfig;
import dev.spectrum.ingest.publish.CandidatePublisher;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * Starts replays: at boot when {@code spectrum.ingest.replay.path} is set, or through the operator API. One replay at a
 * time, on its own thread (replay does not talk to arXiv, so it does not wait for the harvester lock).
 */
@ApplicationScoped
public class Replays {

    private static final Logger LOG = Logger.getLogger(Replays.class);

    /** What an operator sees of a replay. */
    public record Status(String path, String mode, double rate, String state, long read, long published, double papersPerSecond,
            String currentDay, Instant startedAt, Instant finishedAt, String error) {
    }

    private final CandidatePublisher publisher;
    private final IngestConfig config;
    private volatile ReplayRunner runner;
    private volatile Thread thread;
    private volatile Status last;

    public Replays(CandidatePublisher publisher, IngestConfig config) {
        this.publisher = publisher;
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) {
        config.replay().path().filter(p -> !p.isBlank()).ifPresent(p -> {
            try {
                start(p, config.replay().mode(), config.replay().rate());
            } catch (IllegalArgumentException | IllegalStateException e) {
                LOG.errorf("replay at boot not started: %s", e.getMessage());
            }
        });
    }

    void onStop(@Observes ShutdownEvent event) {
        ReplayRunner r = runner;
        if (r != null) {
            r.stop();
        }
    }

    /** Starts a replay; throws IllegalArgumentException for a bad path or mode, IllegalStateException when one runs. */
    public synchronized Status start(String pathText, String modeText, double rate) {
        if (thread != null && thread.isAlive()) {
            throw new IllegalStateException("a replay is already running; stop it first");
        }
        Path path = Path.of(pathText);
        ReplayReader.files(path);
        ReplayRunner.Mode mode = ReplayRunner.Mode.parse(modeText == null ? "fast" : modeText);
        if (mode == ReplayRunner.Mode.RATE && !(rate > 0)) {
            throw new IllegalArgumentException("rate mode needs a rate above 0 papers/s");
        }
        ReplayRunner r = new ReplayRunner(publisher, config.publish().batchSize());
        Instant started = Instant.now();
        runner = r;
        last = status(path.toString(), mode, rate, r, "running", started, null, null);
        thread = new Thread(() -> {
            String error = null;
            try {
                LOG.infof("replay of %s started (%s)", path, mode);
                r.run(path, mode, rate, config.replay().dayPause());
            } catch (RuntimeException e) {
                error = e.getMessage();
                LOG.errorf("replay of %s failed: %s", path, error);
            }
            last = status(path.toString(), mode, rate, r, error == null ? "done" : "failed", started, Instant.now(), error);
            LOG.infof("replay of %s finished: %d read, %d published", path, r.read(), r.published());
        }, "replay");
        thread.setDaemon(true);
        thread.start();
        return last;
    }

    public synchronized Status stop() {
        if (runner != null) {
            runner.stop();
        }
        return current();
    }

    public Status current() {
        Status s = last;
        ReplayRunner r = runner;
        if (s == null || r == null || !"running".equals(s.state())) {
            return s;
        }
        return status(s.path(), ReplayRunner.Mode.parse(s.mode()), s.rate(), r, "running", s.startedAt(), null, null);
    }

    private static Status status(String path, ReplayRunner.Mode mode, double rate, ReplayRunner r, String state, Instant started,
            Instant finished, String error) {
        double seconds = Math.max(0.001, Duration.between(started, finished == null ? Instant.now() : finished).toMillis() / 1000.0);
        return new Status(path, mode.name().toLowerCase(java.util.Locale.ROOT), rate, state, r.read(), r.published(),
                r.read() / seconds, r.currentDay() == null ? null : r.currentDay().toString(), started, finished, error);
    }
}
