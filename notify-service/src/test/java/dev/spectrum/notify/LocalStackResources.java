package dev.spectrum.notify;

import dev.spectrum.localstack.test.KafkaTestResource;
import dev.spectrum.localstack.test.PostgresTestResource;
import dev.spectrum.localstack.test.SmtpTestResource;
import io.quarkus.test.common.QuarkusTestResource;

/** Registers the real servers of local-stack once for all of this module's Quarkus tests. */
@QuarkusTestResource(value = KafkaTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = SmtpTestResource.class, restrictToAnnotatedClass = false)
public final class LocalStackResources {

    private LocalStackResources() {
    }
}
