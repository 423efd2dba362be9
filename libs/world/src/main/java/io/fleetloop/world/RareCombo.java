package io.fleetloop.world;

import io.fleetloop.trigger.Env.Light;
import io.fleetloop.trigger.Env.Road;
import io.fleetloop.trigger.Env.Weather;
import io.fleetloop.trigger.Env.Zone;
import java.util.Objects;

/**
 * A rare combination of conditions the scenario generator injects on purpose, at a configured
 * frequency, on top of the independently evolving weather, light and road: fog in a construction
 * zone, an icy school zone at night, and so on.
 *
 * <p>When a vehicle enters a new zone segment, the segment is this combination with probability
 * {@link #probability()}; for the whole segment the fields that are not {@code null} override the
 * vehicle's current weather, zone, light and road ({@code null} leaves the field as it evolves).
 *
 * @param name short identifier, e.g. {@code fog-construction}
 * @param weather the forced weather, or {@code null}
 * @param zone the forced zone, or {@code null}
 * @param light the forced light, or {@code null}
 * @param road the forced road surface, or {@code null}
 * @param probability chance that a new zone segment is this combination, 0 .. 1
 */
public record RareCombo(
    String name, Weather weather, Zone zone, Light light, Road road, double probability) {

  /** Fog over a construction zone. */
  public static final RareCombo FOG_CONSTRUCTION =
      new RareCombo("fog-construction", Weather.FOG, Zone.CONSTRUCTION, null, null, 0.02);

  /** Snow and an icy road in a school zone at night. */
  public static final RareCombo ICY_NIGHT_SCHOOL =
      new RareCombo("icy-night-school", Weather.SNOW, Zone.SCHOOL, Light.NIGHT, Road.ICY, 0.01);

  /** Snow on an icy highway at night. */
  public static final RareCombo SNOW_NIGHT_HIGHWAY =
      new RareCombo("snow-night-highway", Weather.SNOW, Zone.HIGHWAY, Light.NIGHT, Road.ICY, 0.01);

  public RareCombo {
    Objects.requireNonNull(name, "name");
    if (!(probability >= 0 && probability <= 1)) {
      throw new IllegalArgumentException("probability must be in [0, 1]: " + probability);
    }
  }

  /** This combination with another probability. */
  public RareCombo withProbability(double p) {
    return new RareCombo(name, weather, zone, light, road, p);
  }

  /** Whether a condition index has every field this combination forces. */
  public boolean matches(int condition) {
    return (weather == null || Conditions.weather(condition) == weather.ordinal())
        && (zone == null || Conditions.zone(condition) == zone.ordinal())
        && (light == null || Conditions.light(condition) == light.ordinal())
        && (road == null || Conditions.road(condition) == road.ordinal());
  }
}
