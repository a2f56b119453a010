package dev.spectrum.catalog.messaging;

import dev.spectrum.events.PaperClassified;
import dev.spectrum.events.PaperEvents;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.UUID;

/** Writes events into the outbox within the caller's transaction, so they exist exactly when the decision does. */
@ApplicationScoped
public class Outbox {

    @Transactional(Transactional.TxType.MANDATORY)
    public void add(PaperClassified event) {
        OutboxEvent row = new OutboxEvent();
        row.eventId = UUID.fromString(event.eventId());
        row.arxivId = event.arxivId();
        row.reason = event.reason().name().toLowerCase(java.util.Locale.ROOT);
        row.payload = PaperEvents.writeString(event);
        row.createdAt = Instant.now();
        row.persist();
    }
}
