package io.fleetloop.edge;

import io.fleetloop.release.grpc.Artifact;
import io.fleetloop.release.grpc.Assignment;
import io.fleetloop.release.grpc.TriggerAssignment;
import io.fleetloop.release.grpc.TriggerVersion;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns the release channel's {@link Assignment} into what the edge agent runs: the {@link
 * EdgeTrigger} list and its compiled {@link TriggerSet}, plus the model, shadow and codec versions.
 *
 * <p>Compiled sets are cached by the set's identity, the ordered list of (trigger id, generation):
 * devices that were assigned the same triggers share one immutable {@code TriggerSet}, so a fleet
 * of 10,000 devices compiles each distinct set once. The channel serves a generation's spec
 * unchanged, so (id, generation) identifies the condition and its parameters. Thread-safe.
 */
public final class AssignmentTriggers {

  private final Map<List<TriggerVersion>, TriggerSet> compiled = new ConcurrentHashMap<>();

  /**
   * What one assignment asks a device to run; {@code model} and {@code shadow} are the assigned
   * artifacts (version, address, digest; the default instance when none is assigned).
   */
  public record Assigned(
      TriggerSet triggers,
      List<TriggerVersion> versions,
      String modelVersion,
      String shadowVersion,
      String codecVersion,
      Artifact model,
      Artifact shadow) {

    /** Without the model and shadow artifacts (versions only). */
    public Assigned(
        TriggerSet triggers,
        List<TriggerVersion> versions,
        String modelVersion,
        String shadowVersion,
        String codecVersion) {
      this(
          triggers,
          versions,
          modelVersion,
          shadowVersion,
          codecVersion,
          Artifact.newBuilder().setVersion(modelVersion).build(),
          Artifact.newBuilder().setVersion(shadowVersion).build());
    }

    /** The same triggers and codec with {@code model} and {@code shadow} (what a device runs). */
    public Assigned withModels(Artifact model, Artifact shadow) {
      return new Assigned(
          triggers, versions, model.getVersion(), shadow.getVersion(), codecVersion, model, shadow);
    }
  }

  /** The edge form of the assignment's triggers, in the order served. */
  public static List<EdgeTrigger> triggers(Assignment assignment) {
    List<EdgeTrigger> out = new ArrayList<>(assignment.getTriggersCount());
    for (TriggerAssignment t : assignment.getTriggersList()) {
      out.add(toEdge(t));
    }
    return out;
  }

  /** One served trigger as the edge agent runs it. */
  public static EdgeTrigger toEdge(TriggerAssignment t) {
    return EdgeTrigger.builder(t.getId(), t.getCondition())
        .generation(t.getGeneration())
        .priority(t.getPriority())
        .samplingRate(t.getSamplingRate())
        .clipsPerDevicePerDay(t.getClipsPerDevicePerDay())
        .bytesPerDevicePerDay(t.getBytesPerDevicePerDay())
        .preRoll(Duration.ofMillis(t.getPreRollMs()))
        .postRoll(Duration.ofMillis(t.getPostRollMs()))
        .cooldown(Duration.ofMillis(t.getCooldownMs()))
        .build();
  }

  /** The (id, generation) identity of the assignment's trigger set, in the order served. */
  public static List<TriggerVersion> versions(Assignment assignment) {
    List<TriggerVersion> out = new ArrayList<>(assignment.getTriggersCount());
    for (TriggerAssignment t : assignment.getTriggersList()) {
      out.add(
          TriggerVersion.newBuilder().setId(t.getId()).setGeneration(t.getGeneration()).build());
    }
    return List.copyOf(out);
  }

  /**
   * What {@code assignment} asks a device to run; the trigger set compiled once per distinct (id,
   * generation) list.
   *
   * @throws InvalidTriggerException when a served condition does not compile here (the device then
   *     keeps what it runs)
   */
  public Assigned resolve(Assignment assignment) {
    List<TriggerVersion> key = versions(assignment);
    TriggerSet set = compiled.computeIfAbsent(key, k -> TriggerSet.compile(triggers(assignment)));
    return new Assigned(
        set,
        key,
        assignment.hasModel() ? assignment.getModel().getVersion() : "",
        assignment.hasShadow() ? assignment.getShadow().getVersion() : "",
        assignment.hasCodec() ? assignment.getCodec().getVersion() : "",
        assignment.getModel(),
        assignment.getShadow());
  }

  /** Number of distinct trigger sets compiled so far. */
  public int compiledSets() {
    return compiled.size();
  }
}
