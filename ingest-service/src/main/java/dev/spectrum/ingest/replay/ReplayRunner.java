package dev.spectrum.ingest.replay;

import dev.spectrum.events.PaperCandidate;
import dev.spectrum.ingest.publish.CandidatePublisher;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Replays recorded papers through the publisher: {@code fast} (batches as fast as acks come back), {@code rate}
 * (N papers/s) or {@code daily} (one announcement day per step, with a pause between days). Plain Java, so the service
 * and the benchmark run the same code.
 */
public final class ReplayRunner {

    /** Pace of a replay. */
    public enum Mode {
        FAST, RATE, DAILY;

        public static Mode parse(String s) {
            try {
                return valueOf(s.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException | NullPointerException e) {
                throw new IllegalArgumentException("replay mode must be fast, rate or daily, not '" + s + "'");
            }
        }
    }

    private final CandidatePublisher publisher;
    private final int batchSize;
    private final AtomicLong read = new AtomicLong();
    private final AtomicLong published = new AtomicLong();
    private volatile boolean stopped;
    private volatile LocalDate currentDay;

    public ReplayRunner(CandidatePublisher publisher, int batchSize) {
        this.publisher = publisher;
        this.batchSize = batchSize;
    }

    public void stop() {
        stopped = true;
    }

    public long read() {
        return read.get();
    }

    public long published() {
        return published.get();
    }

    public LocalDate currentDay() {
        return currentDay;
    }

    /** Replays everything under {@code path}; returns when done or stopped. */
    public void run(Path path, Mode mode, double rate, Duration dayPause) {
        int size = mode == Mode.RATE ? (int) Math.max(1, Math.min(batchSize, Math.round(rate / 10))) : batchSize;
        long nanosPerPaper = mode == Mode.RATE ? (long) (1e9 / Math.max(0.001, rate)) : 0;
        long startNanos = System.nanoTime();
        List<PaperCandidate> batch = new ArrayList<>(size);
        for (Path file : ReplayReader.files(path)) {
            if (stopped) {
                return;
            }
            ReplayReader.read(file, p -> {
                if (stopped) {
                    return;
                }
                if (mode == Mode.DAILY && currentDay != null && p.announced() != null && !p.announced().equals(currentDay)) {
                    flush(batch);
                    sleep(dayPause.toNanos());
                }
                if (p.announced() != null) {
                    currentDay = p.announced();
                }
                batch.add(p);
                read.incrementAndGet();
                if (batch.size() >= size) {
                    flush(batch);
                    if (nanosPerPaper > 0) {
                        sleep(startNanos + read.get() * nanosPerPaper - System.nanoTime());
                    }
                }
            });
        }
        flush(batch);
    }

    private void flush(List<PaperCandidate> batch) {
        if (!batch.isEmpty()) {
            published.addAndGet(publisher.publish(batch).published());
            batch.clear();
        }
    }

    private void sleep(long nanos) {
        if (nanos <= 0) {
            return;
        }
        try {
            Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopped = true;
        }
    }
}
