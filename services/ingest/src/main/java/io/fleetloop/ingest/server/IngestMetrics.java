package io.fleetloop.ingest.server;

import io.grpc.Status;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Micrometer meters: {@code fleetloop.ingest.uploads} by {@code outcome} (accepted, duplicate,
 * refused) and {@code code} (the gRPC status), {@code fleetloop.ingest.bytes} (accepted payload
 * bytes) and the timer {@code fleetloop.ingest.stage} by {@code stage} (receive, store, publish).
 */
public final class IngestMetrics {

  /** The stages of {@link #stage}. */
  private static final List<String> STAGES = List.of("receive", "store", "publish");

  private final MeterRegistry registry;
  private final Counter bytes;
  private final Counter accepted;
  // looked up once: a registry lookup (tags, id, map) per clip and stage costs more than the
  // recording itself
  private final Map<String, Timer> stages = new HashMap<>();

  public IngestMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.bytes = registry.counter("fleetloop.ingest.bytes");
    this.accepted = uploads("accepted", Status.Code.OK);
    for (String stage : STAGES) {
      stages.put(
          stage, Timer.builder("fleetloop.ingest.stage").tag("stage", stage).register(registry));
    }
  }

  public void accepted(long payloadBytes) {
    accepted.increment();
    bytes.increment(payloadBytes);
  }

  public void duplicate() {
    uploads("duplicate", Status.Code.OK).increment();
  }

  public void refused(Status.Code code) {
    uploads("refused", code).increment();
  }

  /**
   * Time spent in one stage of an accepted upload: {@code receive} (header to last byte, sha256
   * included), {@code store} (the payload PUT), {@code publish} (send to the broker's receipt).
   */
  public void stage(String stage, long nanos) {
    Timer timer = stages.get(stage);
    if (timer == null) {
      throw new IllegalArgumentException(
          "unknown ingest stage " + stage + ", not one of " + STAGES);
    }
    timer.record(nanos, TimeUnit.NANOSECONDS);
  }

  /** How many uploads ended with this outcome and code so far. */
  public double count(String outcome, Status.Code code) {
    return uploads(outcome, code).count();
  }

  private Counter uploads(String outcome, Status.Code code) {
    return registry.counter("fleetloop.ingest.uploads", "outcome", outcome, "code", code.name());
  }
}
