package io.fleetloop.ingest.lineage;

import io.fleetloop.audit.api.event.ClipsIngested;
import io.fleetloop.audit.client.Appended;
import io.fleetloop.audit.client.AuditClient;
import io.fleetloop.audit.client.Outcome;
import io.fleetloop.audit.client.PendingEvent;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Appends {@code ClipsIngested} events through the audit client in one batch; the batch id is the
 * idempotency key, so a retried flush answers {@code DUPLICATE} instead of appending twice.
 */
public final class AuditLineageSink implements LineageSink {

  private static final Logger LOG = LoggerFactory.getLogger(AuditLineageSink.class);
  public static final String ACTOR = "service/ingest";

  private final AuditClient client;

  public AuditLineageSink(AuditClient client) {
    this.client = client;
  }

  @Override
  public void append(List<ClipsIngested> batches) {
    List<PendingEvent> events =
        batches.stream().map(b -> PendingEvent.of(b, "ingest/" + b.batchId(), ACTOR)).toList();
    List<Appended> results = client.appendBatch(events);
    for (Appended r : results) {
      if (r.outcome() == Outcome.REJECTED) {
        LOG.warn(
            "audit refused lineage for {}: {} {}", r.streamId(), r.errorCode(), r.errorMessage());
      }
    }
  }
}
