package dev.spectrum.events.kafka;

import dev.spectrum.events.PaperCandidate;
import dev.spectrum.events.PaperEvents;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;

/** Kafka serializer and deserializer for {@link PaperCandidate}; reading validates against the schema. */
public final class PaperCandidateSerde {

    private PaperCandidateSerde() {
    }

    public static class Ser implements Serializer<PaperCandidate> {
        @Override
        public byte[] serialize(String topic, PaperCandidate data) {
            return data == null ? null : PaperEvents.write(data);
        }
    }

    public static class De implements Deserializer<PaperCandidate> {
        @Override
        public PaperCandidate deserialize(String topic, byte[] data) {
            return data == null ? null : PaperEvents.readCandidate(data);
        }
    }
}
