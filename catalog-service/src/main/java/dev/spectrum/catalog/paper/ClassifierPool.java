package dev.spectrum.catalog.paper;

import dev.spectrum.catalog.classify.Classifier;
import dev.spectrum.catalog.classify.Decision;
import dev.spectrum.catalog.config.CatalogConfig;
import dev.spectrum.catalog.metrics.CatalogMetrics;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.concurrent.ForkJoinPool;

/** Classifies a batch of papers on all cores: the classifier is CPU-bound and thread-safe, the batch is the unit. */
@ApplicationScoped
public class ClassifierPool {

    private final Classifier classifier;
    private final CatalogMetrics metrics;
    private final ForkJoinPool pool;

    public ClassifierPool(Classifier classifier, CatalogMetrics metrics, CatalogConfig config) {
        this.classifier = classifier;
        this.metrics = metrics;
        int threads = config.classifierThreads() > 0 ? config.classifierThreads() : Runtime.getRuntime().availableProcessors();
        this.pool = new ForkJoinPool(threads);
    }

    /** Decisions in the order of the papers. */
    public List<Decision> classify(List<Paper> papers) {
        if (papers.isEmpty()) {
            return List.of();
        }
        List<Decision> decisions = papers.size() == 1
                ? List.of(classifier.classify(papers.get(0).title, papers.get(0).abstractText))
                : pool.submit(() -> papers.parallelStream()
                        .map(p -> classifier.classify(p.title, p.abstractText))
                        .toList()).join();
        metrics.classified(decisions.size());
        return decisions;
    }

    public String modelVersion() {
        return classifier.modelVersion();
    }

    /** Loads the model at startup rather than in the first batch. */
    void warmUp(@jakarta.enterprise.event.Observes io.quarkus.runtime.StartupEvent start) {
        classifier.modelVersion();
    }

    @PreDestroy
    void close() {
        pool.shutdown();
    }
}
