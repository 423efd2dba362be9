package io.fleetloop.trigger;

import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import java.util.AbstractMap;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The reference engine: the cel-java interpreter over the checked expression. Each variable a
 * condition reads is handed over as a read-only map view of its record, made when the expression
 * asks for the variable; a field is boxed when it is read.
 *
 * <p>Boxing on every read is on purpose: cel-java's equality returns true for the same object
 * before it compares values, so a map holding boxed fields would make {@code frame.brake ==
 * frame.brake} true for a NaN brake while {@code frame.brake == frame.brake + 0.0} is false. With a
 * fresh box per read NaN equals nothing, consistently, and the fast path can agree.
 */
final class Interpreter implements Condition {

  private final CelRuntime.Program program;

  Interpreter(CelRuntime.Program program) {
    this.program = program;
  }

  @Override
  public boolean eval(Frame f, Shadow s, Env e, Device d) {
    Object result;
    try {
      result = program.eval(name -> resolve(name, f, s, e, d));
    } catch (CelEvaluationException x) {
      throw new EvaluationException(x.getMessage());
    }
    if (result instanceof Boolean b) {
      return b;
    }
    throw new EvaluationException("the condition evaluated to " + result + ", not to a bool");
  }

  private static Optional<Object> resolve(String name, Frame f, Shadow s, Env e, Device d) {
    return switch (name) {
      case "frame" -> Optional.of(view(f));
      case "shadow" -> Optional.of(view(s));
      case "env" -> Optional.of(view(e));
      case "device" -> Optional.of(view(d));
      default -> Optional.empty();
    };
  }

  // The field names are TriggerVariables' (TriggerVariablesTest keeps them in step); CEL ints are
  // Java longs, env values their wire strings.

  private static final Set<String> FRAME_KEYS = keys(TriggerVariables.FRAME);
  private static final Set<String> SHADOW_KEYS = keys(TriggerVariables.SHADOW);
  private static final Set<String> ENV_KEYS = keys(TriggerVariables.ENV);
  private static final Set<String> DEVICE_KEYS = keys(TriggerVariables.DEVICE);

  static Map<String, Object> view(Frame f) {
    return new RecordView(
        FRAME_KEYS,
        key ->
            switch (key) {
              case "speedMps" -> f.speedMps();
              case "accelMps2" -> f.accelMps2();
              case "steering" -> f.steering();
              case "brake" -> f.brake();
              case "takeover" -> f.takeover();
              case "ttcSeconds" -> f.ttcSeconds();
              case "lateralOffsetM" -> f.lateralOffsetM();
              case "pedestrians" -> (long) f.pedestrians();
              case "vehiclesNearby" -> (long) f.vehiclesNearby();
              case "timestampMs" -> f.timestampMs();
              default -> null;
            });
  }

  static Map<String, Object> view(Shadow s) {
    return new RecordView(
        SHADOW_KEYS,
        key ->
            switch (key) {
              case "disagreement" -> s.disagreement();
              case "activeAction" -> s.activeAction();
              case "shadowAction" -> s.shadowAction();
              case "activeSteering" -> s.activeSteering();
              case "shadowSteering" -> s.shadowSteering();
              default -> null;
            });
  }

  static Map<String, Object> view(Env e) {
    return new RecordView(
        ENV_KEYS,
        key ->
            switch (key) {
              case "weather" -> e.weather().wire();
              case "zone" -> e.zone().wire();
              case "light" -> e.light().wire();
              case "road" -> e.road().wire();
              default -> null;
            });
  }

  static Map<String, Object> view(Device d) {
    return new RecordView(
        DEVICE_KEYS,
        key ->
            switch (key) {
              case "id" -> d.id();
              case "labels" -> d.labels();
              case "hardware" -> d.hardware();
              default -> null;
            });
  }

  private static Set<String> keys(TriggerVariables.Variable variable) {
    Set<String> keys = new LinkedHashSet<>();
    variable.fields().forEach(field -> keys.add(field.name()));
    return Collections.unmodifiableSet(keys);
  }

  /** A record's fields as a read-only map; {@link #get} boxes afresh on every call. */
  private static final class RecordView extends AbstractMap<String, Object> {
    private final Set<String> keys;
    private final Function<String, Object> field;

    RecordView(Set<String> keys, Function<String, Object> field) {
      this.keys = keys;
      this.field = field;
    }

    @Override
    public Object get(Object key) {
      return key instanceof String name && keys.contains(name) ? field.apply(name) : null;
    }

    @Override
    public boolean containsKey(Object key) {
      return keys.contains(key);
    }

    @Override
    public int size() {
      return keys.size();
    }

    @Override
    public Set<Map.Entry<String, Object>> entrySet() {
      Set<Map.Entry<String, Object>> entries = new LinkedHashSet<>();
      keys.forEach(key -> entries.add(new SimpleImmutableEntry<>(key, field.apply(key))));
      return Collections.unmodifiableSet(entries);
    }
  }
}
