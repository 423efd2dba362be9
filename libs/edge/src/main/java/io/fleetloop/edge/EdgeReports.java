package io.fleetloop.edge;

import io.fleetloop.release.grpc.DeviceReport;
import io.fleetloop.release.grpc.TriggerCounters;
import java.util.List;

/**
 * Builds the release channel's {@link DeviceReport} from an agent: its cumulative per-trigger
 * counters (with the generation it runs) and its driving exposure ({@link DrivingExposure}).
 *
 * <p>{@code running_seconds} is the device's own time running the generation: frames evaluated
 * times the frame interval (a time-lapse simulation reports simulated seconds).
 */
public final class EdgeReports {

  private EdgeReports() {}

  /** The cumulative report of {@code agent}. */
  public static DeviceReport report(EdgeAgent agent) {
    AgentCounters counters = agent.counters();
    TriggerSet set = agent.triggers();
    long frameMs = set.frameInterval().toMillis();
    DeviceReport.Builder b = DeviceReport.newBuilder().setDeviceId(agent.device().id());
    List<io.fleetloop.edge.TriggerCounters> list = counters.triggers();
    java.util.Map<String, Long> generations = new java.util.HashMap<>();
    set.triggers().forEach(a -> generations.put(a.id(), a.spec().generation()));
    for (int t = 0; t < list.size(); t++) {
      io.fleetloop.edge.TriggerCounters c = list.get(t);
      b.addTriggers(
          TriggerCounters.newBuilder()
              .setTriggerId(c.triggerId())
              .setGeneration(generations.getOrDefault(c.triggerId(), 0L))
              .setEvaluated(c.evaluated())
              .setFired(c.fired())
              .setUploadedClips(c.uploadedClips())
              .setUploadedBytes(c.uploadedBytes())
              .setDropped(c.dropped())
              .setRunningSeconds(c.evaluated() * frameMs / 1000));
    }
    b.addAllExposure(agent.exposureSnapshot());
    return b.build();
  }
}
