package dev.spectrum.notify.delivery;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Locale;

/** Counters of matched, sent and failed deliveries per channel, and the time from classification to delivery. */
@ApplicationScoped
public class Metrics {

    private final MeterRegistry registry;

    public Metrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void matched(String channel, int n) {
        if (n > 0) {
            counter("notify.matched", channel).increment(n);
        }
    }

    public void sent(String channel) {
        counter("notify.sent", channel).increment();
    }

    public void failed(String channel) {
        counter("notify.failed", channel).increment();
    }

    /** Time from the paper's classifiedAt to the moment its alert was accepted by the receiver. */
    public void latency(String channel, Duration d) {
        Timer.builder("notify.delivery.latency").description("classifiedAt to delivery")
                .tag("channel", channel.toLowerCase(Locale.ROOT))
                .publishPercentileHistogram().publishPercentiles(0.5, 0.99)
                .register(registry).record(d.isNegative() ? Duration.ZERO : d);
    }

    private Counter counter(String name, String channel) {
        return registry.counter(name, "channel", channel.toLowerCase(Locale.ROOT));
    }
}
