package io.fleetloop.ingest.lineage;

import io.fleetloop.audit.api.event.ClipsIngested;
import java.util.List;

/** Where batched lineage goes: the audit log in production. */
@FunctionalInterface
public interface LineageSink {
  void append(List<ClipsIngested> batches) throws Exception;
}
