package dev.spectrum.ingest.arxiv;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The recorded arXiv responses of {@code shared/fixtures/arxiv}, located through the {@code spectrum.shared} property. */
public final class Fixtures {

    private Fixtures() {
    }

    public static Path shared() {
        String shared = System.getProperty("spectrum.shared");
        if (shared == null) {
            throw new IllegalStateException("system property spectrum.shared is not set (surefire sets it)");
        }
        return Path.of(shared);
    }

    public static Path dir() {
        return shared().resolve("fixtures/arxiv");
    }

    public static byte[] bytes(String name) {
        try {
            return Files.readAllBytes(dir().resolve(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
