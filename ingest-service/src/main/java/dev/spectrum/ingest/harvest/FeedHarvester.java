package dev.spectrum.ingest.harvest;

import dev.spectrum.ingest.arxiv.ArxivPage;
import dev.spectrum.ingest.arxiv.ArxivXml;
import dev.spectrum.ingest.arxiv.FeedException;
import dev.spectrum.ingest.config.IngestConfig;
import dev.spectrum.ingest.http.PoliteClient;
import dev.spectrum.ingest.publish.CandidatePublisher;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import org.jboss.logging.Logger;

/**
 * Reads the daily rss.arxiv.org feed of all watched categories in one request (categories joined with {@code +}): new,
 * cross, replace and replace-cross items. An empty channel is a quiet day; an error channel or a truncated body is an error.
 */
@ApplicationScoped
public class FeedHarvester {

    private static final Logger LOG = Logger.getLogger(FeedHarvester.class);
    static final String SOURCE = "rss";

    private final PoliteClient client;
    private final CandidatePublisher publisher;
    private final SourceStates states;
    private final IngestConfig config;

    public FeedHarvester(PoliteClient client, CandidatePublisher publisher, SourceStates states, IngestConfig config) {
        this.client = client;
        this.publisher = publisher;
        this.states = states;
        this.config = config;
    }

    public long harvest() {
        String format = config.rss().format().equalsIgnoreCase("atom") ? "atom" : "rss";
        URI uri = URI.create(config.rss().url() + "/" + format + "/" + String.join("+", config.categories()));
        ArxivPage page = client.get(uri, response -> {
            if (response.status() != 200) {
                throw new FeedException("feed answered HTTP " + response.status(), false);
            }
            return ArxivXml.feed(response.body());
        });
        long published = 0;
        int batch = config.publish().batchSize();
        for (int i = 0; i < page.entries().size(); i += batch) {
            published += publisher.publish(page.entries().subList(i, Math.min(page.entries().size(), i + batch))).published();
        }
        states.advance(SOURCE, page.announced() == null ? states.cursor(SOURCE) : page.announced().toString(), 0);
        LOG.infof("feed %s: %d items for %s, %d new candidates", format, page.entries().size(), page.announced(), published);
        return published;
    }
}
