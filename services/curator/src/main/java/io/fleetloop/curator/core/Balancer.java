package io.fleetloop.curator.core;

import io.fleetloop.world.Conditions;
import java.util.HashMap;
import java.util.Map;

/**
 * Per-clip training weights that balance driving conditions (docs/curation.md, "Balancing").
 *
 * <p>With {@code N} clips over {@code K} distinct conditions, condition {@code c} holding {@code
 * n_c} clips, every clip of {@code c} gets weight {@code N / (K · n_c)}, so each present condition
 * carries the same total weight; the weight is clamped to {@code [minWeight, maxWeight]} so one
 * lonely clip cannot dominate and a crowded condition still counts. Rare conditions ({@link
 * Conditions#RARE}) are never weighted below 1. Weights are rounded to 4 decimals, so manifests are
 * stable byte for byte.
 */
public final class Balancer {
  private final double minWeight;
  private final double maxWeight;

  /** Default clamp: [0.25, 8]. */
  public static Balancer defaults() {
    return new Balancer(0.25, 8.0);
  }

  /** A balancer clamping weights to {@code [minWeight, maxWeight]}. */
  public Balancer(double minWeight, double maxWeight) {
    if (!(minWeight > 0) || !(maxWeight >= minWeight)) {
      throw new IllegalArgumentException("need 0 < minWeight ≤ maxWeight");
    }
    this.minWeight = minWeight;
    this.maxWeight = maxWeight;
  }

  /** The weight of each condition, given the clip count per condition index. */
  public Map<Integer, Double> weights(Map<Integer, Long> clipsPerCondition) {
    long total = 0;
    for (long n : clipsPerCondition.values()) {
      total += n;
    }
    Map<Integer, Double> weights = new HashMap<>();
    int k = (int) clipsPerCondition.values().stream().filter(n -> n > 0).count();
    for (Map.Entry<Integer, Long> e : clipsPerCondition.entrySet()) {
      if (e.getValue() <= 0) {
        continue;
      }
      double w = (double) total / ((double) k * e.getValue());
      w = Math.max(minWeight, Math.min(maxWeight, w));
      if (Conditions.RARE.test(e.getKey())) {
        w = Math.max(1.0, w);
      }
      weights.put(e.getKey(), Math.round(w * 10_000) / 10_000.0);
    }
    return weights;
  }
}
