package dev.spectrum.ingest.publish;

import dev.spectrum.events.kafka.PaperCandidateSerde;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The producer settings that make "acknowledged" mean "stored": acks from all replicas, idempotence (no duplicates from
 * retries), records keyed by arXiv id. They override whatever the {@code kafka.*} block says about these keys.
 */
public final class ProducerSettings {

    private ProducerSettings() {
    }

    public static Map<String, Object> of(Map<String, Object> base) {
        Map<String, Object> p = new HashMap<>();
        base.forEach((k, v) -> {
            if (ProducerConfig.configNames().contains(k) || k.startsWith("sasl.") || k.startsWith("ssl.") || k.equals("security.protocol")) {
                p.put(k, v);
            }
        });
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        p.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, 5);
        p.putIfAbsent(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        p.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "ingest-service");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, PaperCandidateSerde.Ser.class.getName());
        return p;
    }
}
