package dev.spectrum.ingest.replay;

import dev.spectrum.events.PaperCandidate;
import dev.spectrum.ingest.publish.CandidatePublisher;
import dev.spectrum.ingest.publish.PublishException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Replays recorded papers through the publisher: {@code fast} (as fast as acks come back), {@code rate} (N papers/s) or
 * {@code daily} (one announcement day per step, with a pause between days). A reader thread parses and paces; the
 * calling thread records intents and keeps a few batches in flight to Kafka. Plain Java, so the service and the
 * benchmark run the same code.
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

    private static final List<PaperCandidate> END = List.of();
    private static final int IN_FLIGHT = 3;

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

    /** Replays everything under {@code path}; returns when done or stopped, throws when reading or publishing fails. */
    public void run(Path path, Mode mode, double rate, Duration dayPause) {
        List<Path> files = ReplayReader.files(path);
        BlockingQueue<List<PaperCandidate>> queue = new ArrayBlockingQueue<>(4);
        AtomicReference<RuntimeException> readError = new AtomicReference<>();
        Thread reader = new Thread(() -> {
            try {
                produce(files, mode, rate, dayPause, queue);
            } catch (RuntimeException e) {
                readError.set(e);
            } finally {
                put(queue, END);
            }
        }, "replay-reader");
        reader.setDaemon(true);
        reader.start();
        Deque<CompletableFuture<CandidatePublisher.Result>> inFlight = new ArrayDeque<>();
        try {
            while (true) {
                List<PaperCandidate> batch = queue.take();
                if (batch == END) {
                    break;
                }
                inFlight.add(publisher.publishAsync(batch));
                while (inFlight.size() > (mode == Mode.FAST ? IN_FLIGHT : 1)) {
                    await(inFlight.poll());
                }
            }
            while (!inFlight.isEmpty()) {
                await(inFlight.poll());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopped = true;
        } finally {
            stopped = stopped || readError.get() != null;
        }
        if (readError.get() != null) {
            throw readError.get();
        }
    }

    private void await(CompletableFuture<CandidatePublisher.Result> future) throws InterruptedException {
        try {
            published.addAndGet(future.get().published());
        } catch (ExecutionException e) {
            stopped = true;
            throw e.getCause() instanceof PublishException p ? p : new PublishException("replay publish failed", e.getCause());
        }
    }

    private void produce(List<Path> files, Mode mode, double rate, Duration dayPause, BlockingQueue<List<PaperCandidate>> queue) {
        int size = mode == Mode.RATE ? (int) Math.max(1, Math.min(batchSize, Math.round(rate / 10))) : batchSize;
        long nanosPerPaper = mode == Mode.RATE ? (long) (1e9 / Math.max(0.001, rate)) : 0;
        long startNanos = System.nanoTime();
        List<List<PaperCandidate>> holder = new ArrayList<>(List.of(new ArrayList<>(size)));
        for (Path file : files) {
            if (stopped) {
                return;
            }
            ReplayReader.read(file, p -> {
                if (stopped) {
                    return;
                }
                if (mode == Mode.DAILY && currentDay != null && p.announced() != null && !p.announced().equals(currentDay)) {
                    flush(holder, queue, size);
                    sleep(dayPause.toNanos());
                }
                if (p.announced() != null) {
                    currentDay = p.announced();
                }
                holder.get(0).add(p);
                long n = read.incrementAndGet();
                if (holder.get(0).size() >= size) {
                    flush(holder, queue, size);
                    if (nanosPerPaper > 0) {
                        sleep(startNanos + n * nanosPerPaper - System.nanoTime());
                    }
                }
            });
        }
        flush(holder, queue, size);
    }

    private void flush(List<List<PaperCandidate>> holder, BlockingQueue<List<PaperCandidate>> queue, int size) {
        if (!holder.get(0).isEmpty()) {
            put(queue, holder.get(0));
            holder.set(0, new ArrayList<>(size));
        }
    }

    private void put(BlockingQueue<List<PaperCandidate>> queue, List<PaperCandidate> batch) {
        try {
            queue.put(batch);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopped = true;
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
