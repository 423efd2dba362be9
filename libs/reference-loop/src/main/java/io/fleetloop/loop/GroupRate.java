package io.fleetloop.loop;

import io.fleetloop.stats.Exposure;
import io.fleetloop.stats.RateEstimate;
import io.fleetloop.stats.Rates;
import io.fleetloop.world.Conditions;
import io.fleetloop.world.FleetStats;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntPredicate;

/**
 * Interventions per 1,000 km of one condition group in one generation, with the exact 95% Poisson
 * interval of {@link Rates}.
 *
 * @param group the group's name: {@code all}, {@code common}, {@code rare}, {@code weather=fog},
 *     {@code zone=construction}, ...
 * @param km kilometres driven in the group
 * @param interventions human takeovers in the group
 * @param per1000Km the point estimate ({@code NaN} when nothing was driven)
 * @param ciLow lower 95% bound
 * @param ciHigh upper 95% bound
 */
public record GroupRate(
    String group, double km, long interventions, double per1000Km, double ciLow, double ciHigh) {

  /** The confidence of every interval shown. */
  public static final double CONFIDENCE = 0.95;

  /** The group's rate from a fleet's statistics. */
  public static GroupRate of(String group, FleetStats stats, IntPredicate conditions) {
    double km = stats.km(conditions);
    long n = stats.interventions(conditions);
    if (!(km > 0)) {
      return new GroupRate(group, 0, n, Double.NaN, Double.NaN, Double.NaN);
    }
    RateEstimate r = Rates.rate(Exposure.of(km, n), CONFIDENCE);
    return new GroupRate(group, km, n, r.per1000Km(), r.ciLow(), r.ciHigh());
  }

  /** All, common, rare, then one group per weather and per zone. */
  public static List<GroupRate> all(FleetStats stats) {
    List<GroupRate> out = new ArrayList<>();
    out.add(of("all", stats, Conditions.ALL));
    out.add(of("common", stats, Conditions.COMMON));
    out.add(of("rare", stats, Conditions.RARE));
    for (int w = 0; w < WEATHERS.length; w++) {
      int weather = w;
      out.add(of("weather=" + WEATHERS[w], stats, i -> Conditions.weather(i) == weather));
    }
    for (int z = 0; z < ZONES.length; z++) {
      int zone = z;
      out.add(of("zone=" + ZONES[z], stats, i -> Conditions.zone(i) == zone));
    }
    return out;
  }

  /** The wire names of the weathers, by ordinal. */
  static final String[] WEATHERS = wires(io.fleetloop.trigger.Env.Weather.values());

  /** The wire names of the zones, by ordinal. */
  static final String[] ZONES = wires(io.fleetloop.trigger.Env.Zone.values());

  private static String[] wires(io.fleetloop.trigger.Env.Tag[] tags) {
    String[] out = new String[tags.length];
    for (int i = 0; i < tags.length; i++) {
      out[i] = tags[i].wire();
    }
    return out;
  }

  /** {@code 85.6 [80.1, 91.3]}. */
  public String formatted() {
    if (Double.isNaN(per1000Km)) {
      return "n/a";
    }
    return String.format(Locale.ROOT, "%.1f [%.1f, %.1f]", per1000Km, ciLow, ciHigh);
  }
}
