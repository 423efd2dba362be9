package io.fleetloop.operator.loop;

import io.fleetloop.api.v1alpha1.LoopStatus;
import java.text.NumberFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The loop's decision, pure: given the release's generations so far and the curator's count of new
 * labelled samples, start the next generation or say what it waits for. No Kubernetes, no gRPC.
 *
 * <p>Rules, in order: a generation whose run is not finished blocks the next ({@code
 * GenerationInProgress}); so does a candidate still rolling out ({@code RolloutInProgress}: the
 * next generation starts from the model the fleet settles on); an unanswered curator blocks ({@code
 * CuratorUnavailable}); fewer pending samples than the threshold wait ({@code WaitingForSamples},
 * "1,234 of 5,000 new samples"); otherwise the next generation is {@code max(known generations) +
 * 1}, named {@code <release>-g<N>}.
 */
public final class GenerationPlan {

  private GenerationPlan() {}

  /**
   * One TrainingRun of the release's loop.
   *
   * @param name the run's name
   * @param generation its {@code fleetloop.io/generation} label
   * @param finished true when it will not change any more (failed, rejected, promoted, or done)
   */
  public record Run(String name, int generation, boolean finished) {}

  /** What the curator said about the pending samples. */
  public sealed interface Pending {}

  /** The count of new labelled clips of the loop's triggers. */
  public record Count(long clips) implements Pending {}

  /** The curator did not answer, or none is configured. */
  public record Unavailable(String message) implements Pending {}

  /** The outcome of one look. */
  public sealed interface Decision {
    /** The CamelCase reason ({@link LoopStatus} constants). */
    String reason();

    /** In words, for the status and the logs. */
    String message();
  }

  /** Create the TrainingRun {@code runName} of generation {@code generation}. */
  public record Start(int generation, String runName, long pending, String message)
      implements Decision {
    @Override
    public String reason() {
      return LoopStatus.REASON_GENERATION_STARTED;
    }
  }

  /** Create nothing; {@code waitingFor} says what would change that. */
  public record Wait(String reason, String waitingFor, Long pending, String message)
      implements Decision {}

  /** The run name of generation {@code n} of {@code release}. */
  public static String runName(String release, int n) {
    return release + "-g" + n;
  }

  /**
   * Decides one look.
   *
   * @param release the FleetRelease's name
   * @param threshold {@code spec.loop.retrainWhenNewSamples}
   * @param runs the release's loop runs, as listed from the API server
   * @param recordedGeneration {@code status.loop.generation} (0 when absent)
   * @param rollingOut the candidate version the release is rolling out, if any
   * @param pending what the curator said; only asked for when nothing is in progress ({@code
   *     Optional.empty()} means it was not asked)
   */
  public static Decision decide(
      String release,
      int threshold,
      List<Run> runs,
      int recordedGeneration,
      Optional<String> rollingOut,
      Optional<Pending> pending) {
    Objects.requireNonNull(release, "release");
    Optional<Run> running =
        runs.stream()
            .filter(r -> !r.finished())
            .min(java.util.Comparator.comparingInt(Run::generation));
    if (running.isPresent()) {
      Run r = running.get();
      return new Wait(
          LoopStatus.REASON_GENERATION_IN_PROGRESS,
          "generation " + r.generation() + " (TrainingRun " + r.name() + ") to finish",
          null,
          "generation " + r.generation() + " is in progress (TrainingRun " + r.name() + ")");
    }
    if (rollingOut.isPresent()) {
      return new Wait(
          LoopStatus.REASON_ROLLOUT_IN_PROGRESS,
          "the rollout of " + rollingOut.get() + " to finish",
          null,
          "the release is rolling out "
              + rollingOut.get()
              + "; the next generation starts from"
              + " the model the fleet settles on");
    }
    if (pending.isEmpty()) {
      throw new IllegalArgumentException("nothing in progress: the curator must be asked");
    }
    if (pending.get() instanceof Unavailable u) {
      return new Wait(
          LoopStatus.REASON_CURATOR_UNAVAILABLE,
          "the curator to answer",
          null,
          "cannot count new samples: " + u.message());
    }
    long clips = ((Count) pending.get()).clips();
    if (clips < threshold) {
      String of = thousands(clips) + " of " + thousands(threshold) + " new samples";
      return new Wait(
          LoopStatus.REASON_WAITING_FOR_SAMPLES,
          of,
          clips,
          "waiting for " + thousands(threshold) + " new labelled samples");
    }
    int next =
        Math.max(recordedGeneration, runs.stream().mapToInt(Run::generation).max().orElse(0)) + 1;
    String name = runName(release, next);
    return new Start(
        next,
        name,
        clips,
        "started generation "
            + next
            + " (TrainingRun "
            + name
            + ") on "
            + thousands(clips)
            + " new samples (threshold "
            + thousands(threshold)
            + ")");
  }

  /** 1234 as "1,234" (fixed locale, so status text does not depend on the host). */
  static String thousands(long n) {
    return NumberFormat.getIntegerInstance(Locale.ROOT).format(n);
  }
}
