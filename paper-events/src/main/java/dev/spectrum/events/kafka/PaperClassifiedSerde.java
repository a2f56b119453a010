package dev.spectrum.events.kafka;

import dev.spectrum.events.PaperClassified;
import dev.spectrum.events.PaperEvents;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;

/** Kafka serializer and deserializer for {@link PaperClassified}; reading validates against the schema. */
public final class PaperClassifiedSerde {

    private PaperClassifiedSerde() {
    }

    public static class Ser implements Serializer<PaperClassified> {
        @Override
        public byte[] serialize(String topic, PaperClassified data) {
            return data == null ? null : PaperEvents.write(data);
        }
    }

    public static class De implements Deserializer<PaperClassified> {
        @Override
        public PaperClassified deserialize(String topic, byte[] data) {
            return data == null ? null : PaperEvents.readClassified(data);
        }
    }
}
