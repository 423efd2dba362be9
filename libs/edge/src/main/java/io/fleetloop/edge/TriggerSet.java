package io.fleetloop.edge;

import io.fleetloop.trigger.CompileResult;
import io.fleetloop.trigger.CompiledTrigger;
import io.fleetloop.trigger.TriggerCompiler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The triggers a device runs, each condition compiled once: immutable and thread-safe, so one set
 * is shared by every agent of a fleet (10,000 simulated vehicles compile nothing).
 *
 * <p>Construction refuses the whole set with an {@link InvalidTriggerException} when any condition
 * does not compile (with the CEL error and its position) or two triggers share an id: a trigger
 * that does not compile must never reach a device, and a device never runs half a set.
 *
 * <p>Windows are counted in frames of {@link #frameInterval()} (100 ms, 10 Hz by default): a
 * pre-roll of 5 s is 50 frames before the firing frame.
 */
public final class TriggerSet {

  /** The reference world's frame interval: 10 frames a second. */
  public static final Duration DEFAULT_FRAME_INTERVAL = Duration.ofMillis(100);

  private static final TriggerCompiler COMPILER = TriggerCompiler.create();

  private final List<Armed> triggers;
  private final Duration frameInterval;
  private final int maxPreRollFrames;

  private TriggerSet(List<Armed> triggers, Duration frameInterval) {
    this.triggers = List.copyOf(triggers);
    this.frameInterval = frameInterval;
    int max = 0;
    for (Armed a : triggers) {
      max = Math.max(max, a.preRollFrames);
    }
    this.maxPreRollFrames = max;
  }

  /** Compiles {@code triggers} for 10 Hz frames. */
  public static TriggerSet compile(List<EdgeTrigger> triggers) {
    return compile(triggers, DEFAULT_FRAME_INTERVAL);
  }

  /**
   * Compiles every condition once.
   *
   * @throws InvalidTriggerException when a condition does not compile or an id repeats
   */
  public static TriggerSet compile(List<EdgeTrigger> triggers, Duration frameInterval) {
    Objects.requireNonNull(triggers, "triggers");
    if (frameInterval == null
        || frameInterval.toMillis() < 1
        || frameInterval.toNanos() % 1_000_000 != 0) {
      throw new IllegalArgumentException(
          "frame interval must be a positive whole number of milliseconds: " + frameInterval);
    }
    List<Armed> armed = new ArrayList<>(triggers.size());
    List<String> refused = new ArrayList<>();
    StringBuilder errors = new StringBuilder();
    Set<String> ids = new HashSet<>();
    for (EdgeTrigger t : triggers) {
      Objects.requireNonNull(t, "trigger");
      if (!ids.add(t.id())) {
        refused.add(t.id());
        errors.append("\n- ").append(t.id()).append(": the id appears more than once");
        continue;
      }
      CompileResult result = COMPILER.compile(t.condition());
      if (!result.ok()) {
        refused.add(t.id());
        errors
            .append("\n- ")
            .append(t.id())
            .append(" (generation ")
            .append(t.generation())
            .append(") condition does not compile:\n")
            .append(indent(result.message()));
        continue;
      }
      armed.add(new Armed(armed.size(), t, result.orElseThrow(), frameInterval));
    }
    if (!refused.isEmpty()) {
      throw new InvalidTriggerException(
          refused,
          "trigger set refused, it must not reach a device ("
              + refused.size()
              + " of "
              + triggers.size()
              + " triggers invalid):"
              + errors);
    }
    return new TriggerSet(armed, frameInterval);
  }

  /** The compiled triggers, in the order given; {@link Armed#index()} is the position. */
  public List<Armed> triggers() {
    return triggers;
  }

  /** Number of triggers. */
  public int size() {
    return triggers.size();
  }

  /** The trigger at {@code index}. */
  public Armed get(int index) {
    return triggers.get(index);
  }

  /** Time between frames. */
  public Duration frameInterval() {
    return frameInterval;
  }

  /** The longest pre-roll of the set, in frames: the history an agent keeps. */
  public int maxPreRollFrames() {
    return maxPreRollFrames;
  }

  private static String indent(String text) {
    return "    " + text.replace("\n", "\n    ");
  }

  /**
   * One trigger ready to run: its spec, its compiled condition and its windows in frames.
   * Immutable.
   */
  public static final class Armed {
    private final int index;
    private final EdgeTrigger spec;
    private final CompiledTrigger condition;
    private final int preRollFrames;
    private final int postRollFrames;
    private final long cooldownMs;

    Armed(int index, EdgeTrigger spec, CompiledTrigger condition, Duration frameInterval) {
      this.index = index;
      this.spec = spec;
      this.condition = condition;
      this.preRollFrames = frames(spec.preRoll(), frameInterval);
      this.postRollFrames = frames(spec.postRoll(), frameInterval);
      this.cooldownMs = spec.cooldown().toMillis();
    }

    private static int frames(Duration d, Duration interval) {
      long n = d.toNanos() / interval.toNanos();
      if (n > 10_000) {
        throw new IllegalArgumentException(
            "a window of " + d + " is more than 10,000 frames of " + interval);
      }
      return (int) n;
    }

    /** Position in the set (the agent's counter slot). */
    public int index() {
      return index;
    }

    public EdgeTrigger spec() {
      return spec;
    }

    public String id() {
      return spec.id();
    }

    /** The compiled condition (shared; counts evaluation errors fleet-wide). */
    public CompiledTrigger condition() {
      return condition;
    }

    /** Frames kept before the firing frame. */
    public int preRollFrames() {
      return preRollFrames;
    }

    /** Frames collected after the firing frame. */
    public int postRollFrames() {
      return postRollFrames;
    }

    public long cooldownMs() {
      return cooldownMs;
    }

    @Override
    public String toString() {
      return spec.id() + "[" + condition.engine() + "] " + spec.condition();
    }
  }
}
