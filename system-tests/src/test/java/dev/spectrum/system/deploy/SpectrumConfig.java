package dev.spectrum.system.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The configuration side of the drift check: the three services and the topic constants of the event contract. */
record SpectrumConfig(List<ServiceConfig> services, Map<String, String> contractTopics) {

    static final List<String> SERVICE_DIRS = List.of("ingest-service", "catalog-service", "notify-service");
    static final String TOPICS_SOURCE = "paper-events/src/main/java/dev/spectrum/events/Topics.java";
    static final String KUSTOMIZE_DIR = "deploy/kubernetes";

    private static final Pattern CONSTANT = Pattern.compile(
            "static\\s+final\\s+String\\s+(\\w+)\\s*=\\s*(\"#\\d+\")\\s*;");

    /** Reads everything from the repository at {@code root}. */
    static SpectrumConfig read(Path root) {
        JavaSource topics = JavaSource.parse(ServiceConfig.read(root.resolve(TOPICS_SOURCE)));
        Map<String, String> constants = new LinkedHashMap<>();
        Matcher m = CONSTANT.matcher(topics.code);
        while (m.find()) {
            constants.put(m.group(1), topics.string(m.group(2)));
        }
        List<ServiceConfig> services = SERVICE_DIRS.stream()
                .map(dir -> ServiceConfig.read(root, dir, constants))
                .toList();
        return new SpectrumConfig(services, constants);
    }

    /** The repository this test runs in: {@code spectrum.root} under failsafe, else the module's parent directory. */
    static Path repositoryRoot() {
        String property = System.getProperty("spectrum.root");
        Path root = property != null ? Path.of(property) : Path.of("").toAbsolutePath().getParent();
        if (!Files.isDirectory(root.resolve(KUSTOMIZE_DIR))) {
            throw new IllegalStateException("no " + KUSTOMIZE_DIR + " under " + root
                    + ": run from the system-tests module or set -Dspectrum.root");
        }
        return root.toAbsolutePath().normalize();
    }

    /**
     * Copies exactly what {@link #read} and the kustomize build read into {@code target}, so that a test can change
     * one side of a copy and check what the checker says about it.
     */
    static void copyInputs(Path root, Path target) {
        copyTree(root.resolve(KUSTOMIZE_DIR), target.resolve(KUSTOMIZE_DIR));
        copyFile(root.resolve(TOPICS_SOURCE), target.resolve(TOPICS_SOURCE));
        for (String dir : SERVICE_DIRS) {
            copyFile(root.resolve(dir).resolve("pom.xml"), target.resolve(dir).resolve("pom.xml"));
            String properties = "src/main/resources/application.properties";
            copyFile(root.resolve(dir).resolve(properties), target.resolve(dir).resolve(properties));
            copyTree(root.resolve(dir).resolve("src/main/java"), target.resolve(dir).resolve("src/main/java"));
        }
    }

    private static void copyTree(Path from, Path to) {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                copyFile(file, to.resolve(from.relativize(file).toString()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void copyFile(Path from, Path to) {
        try {
            Files.createDirectories(to.getParent());
            Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
