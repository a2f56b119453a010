package dev.spectrum.catalog;

import dev.spectrum.localstack.test.KafkaTestResource;
import dev.spectrum.localstack.test.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;

/** Registers the real servers of local-stack once for all of this module's Quarkus tests. */
@QuarkusTestResource(value = KafkaTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
public final class LocalStackResources {

    private LocalStackResources() {
    }
}
