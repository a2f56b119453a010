package dev.spectrum.ingest;

import dev.spectrum.localstack.test.KafkaTestResource;
import dev.spectrum.localstack.test.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;

/** Registers the real servers of local-stack, and the loopback stand-in for arXiv, once for all of this module's Quarkus tests. */
@QuarkusTestResource(value = KafkaTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = FakeArxivResource.class, restrictToAnnotatedClass = false)
public final class LocalStackResources {

    private LocalStackResources() {
    }
}
