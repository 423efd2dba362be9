package io.fleetloop.world;

import io.fleetloop.trigger.Env;
import io.fleetloop.trigger.Env.Light;
import io.fleetloop.trigger.Env.Road;
import io.fleetloop.trigger.Env.Weather;
import io.fleetloop.trigger.Env.Zone;
import java.util.function.IntPredicate;

/**
 * The 180 driving conditions ({@code 4 weather × 5 zone × 3 light × 3 road}) as dense indexes, so
 * the per-frame loop carries one {@code int} instead of an {@link Env} and statistics are plain
 * arrays.
 *
 * <p>{@code index = ((weather * 5 + zone) * 3 + light) * 3 + road}, each component being the enum
 * ordinal. {@link #env(int)} returns a shared, pre-built {@link Env} (no allocation per frame).
 */
public final class Conditions {
  /** Number of distinct conditions. */
  public static final int COUNT =
      Weather.values().length * Zone.values().length * Light.values().length * Road.values().length;

  private static final Weather[] WEATHERS = Weather.values();
  private static final Zone[] ZONES = Zone.values();
  private static final Light[] LIGHTS = Light.values();
  private static final Road[] ROADS = Road.values();
  private static final Env[] ENVS = new Env[COUNT];

  static {
    for (int i = 0; i < COUNT; i++) {
      ENVS[i] = new Env(WEATHERS[weather(i)], ZONES[zone(i)], LIGHTS[light(i)], ROADS[road(i)]);
    }
  }

  /**
   * The common conditions generation 0 is trained on: clear weather, daylight, dry road, on a
   * highway or in town ({@code zone} highway or urban).
   */
  public static final IntPredicate COMMON = Conditions::isCommon;

  /** Everything that is not {@link #COMMON}: the tail the loop has to learn. */
  public static final IntPredicate RARE = i -> !isCommon(i);

  /** Every condition. */
  public static final IntPredicate ALL = i -> true;

  private Conditions() {}

  /** The dense index of a combination of ordinals. */
  public static int index(int weather, int zone, int light, int road) {
    return ((weather * 5 + zone) * 3 + light) * 3 + road;
  }

  /** The dense index of {@code env}. */
  public static int index(Env env) {
    return index(
        env.weather().ordinal(), env.zone().ordinal(), env.light().ordinal(), env.road().ordinal());
  }

  /** The shared {@link Env} of an index. */
  public static Env env(int index) {
    return ENVS[index];
  }

  /** Weather ordinal of an index. */
  public static int weather(int index) {
    return index / 45;
  }

  /** Zone ordinal of an index. */
  public static int zone(int index) {
    return (index / 9) % 5;
  }

  /** Light ordinal of an index. */
  public static int light(int index) {
    return (index / 3) % 3;
  }

  /** Road ordinal of an index. */
  public static int road(int index) {
    return index % 3;
  }

  /** See {@link #COMMON}. */
  public static boolean isCommon(int index) {
    int z = zone(index);
    return weather(index) == Weather.CLEAR.ordinal()
        && light(index) == Light.DAY.ordinal()
        && road(index) == Road.DRY.ordinal()
        && (z == Zone.HIGHWAY.ordinal() || z == Zone.URBAN.ordinal());
  }

  /** A short label such as {@code fog/construction/night/wet}. */
  public static String label(int index) {
    Env e = ENVS[index];
    return e.weather().wire()
        + "/"
        + e.zone().wire()
        + "/"
        + e.light().wire()
        + "/"
        + e.road().wire();
  }
}
