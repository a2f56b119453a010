package dev.spectrum.ingest;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** Points the service's three arXiv endpoints at the {@link FakeArxiv} loopback server. */
public class FakeArxivResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        String base = FakeArxiv.get().baseUrl();
        return Map.of(
                "spectrum.ingest.api.url", base + "/api/query",
                "spectrum.ingest.rss.url", base,
                "spectrum.ingest.oai.url", base + "/oai");
    }

    @Override
    public void stop() {
        // the server is a daemon shared by the module's tests
    }
}
