package dev.spectrum.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The JSON form of the events: one configured mapper, reading that checks each event against its JSON Schema, and
 * writing. Readers tolerate unknown fields, so a newer producer does not break an older consumer.
 */
public final class PaperEvents {

    public static final String CANDIDATE_SCHEMA = "/schemas/paper-candidate.schema.json";
    public static final String CLASSIFIED_SCHEMA = "/schemas/paper-classified.schema.json";

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE);

    private static final JsonSchema CANDIDATE = load(CANDIDATE_SCHEMA);
    private static final JsonSchema CLASSIFIED = load(CLASSIFIED_SCHEMA);

    private PaperEvents() {
    }

    /** The mapper every service uses for event JSON. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static byte[] write(Object event) {
        try {
            return MAPPER.writeValueAsBytes(event);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write event " + event.getClass().getSimpleName(), e);
        }
    }

    public static String writeString(Object event) {
        try {
            return MAPPER.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write event " + event.getClass().getSimpleName(), e);
        }
    }

    /** Reads and validates a candidate; throws {@link InvalidEventException} saying what is wrong. */
    public static PaperCandidate readCandidate(byte[] json) {
        return read(json, CANDIDATE, PaperCandidate.class);
    }

    /** Reads and validates a classification; throws {@link InvalidEventException} saying what is wrong. */
    public static PaperClassified readClassified(byte[] json) {
        return read(json, CLASSIFIED, PaperClassified.class);
    }

    /** Schema violations of a candidate's JSON, empty when it is valid. */
    public static Set<String> candidateViolations(String json) {
        return violations(parse(json.getBytes(java.nio.charset.StandardCharsets.UTF_8)), CANDIDATE);
    }

    /** Schema violations of a classification's JSON, empty when it is valid. */
    public static Set<String> classifiedViolations(String json) {
        return violations(parse(json.getBytes(java.nio.charset.StandardCharsets.UTF_8)), CLASSIFIED);
    }

    private static <T> T read(byte[] json, JsonSchema schema, Class<T> type) {
        if (json == null || json.length == 0) {
            throw new InvalidEventException("empty " + type.getSimpleName() + " event");
        }
        JsonNode node = parse(json);
        Set<String> problems = violations(node, schema);
        if (!problems.isEmpty()) {
            throw new InvalidEventException(type.getSimpleName() + " breaks its schema: " + String.join("; ", problems));
        }
        try {
            return MAPPER.treeToValue(node, type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new InvalidEventException("cannot read " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    private static JsonNode parse(byte[] json) {
        try {
            JsonNode node = MAPPER.readTree(json);
            if (node == null || !node.isObject()) {
                throw new InvalidEventException("event is not a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw new InvalidEventException("event is not valid JSON: " + e.getMessage().lines().findFirst().orElse(""), e);
        }
    }

    private static Set<String> violations(JsonNode node, JsonSchema schema) {
        return schema.validate(node).stream()
                .map(ValidationMessage::getMessage)
                .collect(Collectors.toCollection(java.util.TreeSet::new));
    }

    private static JsonSchema load(String resource) {
        try (InputStream in = PaperEvents.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing schema " + resource);
            }
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(MAPPER.readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
