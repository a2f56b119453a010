package dev.spectrum.catalog.classify;

import io.quarkus.logging.Log;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** Makes the trained model shipped under {@code model/} the application's one {@link Classifier}, loaded once. */
@ApplicationScoped
public class ClassifierProducer {

    @Produces
    @ApplicationScoped
    Classifier classifier() {
        long start = System.nanoTime();
        SpectrumClassifier classifier = SpectrumClassifier.load();
        Log.infof("classifier %s loaded in %d ms", classifier.modelVersion(), (System.nanoTime() - start) / 1_000_000);
        return classifier;
    }
}
