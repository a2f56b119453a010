package dev.spectrum.system;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs {@code ./spectrum} of this checkout as a separate process, on its own data directory and free ports. */
public final class Spectrum {

    public static final Path ROOT = Path.of(System.getProperty("spectrum.root",
            Path.of("").toAbsolutePath().getParent().toString()));

    private final Map<String, String> env = new LinkedHashMap<>();

    public Spectrum(Path data) {
        env.put("SPECTRUM_DATA", data.toString());
        for (String part : List.of("KAFKA", "KAFKA_CONTROLLER", "POSTGRESQL", "SMTP", "MAILBOX", "INGEST", "CATALOG", "NOTIFY")) {
            env.put("SPECTRUM_" + part + "_PORT", Integer.toString(dev.spectrum.localstack.Ports.free()));
        }
    }

    public Spectrum with(String key, String value) {
        env.put(key, value);
        return this;
    }

    public int port(String part) {
        return Integer.parseInt(env.get("SPECTRUM_" + part + "_PORT"));
    }

    /** The result of one command: exit code and what it printed (stdout and stderr). */
    public record Result(int exitCode, String stdout, String stderr) {
        public List<String> stderrLines() {
            return stderr.lines().filter(l -> !l.isBlank()).toList();
        }
    }

    public Result run(String... args) throws IOException, InterruptedException {
        return runFrom(ROOT, args);
    }

    /** As typed in another directory, where relative paths in the arguments start. */
    public Result runFrom(Path workingDirectory, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(ROOT.resolve("spectrum").toString());
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(workingDirectory.toFile());
        pb.environment().putAll(env);
        Path out = java.nio.file.Files.createTempFile("spectrum-out", ".txt");
        Path err = java.nio.file.Files.createTempFile("spectrum-err", ".txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process process = pb.start();
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new IllegalStateException("./spectrum " + String.join(" ", args) + " did not finish");
        }
        Result result = new Result(process.exitValue(), java.nio.file.Files.readString(out, StandardCharsets.UTF_8),
                java.nio.file.Files.readString(err, StandardCharsets.UTF_8));
        java.nio.file.Files.deleteIfExists(out);
        java.nio.file.Files.deleteIfExists(err);
        return result;
    }

    /** Process ids of every process whose command line names the path (e.g. the data directory). */
    public static List<Long> processesMentioning(Path path) {
        String needle = path.toString();
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains(needle)).orElse(false))
                .map(ProcessHandle::pid)
                .filter(pid -> pid != ProcessHandle.current().pid())
                .toList();
    }
}
