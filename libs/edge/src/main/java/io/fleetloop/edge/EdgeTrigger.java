package io.fleetloop.edge;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One DataTrigger as a device runs it: the edge-side mirror of the {@code DataTrigger} spec (see
 * {@code api/} {@code DataTriggerSpec}) with the values already parsed. The fleet selector and the
 * canary rollout are not here: they decide <em>which</em> devices receive the trigger, which is the
 * release channel's job; a device runs every trigger it was given.
 *
 * <p>Defaults ({@link #builder(String, String)}) are the CRD's: priority 50, sampling rate 1.0, 20
 * clips and 64 MiB per device per day, pre-roll 5 s, post-roll 3 s, cooldown 30 s.
 *
 * @param id {@code datatrigger/<namespace>/<name>}, written into every clip's header
 * @param generation the resource's {@code metadata.generation}, written into every clip's header
 * @param condition the CEL condition over {@code frame}, {@code shadow}, {@code env}, {@code
 *     device}
 * @param priority 0..100; when the device's outbox is short, higher priority wins
 * @param samplingRate 0 &lt; rate &lt;= 1: the share of firings kept
 * @param clipsPerDevicePerDay most clips this trigger may capture on one device per UTC day
 * @param bytesPerDevicePerDay most encoded clip bytes this trigger may capture per device per UTC
 *     day
 * @param preRoll how much history before the firing frame a clip holds
 * @param postRoll how much after the firing frame a clip holds
 * @param cooldown at most one capture per device per cooldown
 */
public record EdgeTrigger(
    String id,
    long generation,
    String condition,
    int priority,
    double samplingRate,
    int clipsPerDevicePerDay,
    long bytesPerDevicePerDay,
    Duration preRoll,
    Duration postRoll,
    Duration cooldown) {

  private static final Pattern ID =
      Pattern.compile("datatrigger/[a-z0-9]([-a-z0-9.]*[a-z0-9])?/[a-z0-9]([-a-z0-9.]*[a-z0-9])?");

  /** Checks every field; messages name the trigger and the field. */
  public EdgeTrigger {
    Objects.requireNonNull(id, "id");
    if (!ID.matcher(id).matches()) {
      throw new IllegalArgumentException(
          "trigger id '" + id + "' is not datatrigger/<namespace>/<name>");
    }
    Objects.requireNonNull(condition, "condition of " + id);
    if (generation < 0) {
      throw invalid(id, "generation must be >= 0, got " + generation);
    }
    if (priority < 0 || priority > 100) {
      throw invalid(id, "priority must be in 0..100, got " + priority);
    }
    if (!(samplingRate > 0 && samplingRate <= 1)) {
      throw invalid(id, "sampling rate must be in (0, 1], got " + samplingRate);
    }
    if (clipsPerDevicePerDay < 0) {
      throw invalid(id, "clipsPerDevicePerDay must be >= 0, got " + clipsPerDevicePerDay);
    }
    if (bytesPerDevicePerDay < 0) {
      throw invalid(id, "bytesPerDevicePerDay must be >= 0, got " + bytesPerDevicePerDay);
    }
    nonNegative(id, "preRoll", preRoll);
    nonNegative(id, "postRoll", postRoll);
    nonNegative(id, "cooldown", cooldown);
  }

  /** {@code datatrigger/<namespace>/<name>}. */
  public static String idOf(String namespace, String name) {
    return "datatrigger/" + namespace + "/" + name;
  }

  /** A builder with the CRD's defaults. */
  public static Builder builder(String id, String condition) {
    return new Builder(id, condition);
  }

  /** A builder starting from this trigger's values. */
  public Builder toBuilder() {
    return new Builder(id, condition)
        .generation(generation)
        .priority(priority)
        .samplingRate(samplingRate)
        .clipsPerDevicePerDay(clipsPerDevicePerDay)
        .bytesPerDevicePerDay(bytesPerDevicePerDay)
        .preRoll(preRoll)
        .postRoll(postRoll)
        .cooldown(cooldown);
  }

  private static void nonNegative(String id, String field, Duration d) {
    Objects.requireNonNull(d, field + " of " + id);
    if (d.isNegative()) {
      throw invalid(id, field + " must not be negative, got " + d);
    }
  }

  private static IllegalArgumentException invalid(String id, String message) {
    return new IllegalArgumentException("trigger " + id + ": " + message);
  }

  /** Fluent builder; every field but id and condition has the CRD's default. */
  public static final class Builder {
    private final String id;
    private String condition;
    private long generation = 1;
    private int priority = 50;
    private double samplingRate = 1.0;
    private int clipsPerDevicePerDay = 20;
    private long bytesPerDevicePerDay = 64L << 20;
    private Duration preRoll = Duration.ofSeconds(5);
    private Duration postRoll = Duration.ofSeconds(3);
    private Duration cooldown = Duration.ofSeconds(30);

    private Builder(String id, String condition) {
      this.id = id;
      this.condition = condition;
    }

    public Builder condition(String value) {
      this.condition = value;
      return this;
    }

    public Builder generation(long value) {
      this.generation = value;
      return this;
    }

    public Builder priority(int value) {
      this.priority = value;
      return this;
    }

    public Builder samplingRate(double value) {
      this.samplingRate = value;
      return this;
    }

    public Builder clipsPerDevicePerDay(int value) {
      this.clipsPerDevicePerDay = value;
      return this;
    }

    public Builder bytesPerDevicePerDay(long value) {
      this.bytesPerDevicePerDay = value;
      return this;
    }

    /** Pre-roll and post-roll at once. */
    public Builder window(Duration pre, Duration post) {
      this.preRoll = pre;
      this.postRoll = post;
      return this;
    }

    public Builder preRoll(Duration value) {
      this.preRoll = value;
      return this;
    }

    public Builder postRoll(Duration value) {
      this.postRoll = value;
      return this;
    }

    public Builder cooldown(Duration value) {
      this.cooldown = value;
      return this;
    }

    public EdgeTrigger build() {
      return new EdgeTrigger(
          id,
          generation,
          condition,
          priority,
          samplingRate,
          clipsPerDevicePerDay,
          bytesPerDevicePerDay,
          preRoll,
          postRoll,
          cooldown);
    }
  }
}
