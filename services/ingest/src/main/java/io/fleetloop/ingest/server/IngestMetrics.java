package io.fleetloop.ingest.server;

import io.grpc.Status;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Micrometer meters: {@code fleetloop.ingest.uploads} by {@code outcome} (accepted, duplicate,
 * refused) and {@code code} (the gRPC status), and {@code fleetloop.ingest.bytes} (accepted payload
 * bytes).
 */
public final class IngestMetrics {

  private final MeterRegistry registry;
  private final Counter bytes;

  public IngestMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.bytes = registry.counter("fleetloop.ingest.bytes");
  }

  public void accepted(long payloadBytes) {
    uploads("accepted", Status.Code.OK).increment();
    bytes.increment(payloadBytes);
  }

  public void duplicate() {
    uploads("duplicate", Status.Code.OK).increment();
  }

  public void refused(Status.Code code) {
    uploads("refused", code).increment();
  }

  /** How many uploads ended with this outcome and code so far. */
  public double count(String outcome, Status.Code code) {
    return uploads(outcome, code).count();
  }

  private Counter uploads(String outcome, Status.Code code) {
    return registry.counter("fleetloop.ingest.uploads", "outcome", outcome, "code", code.name());
  }
}
