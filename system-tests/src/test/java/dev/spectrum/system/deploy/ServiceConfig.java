package dev.spectrum.system.deploy;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What one service's own files say its deployment must provide, read from the repository: the HTTP port and health
 * paths (application.properties), the environment production needs (keys without a value, placeholders without a
 * default, required {@code @ConfigMapping} keys), the {@code SPECTRUM_*} variables it understands, and the Kafka topics
 * it reads and writes (channels of application.properties and of the code, dead-letter topics included), and how many
 * consumers one instance runs on each topic it reads (a channel's {@code concurrency}, 1 by default).
 */
record ServiceConfig(
        String name,
        int httpPort,
        Integer managementPort,
        Map<String, String> healthPaths,
        Map<String, String> requiredEnv,
        Set<String> knownEnv,
        Set<String> knownEnvPrefixes,
        Map<String, String> topics,
        Map<String, Integer> consumedTopics) {

    /** Keys every service needs in production when it uses the extension, whatever application.properties says. */
    private static final List<String> DATASOURCE_KEYS =
            List.of("quarkus.datasource.jdbc.url", "quarkus.datasource.username", "quarkus.datasource.password");
    private static final String KAFKA_KEY = "kafka.bootstrap.servers";
    private static final String MAILER_KEY = "quarkus.mailer.host";

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^${}:]+)}");
    private static final Pattern CHANNEL_ANNOTATION = Pattern.compile(
            "@(Incoming|Outgoing|Channel)\\s*\\(\\s*(?:value\\s*=\\s*)?(\"#\\d+\"|[\\w.]+)\\s*\\)");
    private static final Pattern STRING_CONSTANT = Pattern.compile("\\bString\\s+(\\w+)\\s*=\\s*(\"#\\d+\")\\s*;");

    /** Reads the service in {@code root/dir}; {@code contractTopics} are the {@code Topics} constants by name. */
    static ServiceConfig read(Path root, String dir, Map<String, String> contractTopics) {
        Path module = root.resolve(dir);
        Properties raw = load(module.resolve("src/main/resources/application.properties"));
        Map<String, String> prod = new TreeMap<>();
        Set<String> allKeys = new LinkedHashSet<>();
        for (String key : raw.stringPropertyNames()) {
            String value = raw.getProperty(key);
            if (!key.startsWith("%")) {
                prod.putIfAbsent(key, value);
                allKeys.add(key);
            } else if (key.indexOf('.') > 0) {
                String profiles = key.substring(1, key.indexOf('.'));
                String bare = key.substring(key.indexOf('.') + 1);
                allKeys.add(bare);
                if (Set.of(profiles.split(",")).contains("prod")) {
                    prod.put(bare, value);
                }
            }
        }
        List<JavaSource> sources = javaSources(module.resolve("src/main/java"));
        String pom = read(module.resolve("pom.xml"));

        String name = prod.getOrDefault("quarkus.application.name", dir);
        int httpPort = Integer.parseInt(resolve(prod.getOrDefault("quarkus.http.port", "8080"), prod));
        Integer managementPort = Boolean.parseBoolean(prod.getOrDefault("quarkus.management.enabled", "false"))
                ? Integer.valueOf(resolve(prod.getOrDefault("quarkus.management.port", "9000"), prod))
                : null;

        List<ConfigMappingKeys.Key> mappingKeys = ConfigMappingKeys.read(sources);
        Set<String> knownEnv = new LinkedHashSet<>();
        Set<String> knownEnvPrefixes = new LinkedHashSet<>();
        allKeys.forEach(k -> knownEnv.add(env(k)));
        for (ConfigMappingKeys.Key key : mappingKeys) {
            (key.prefix() ? knownEnvPrefixes : knownEnv).add(key.prefix() ? env(key.name()) + "_" : env(key.name()));
        }

        Map<String, String> required = new TreeMap<>();
        List<String> needed = new ArrayList<>();
        if (prod.containsKey("quarkus.datasource.db-kind") || pom.contains("<artifactId>quarkus-jdbc-")) {
            needed.addAll(DATASOURCE_KEYS);
        }
        if (pom.contains("<artifactId>quarkus-messaging-kafka</artifactId>")) {
            needed.add(KAFKA_KEY);
        }
        if (pom.contains("<artifactId>quarkus-mailer</artifactId>")) {
            needed.add(MAILER_KEY);
        }
        for (String key : needed) {
            if (!prod.containsKey(key)) {
                required.put(env(key), key + " has no value in application.properties");
            }
        }
        for (ConfigMappingKeys.Key key : mappingKeys) {
            if (key.required() && !prod.containsKey(key.name())) {
                required.put(env(key.name()), key.name() + " (" + key.declaredIn() + ") has no default");
            }
        }
        prod.forEach((key, value) -> {
            Matcher m = PLACEHOLDER.matcher(value);
            while (m.find()) {
                if (!prod.containsKey(m.group(1))) {
                    required.put(env(m.group(1)), key + "=" + value + " has no default for ${" + m.group(1) + "}");
                }
            }
        });

        Map<String, String> topics = new TreeMap<>();
        Map<String, Integer> consumed = new TreeMap<>();
        Set<String> declaredChannels = channelsFromProperties(prod, topics, consumed);
        channelsFromCode(sources, contractTopics, declaredChannels, topics, consumed);

        return new ServiceConfig(name, httpPort, managementPort, healthPaths(prod), required, knownEnv,
                knownEnvPrefixes, topics, consumed);
    }

    /** The environment variable SmallRye Config maps onto a key: non-alphanumerics to '_', upper case. */
    static String env(String key) {
        return key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(java.util.Locale.ROOT);
    }

    /** The SmallRye Health paths the probes must call, by probe: startupProbe, readinessProbe, livenessProbe. */
    private static Map<String, String> healthPaths(Map<String, String> prod) {
        String base;
        if (Boolean.parseBoolean(prod.getOrDefault("quarkus.management.enabled", "false"))) {
            base = absolute("/", prod.getOrDefault("quarkus.management.root-path", "q"));
        } else {
            String root = absolute("/", prod.getOrDefault("quarkus.http.root-path", "/"));
            base = absolute(root, prod.getOrDefault("quarkus.http.non-application-root-path", "q"));
        }
        String health = absolute(base, prod.getOrDefault("quarkus.smallrye-health.root-path", "health"));
        String key = "quarkus.smallrye-health.";
        Map<String, String> paths = new LinkedHashMap<>();
        paths.put("startupProbe", absolute(health, prod.getOrDefault(key + "startup-path", "started")));
        paths.put("readinessProbe", absolute(health, prod.getOrDefault(key + "readiness-path", "ready")));
        paths.put("livenessProbe", absolute(health, prod.getOrDefault(key + "liveness-path", "live")));
        return paths;
    }

    private static String absolute(String parent, String path) {
        if (path.startsWith("/")) {
            return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        }
        return (parent.endsWith("/") ? parent : parent + "/") + path;
    }

    /** Kafka channels of the {@code mp.messaging} block; returns the names of all channels declared there. */
    private static Set<String> channelsFromProperties(Map<String, String> prod, Map<String, String> topics,
            Map<String, Integer> consumed) {
        Map<String, Map<String, String>> channels = new TreeMap<>();
        for (Map.Entry<String, String> e : prod.entrySet()) {
            for (String direction : List.of("incoming", "outgoing")) {
                String prefix = "mp.messaging." + direction + ".";
                if (e.getKey().startsWith(prefix)) {
                    String rest = e.getKey().substring(prefix.length());
                    String channel;
                    if (rest.startsWith("\"")) {
                        channel = rest.substring(1, rest.indexOf('"', 1));
                        rest = rest.substring(channel.length() + 3);
                    } else if (rest.contains(".")) {
                        channel = rest.substring(0, rest.indexOf('.'));
                        rest = rest.substring(channel.length() + 1);
                    } else {
                        continue;
                    }
                    channels.computeIfAbsent(direction + " " + channel, c -> new TreeMap<>())
                            .put(rest, resolve(e.getValue(), prod));
                }
            }
        }
        Set<String> names = new LinkedHashSet<>();
        channels.forEach((id, attributes) -> {
            String direction = id.substring(0, id.indexOf(' '));
            String channel = id.substring(id.indexOf(' ') + 1);
            names.add(channel);
            String connector = attributes.getOrDefault("connector", "smallrye-kafka");
            if (!connector.equals("smallrye-kafka") || Boolean.parseBoolean(attributes.get("pattern"))) {
                return;
            }
            String where = "mp.messaging." + direction + "." + channel;
            List<String> channelTopics = attributes.containsKey("topics")
                    ? List.of(attributes.get("topics").split("\\s*,\\s*"))
                    : List.of(attributes.getOrDefault("topic", channel));
            for (String topic : channelTopics) {
                topics.putIfAbsent(topic, where);
                if (direction.equals("incoming")) {
                    consumed.merge(topic, Integer.parseInt(attributes.getOrDefault("concurrency", "1")), Integer::sum);
                }
                if ("dead-letter-queue".equals(attributes.get("failure-strategy"))) {
                    topics.putIfAbsent(attributes.getOrDefault("dead-letter-queue.topic", "dead-letter-topic-" + topic),
                            where + ".dead-letter-queue");
                }
            }
        });
        return names;
    }

    /**
     * Channels named in {@code @Incoming}, {@code @Outgoing} and {@code @Channel} but not declared in the properties:
     * Quarkus connects them to Kafka topics of the same name, unless the application both produces and consumes them.
     */
    private static void channelsFromCode(List<JavaSource> sources, Map<String, String> contractTopics,
            Set<String> declared, Map<String, String> topics, Map<String, Integer> consumed) {
        Map<String, String> constants = new LinkedHashMap<>();
        contractTopics.forEach((constant, value) -> {
            constants.put("Topics." + constant, value);
            constants.put(constant, value);
        });
        for (JavaSource source : sources) {
            Matcher m = STRING_CONSTANT.matcher(source.code);
            while (m.find()) {
                constants.putIfAbsent(m.group(1), source.string(m.group(2)));
            }
        }
        Map<String, Set<String>> uses = new TreeMap<>();
        for (JavaSource source : sources) {
            Matcher m = CHANNEL_ANNOTATION.matcher(source.code);
            while (m.find()) {
                String ref = m.group(2);
                String channel = ref.startsWith("\"") ? source.string(ref)
                        : constants.getOrDefault(ref, constants.get(ref.substring(ref.lastIndexOf('.') + 1)));
                if (channel != null) {
                    uses.computeIfAbsent(channel, c -> new LinkedHashSet<>()).add(m.group(1));
                }
            }
        }
        uses.forEach((channel, kinds) -> {
            boolean internal = kinds.contains("Incoming") && (kinds.contains("Outgoing") || kinds.contains("Channel"));
            if (declared.contains(channel) || internal) {
                return;
            }
            topics.putIfAbsent(channel, "@" + String.join("/@", kinds) + "(\"" + channel + "\")");
            if (kinds.contains("Incoming")) {
                consumed.merge(channel, 1, Integer::sum);
            }
        });
    }

    /** Expands {@code ${key:default}} from the other properties or the default; unknown ones stay as they are. */
    private static String resolve(String value, Map<String, String> props) {
        Matcher m = Pattern.compile("\\$\\{([^${}:]+)(?::([^${}]*))?}").matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String replacement = props.containsKey(m.group(1)) ? props.get(m.group(1))
                    : m.group(2) != null ? m.group(2) : m.group();
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    static List<JavaSource> javaSources(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> p.toString().endsWith(".java")).sorted()
                    .map(p -> JavaSource.parse(read(p))).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Properties load(Path file) {
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(read(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
