package io.fleetloop.trigger;

import java.util.Objects;
import java.util.Optional;

/**
 * The driving environment of one frame: the CEL variable {@code env}. See {@link
 * TriggerVariables#ENV}.
 *
 * <p>Each field is a closed set of values. In CEL they are plain strings ({@code env.weather ==
 * 'fog'}); in Java they are enums, so a device cannot report a value that no condition could match,
 * and the compiler rejects a condition that compares with a value outside the set.
 *
 * @param weather clear | rain | fog | snow (CEL {@code string})
 * @param zone highway | urban | residential | construction | school (CEL {@code string})
 * @param light day | dusk | night (CEL {@code string})
 * @param road dry | wet | icy (CEL {@code string})
 */
public record Env(Weather weather, Zone zone, Light light, Road road) {

  /** Clear weather on a dry highway by day. */
  public static final Env DEFAULT = new Env(Weather.CLEAR, Zone.HIGHWAY, Light.DAY, Road.DRY);

  public Env {
    Objects.requireNonNull(weather, "weather");
    Objects.requireNonNull(zone, "zone");
    Objects.requireNonNull(light, "light");
    Objects.requireNonNull(road, "road");
  }

  /** A value of one of the environment's closed sets; {@link #wire()} is what CEL sees. */
  public sealed interface Tag permits Weather, Zone, Light, Road {
    /** The lower-case string a condition compares with, e.g. {@code "fog"}. */
    String wire();
  }

  /** {@code env.weather}. */
  public enum Weather implements Tag {
    CLEAR,
    RAIN,
    FOG,
    SNOW;

    private final String wire = name().toLowerCase(java.util.Locale.ROOT);

    @Override
    public String wire() {
      return wire;
    }

    /** The value whose {@link #wire()} is {@code wire}, if any. */
    public static Optional<Weather> fromWire(String wire) {
      return Tags.fromWire(values(), wire);
    }
  }

  /** {@code env.zone}. */
  public enum Zone implements Tag {
    HIGHWAY,
    URBAN,
    RESIDENTIAL,
    CONSTRUCTION,
    SCHOOL;

    private final String wire = name().toLowerCase(java.util.Locale.ROOT);

    @Override
    public String wire() {
      return wire;
    }

    /** The value whose {@link #wire()} is {@code wire}, if any. */
    public static Optional<Zone> fromWire(String wire) {
      return Tags.fromWire(values(), wire);
    }
  }

  /** {@code env.light}. */
  public enum Light implements Tag {
    DAY,
    DUSK,
    NIGHT;

    private final String wire = name().toLowerCase(java.util.Locale.ROOT);

    @Override
    public String wire() {
      return wire;
    }

    /** The value whose {@link #wire()} is {@code wire}, if any. */
    public static Optional<Light> fromWire(String wire) {
      return Tags.fromWire(values(), wire);
    }
  }

  /** {@code env.road}: the road surface. */
  public enum Road implements Tag {
    DRY,
    WET,
    ICY;

    private final String wire = name().toLowerCase(java.util.Locale.ROOT);

    @Override
    public String wire() {
      return wire;
    }

    /** The value whose {@link #wire()} is {@code wire}, if any. */
    public static Optional<Road> fromWire(String wire) {
      return Tags.fromWire(values(), wire);
    }
  }

  private static final class Tags {
    private Tags() {}

    static <T extends Tag> Optional<T> fromWire(T[] values, String wire) {
      for (T value : values) {
        if (value.wire().equals(wire)) {
          return Optional.of(value);
        }
      }
      return Optional.empty();
    }
  }
}
