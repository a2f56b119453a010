package dev.spectrum.system.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Compares what kustomize renders for an overlay with what the services' own configuration requires, and lists every
 * difference as one readable line: ports and probes, environment, Kafka topics and partitions, pinned images, and the
 * invariants the design depends on (the ingest singleton, the container hardening, Kafka and the databases the
 * environment points at).
 */
final class DeploymentChecker {

    /** Services that must run as exactly one pod: ingest harvests arXiv one request at a time. */
    static final Set<String> SINGLETONS = Set.of("ingest-service");
    private static final Set<String> WORKLOADS = Set.of("Deployment", "StatefulSet", "DaemonSet", "Job");
    private static final YAMLMapper YAML = new YAMLMapper();

    private final SpectrumConfig config;

    DeploymentChecker(SpectrumConfig config) {
        this.config = config;
    }

    /** Renders the kustomization in {@code dir} and checks it. */
    List<String> check(Path dir) {
        return check(render(dir));
    }

    /** Checks rendered manifests; an empty list means no drift. */
    List<String> check(List<JsonNode> docs) {
        List<String> problems = new ArrayList<>();
        for (ServiceConfig service : config.services()) {
            List<JsonNode> deployments = named(docs, "Deployment", service.name());
            if (deployments.size() != 1) {
                problems.add(service.name() + ": expected one Deployment named " + service.name() + ", found "
                        + deployments.size());
                continue;
            }
            JsonNode deployment = deployments.get(0);
            JsonNode container = container(deployment, service.name());
            checkPorts(service, deployment, container, docs, problems);
            checkProbePaths(service, container, problems);
            Map<String, String> environment = checkEnvironment(service, container, docs, problems);
            checkInfrastructure(service, deployment, environment, docs, problems);
            checkHardening(service, deployment, container, problems);
            checkScaling(service, deployment, docs, problems);
        }
        checkTopics(docs, problems);
        checkImages(docs, problems);
        return problems;
    }

    private void checkPorts(ServiceConfig service, JsonNode deployment, JsonNode container, List<JsonNode> docs,
            List<String> problems) {
        Map<String, Integer> ports = new LinkedHashMap<>();
        container.path("ports").forEach(p -> ports.put(p.path("name").asText("#" + ports.size()),
                p.path("containerPort").asInt()));
        int http = service.httpPort();
        int health = service.managementPort() != null ? service.managementPort() : http;
        List<String> drift = new ArrayList<>();
        if (!ports.containsValue(http)) {
            drift.add("the container declares ports " + ports);
        }
        if (health != http && !ports.containsValue(health)) {
            drift.add("the container does not declare the management port " + health);
        }
        for (String probe : service.healthPaths().keySet()) {
            JsonNode port = container.path(probe).path("httpGet").path("port");
            if (!port.isMissingNode() && !Integer.valueOf(health).equals(resolvePort(port, ports))) {
                drift.add(probe + " calls port " + port.asText() + " (" + resolvePort(port, ports) + ")");
            }
        }
        JsonNode scrapePort = deployment.path("spec").path("template").path("metadata").path("annotations")
                .path("prometheus.io/port");
        if (!scrapePort.isMissingNode() && !scrapePort.asText().equals(String.valueOf(health))) {
            drift.add("Prometheus is told to scrape port " + scrapePort.asText());
        }
        JsonNode podLabels = deployment.path("spec").path("template").path("metadata").path("labels");
        List<JsonNode> services = docs.stream()
                .filter(d -> d.path("kind").asText().equals("Service"))
                .filter(d -> selects(d.path("spec").path("selector"), podLabels))
                .toList();
        if (services.isEmpty()) {
            drift.add("no Service selects its pods");
        }
        for (JsonNode svc : services) {
            List<Integer> targets = new ArrayList<>();
            svc.path("spec").path("ports").forEach(p -> targets.add(resolvePort(
                    p.has("targetPort") ? p.get("targetPort") : p.path("port"), ports)));
            if (!targets.contains(http)) {
                drift.add("Service " + name(svc) + " forwards to " + targets);
            }
        }
        if (!drift.isEmpty()) {
            problems.add(service.name() + ": port drift, quarkus.http.port is " + http + " but "
                    + String.join("; ", drift));
        }
    }

    private void checkProbePaths(ServiceConfig service, JsonNode container, List<String> problems) {
        List<String> drift = new ArrayList<>();
        service.healthPaths().forEach((probe, expected) -> {
            JsonNode httpGet = container.path(probe).path("httpGet");
            if (httpGet.isMissingNode()) {
                drift.add("no HTTP " + probe + " (expected " + expected + ")");
            } else if (!expected.equals(httpGet.path("path").asText())) {
                drift.add(probe + " calls " + httpGet.path("path").asText() + ", SmallRye Health serves " + expected);
            }
        });
        if (!drift.isEmpty()) {
            problems.add(service.name() + ": probe drift, " + String.join("; ", drift));
        }
    }

    /** Checks the container's environment; returns the literal values it can see (ConfigMaps, env values). */
    private Map<String, String> checkEnvironment(ServiceConfig service, JsonNode container, List<JsonNode> docs,
            List<String> problems) {
        Map<String, String> set = new LinkedHashMap<>();
        Map<String, String> values = new LinkedHashMap<>();
        for (JsonNode from : container.path("envFrom")) {
            String prefix = from.path("prefix").asText("");
            for (String kind : List.of("ConfigMap", "Secret")) {
                JsonNode ref = from.path(kind.equals("ConfigMap") ? "configMapRef" : "secretRef");
                if (ref.isMissingNode()) {
                    continue;
                }
                Optional<JsonNode> source = named(docs, kind, ref.path("name").asText()).stream().findFirst();
                if (source.isEmpty()) {
                    problems.add(service.name() + ": envFrom " + kind + " " + ref.path("name").asText()
                            + " is not part of the overlay, so its variables cannot be checked; name its keys in env");
                    continue;
                }
                List<String> keys = new ArrayList<>();
                source.get().path("data").fieldNames().forEachRemaining(keys::add);
                source.get().path("stringData").fieldNames().forEachRemaining(keys::add);
                keys.forEach(k -> set.put(prefix + k, kind + " " + ref.path("name").asText()));
                if (kind.equals("ConfigMap")) {
                    source.get().path("data").fields().forEachRemaining(
                            e -> values.put(prefix + e.getKey(), e.getValue().asText()));
                }
            }
        }
        for (JsonNode env : container.path("env")) {
            String variable = env.path("name").asText();
            set.put(variable, "env");
            if (env.has("value")) {
                values.put(variable, env.path("value").asText());
            }
            for (String kind : List.of("ConfigMap", "Secret")) {
                String field = kind.equals("ConfigMap") ? "configMapKeyRef" : "secretKeyRef";
                JsonNode ref = env.path("valueFrom").path(field);
                if (ref.isMissingNode() || ref.path("optional").asBoolean(false)) {
                    continue;
                }
                // A Secret the overlay does not render is created in the cluster (CloudNativePG, the operator).
                named(docs, kind, ref.path("name").asText()).stream().findFirst().ifPresent(source -> {
                    String key = ref.path("key").asText();
                    if (!source.path("data").has(key) && !source.path("stringData").has(key)) {
                        problems.add(service.name() + ": " + variable + " reads key " + key + " of " + kind + " "
                                + ref.path("name").asText() + ", which has no such key");
                    }
                });
            }
        }
        service.requiredEnv().forEach((variable, why) -> {
            if (!set.containsKey(variable)) {
                problems.add(service.name() + ": environment variable " + variable
                        + " is not set, but production needs it: " + why);
            }
        });
        for (String variable : set.keySet()) {
            if (variable.startsWith("SPECTRUM_") && !service.knownEnv().contains(variable)
                    && service.knownEnvPrefixes().stream().noneMatch(variable::startsWith)) {
                problems.add(service.name() + ": environment variable " + variable + " (" + set.get(variable)
                        + ") maps to no key of the service's configuration (application.properties, @ConfigMapping)");
            }
        }
        return values;
    }

    /**
     * The Kafka cluster and the database the environment points at exist in the overlay: the bootstrap address is a
     * listener of a rendered {@code Kafka} that admits the service's pods, and the JDBC URL names a rendered Service
     * or CloudNativePG cluster and a database that the overlay creates.
     */
    private void checkInfrastructure(ServiceConfig service, JsonNode deployment, Map<String, String> environment,
            List<JsonNode> docs, List<String> problems) {
        JsonNode podLabels = deployment.path("spec").path("template").path("metadata").path("labels");
        String bootstrap = environment.get("KAFKA_BOOTSTRAP_SERVERS");
        for (String address : bootstrap == null ? new String[0] : bootstrap.split("\\s*,\\s*")) {
            checkKafkaAddress(service, address, podLabels, docs, problems);
        }
        String url = environment.get("QUARKUS_DATASOURCE_JDBC_URL");
        if (url != null) {
            checkDatabase(service, url, docs, problems);
        }
    }

    private static void checkKafkaAddress(ServiceConfig service, String address, JsonNode podLabels,
            List<JsonNode> docs, List<String> problems) {
        Matcher m = Pattern.compile("([^.:]+)(?:\\.[^:]*)?:(\\d+)").matcher(address);
        String bootstrapSuffix = "-kafka-bootstrap";
        Optional<JsonNode> listener = m.matches() && m.group(1).endsWith(bootstrapSuffix)
                ? named(docs, "Kafka", m.group(1).substring(0, m.group(1).length() - bootstrapSuffix.length()))
                        .stream()
                        .flatMap(kafka -> elements(kafka.at("/spec/kafka/listeners")))
                        .filter(l -> l.path("port").asText().equals(m.group(2)))
                        .findFirst()
                : Optional.empty();
        if (listener.isEmpty()) {
            problems.add(service.name() + ": KAFKA_BOOTSTRAP_SERVERS " + address
                    + " is no listener of a Kafka cluster in the overlay");
        } else if (listener.get().has("networkPolicyPeers") && elements(listener.get().path("networkPolicyPeers"))
                .noneMatch(peer -> !peer.has("namespaceSelector")
                        && selects(peer.path("podSelector").path("matchLabels"), podLabels))) {
            problems.add(service.name() + ": the Kafka listener " + address
                    + " does not admit its pods (networkPolicyPeers)");
        }
    }

    private static void checkDatabase(ServiceConfig service, String url, List<JsonNode> docs, List<String> problems) {
        Matcher jdbc = Pattern.compile("jdbc:postgresql://([^/:.?]+)[^/?]*/([^?]+).*").matcher(url);
        if (!jdbc.matches()) {
            problems.add(service.name() + ": QUARKUS_DATASOURCE_JDBC_URL " + url + " is not a PostgreSQL JDBC URL");
            return;
        }
        String host = jdbc.group(1);
        String database = jdbc.group(2);
        Optional<JsonNode> cnpg = docs.stream()
                .filter(d -> d.path("kind").asText().equals("Cluster") && host.equals(name(d) + "-rw"))
                .findFirst();
        boolean created;
        if (cnpg.isPresent()) {
            String cluster = name(cnpg.get());
            created = database.equals(cnpg.get().at("/spec/bootstrap/initdb/database").asText())
                    || docs.stream().anyMatch(d -> d.path("kind").asText().equals("Database")
                            && d.at("/spec/cluster/name").asText().equals(cluster)
                            && d.at("/spec/name").asText().equals(database));
        } else if (!named(docs, "Service", host).isEmpty()) {
            Pattern create = Pattern.compile("(?i)CREATE\\s+DATABASE\\s+\"?" + Pattern.quote(database) + "\"?[\\s;]");
            created = docs.stream()
                    .filter(d -> d.path("kind").asText().equals("ConfigMap"))
                    .flatMap(d -> elements(d.path("data")))
                    .anyMatch(script -> create.matcher(script.asText()).find());
        } else {
            problems.add(service.name() + ": QUARKUS_DATASOURCE_JDBC_URL names host " + host
                    + ", neither a Service nor the -rw Service of a CloudNativePG cluster in the overlay");
            return;
        }
        if (!created) {
            problems.add(service.name() + ": database " + database + " of QUARKUS_DATASOURCE_JDBC_URL is created "
                    + "nowhere in the overlay (CloudNativePG bootstrap or Database resource, or an init script)");
        }
    }

    private void checkHardening(ServiceConfig service, JsonNode deployment, JsonNode container,
            List<String> problems) {
        JsonNode pod = deployment.path("spec").path("template").path("spec").path("securityContext");
        JsonNode own = container.path("securityContext");
        List<String> missing = new ArrayList<>();
        if (!pod.path("runAsNonRoot").asBoolean(false) && !own.path("runAsNonRoot").asBoolean(false)) {
            missing.add("runAsNonRoot");
        }
        if (!own.path("readOnlyRootFilesystem").asBoolean(false)) {
            missing.add("readOnlyRootFilesystem");
        }
        if (own.path("allowPrivilegeEscalation").asBoolean(true)) {
            missing.add("allowPrivilegeEscalation: false");
        }
        if (!own.path("capabilities").path("drop").toString().contains("\"ALL\"")) {
            missing.add("capabilities drop ALL");
        }
        for (String path : List.of("requests/cpu", "requests/memory", "limits/memory")) {
            if (container.path("resources").at("/" + path).isMissingNode()) {
                missing.add("resources " + path);
            }
        }
        if (!missing.isEmpty()) {
            problems.add(service.name() + ": container lacks " + String.join(", ", missing));
        }
    }

    private void checkScaling(ServiceConfig service, JsonNode deployment, List<JsonNode> docs,
            List<String> problems) {
        List<JsonNode> autoscalers = docs.stream()
                .filter(d -> d.path("kind").asText().equals("HorizontalPodAutoscaler"))
                .filter(d -> d.path("spec").path("scaleTargetRef").path("name").asText().equals(service.name()))
                .toList();
        if (SINGLETONS.contains(service.name())) {
            JsonNode spec = deployment.path("spec");
            if (spec.path("replicas").asInt(1) != 1 || !spec.path("strategy").path("type").asText().equals("Recreate")
                    || !autoscalers.isEmpty()) {
                problems.add(service.name()
                        + ": must run as a singleton (replicas 1, strategy Recreate, no autoscaler)");
            }
        }
        for (JsonNode hpa : autoscalers) {
            int max = hpa.path("spec").path("maxReplicas").asInt();
            service.consumedTopics().forEach((topic, perPod) -> kafkaTopic(docs, topic).ifPresent(t -> {
                int partitions = t.path("spec").path("partitions").asInt();
                if ((long) max * perPod > partitions) {
                    problems.add(service.name() + ": HorizontalPodAutoscaler " + name(hpa) + " allows " + max
                            + " replicas of " + perPod + " consumer(s) each but " + topic + " has " + partitions
                            + " partitions: the consumers beyond them would sit idle");
                }
            }));
        }
    }

    private void checkTopics(List<JsonNode> docs, List<String> problems) {
        Map<String, String> used = new LinkedHashMap<>();
        config.contractTopics().forEach((constant, topic) -> used.put(topic, "Topics." + constant));
        for (ServiceConfig service : config.services()) {
            service.topics().forEach((topic, where) -> used.merge(topic, service.name() + " " + where,
                    (a, b) -> a + ", " + b));
        }
        used.forEach((topic, where) -> {
            if (kafkaTopic(docs, topic).isEmpty()) {
                problems.add("topic " + topic + " (" + where + ") has no KafkaTopic");
            }
        });
        for (JsonNode topic : docs) {
            if (topic.path("kind").asText().equals("KafkaTopic")) {
                String cluster = topic.path("metadata").path("labels").path("strimzi.io/cluster").asText();
                if (named(docs, "Kafka", cluster).isEmpty()) {
                    problems.add("KafkaTopic " + name(topic) + " names Kafka cluster '" + cluster
                            + "', which the overlay does not define");
                }
            }
        }
    }

    private void checkImages(List<JsonNode> docs, List<String> problems) {
        for (JsonNode doc : docs) {
            String kind = doc.path("kind").asText();
            if (WORKLOADS.contains(kind)) {
                JsonNode pod = doc.path("spec").path("template").path("spec");
                for (String list : List.of("initContainers", "containers")) {
                    for (JsonNode c : pod.path(list)) {
                        checkImage(kind + "/" + name(doc) + " container " + c.path("name").asText(),
                                c.path("image").asText(), problems);
                    }
                }
            } else if (kind.equals("Cluster") && doc.path("spec").has("imageName")) {
                checkImage("Cluster/" + name(doc), doc.path("spec").path("imageName").asText(), problems);
            }
        }
    }

    private static void checkImage(String where, String image, List<String> problems) {
        String last = image.substring(image.lastIndexOf('/') + 1);
        boolean digest = image.contains("@sha256:");
        String tag = last.contains(":") ? last.substring(last.indexOf(':') + 1) : "";
        if (!digest && (tag.isEmpty() || tag.equals("latest"))) {
            problems.add(where + ": image '" + image + "' is not pinned to a version tag or digest");
        }
    }

    private static Optional<JsonNode> kafkaTopic(List<JsonNode> docs, String topic) {
        return docs.stream()
                .filter(d -> d.path("kind").asText().equals("KafkaTopic"))
                .filter(d -> d.path("spec").path("topicName").asText(name(d)).equals(topic))
                .findFirst();
    }

    private static Stream<JsonNode> elements(JsonNode node) {
        return StreamSupport.stream(node.spliterator(), false);
    }

    private static JsonNode container(JsonNode deployment, String name) {
        JsonNode containers = deployment.path("spec").path("template").path("spec").path("containers");
        for (JsonNode c : containers) {
            if (c.path("name").asText().equals(name)) {
                return c;
            }
        }
        return containers.path(0);
    }

    private static Integer resolvePort(JsonNode port, Map<String, Integer> ports) {
        return port.isInt() ? Integer.valueOf(port.asInt()) : ports.get(port.asText());
    }

    private static boolean selects(JsonNode selector, JsonNode labels) {
        if (!selector.isObject() || selector.isEmpty()) {
            return false;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = selector.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().asText().equals(labels.path(e.getKey()).asText(null))) {
                return false;
            }
        }
        return true;
    }

    /** Resources of a kind and name; generated names carry their hash in the resource and its references alike. */
    private static List<JsonNode> named(List<JsonNode> docs, String kind, String name) {
        return docs.stream()
                .filter(d -> d.path("kind").asText().equals(kind))
                .filter(d -> name(d).equals(name))
                .toList();
    }

    private static String name(JsonNode doc) {
        return doc.path("metadata").path("name").asText();
    }

    /** Runs {@code kubectl kustomize dir} and parses the documents it prints. */
    static List<JsonNode> render(Path dir) {
        Path kubectl = kubectl();
        try {
            Process process = new ProcessBuilder(kubectl.toString(), "kustomize", dir.toString()).start();
            CompletableFuture<String> stderr = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
            String stdout = readAll(process.getInputStream());
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("kubectl kustomize " + dir + " did not finish within 120 s");
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("kubectl kustomize " + dir + " failed (exit " + process.exitValue()
                        + "): " + stderr.join().strip());
            }
            return parse(stdout);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + kubectl, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Parses a multi-document YAML stream, skipping empty documents. */
    static List<JsonNode> parse(String yaml) {
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(yaml)) {
            List<JsonNode> docs = new ArrayList<>();
            while (it.hasNext()) {
                JsonNode doc = it.next();
                if (doc != null && doc.isObject()) {
                    docs.add(doc);
                }
            }
            return docs;
        } catch (IOException e) {
            throw new UncheckedIOException("kustomize printed YAML that does not parse", e);
        }
    }

    /** The kubectl binary: $KUBECTL, else the first kubectl on PATH. Missing is a failure, never a skip. */
    static Path kubectl() {
        String configured = System.getenv("KUBECTL");
        if (configured != null && Files.isExecutable(Path.of(configured))) {
            return Path.of(configured);
        }
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
        return Stream.of(path.split(File.pathSeparator))
                .filter(s -> !s.isEmpty())
                .map(s -> Path.of(s, "kubectl"))
                .filter(Files::isExecutable)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("kubectl not found (KUBECTL is unset and no kubectl on "
                        + "PATH=" + path + "): the deployment check renders the overlays with `kubectl kustomize` "
                        + "and needs kubectl 1.27 or later (kustomize 5); install it, CI included"));
    }

    private static String readAll(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
