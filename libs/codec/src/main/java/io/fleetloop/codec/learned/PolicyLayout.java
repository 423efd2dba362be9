package io.fleetloop.codec.learned;

import io.fleetloop.world.Conditions;
import io.fleetloop.world.PolicyFeatures;

/**
 * The layout of {@link PolicyFeatures} as the learned codec sees it: {@value #CONTINUOUS}
 * continuous features first, then four one-hot groups (weather, zone, light, road) that together
 * are one driving condition ({@link Conditions}), coded losslessly as its index.
 */
final class PolicyLayout {
  /** Continuous features at the start of the vector (speed .. vehicles nearby). */
  static final int CONTINUOUS = 11;

  private static final int WEATHER = 11;
  private static final int ZONE = 15;
  private static final int LIGHT = 20;
  private static final int ROAD = 23;

  private PolicyLayout() {}

  /**
   * The condition a feature vector's one-hot groups name: the largest entry of each group (the
   * first on a tie), so a vector that is not exactly one-hot still maps to its nearest condition.
   */
  static int conditionOf(float[] x, int off) {
    return Conditions.index(
        argmax(x, off + WEATHER, 4),
        argmax(x, off + ZONE, 5),
        argmax(x, off + LIGHT, 3),
        argmax(x, off + ROAD, 3));
  }

  /** Writes the one-hot groups of {@code condition} into {@code x[off + 11 .. off + 26)}. */
  static void writeCondition(int condition, float[] x, int off) {
    for (int i = CONTINUOUS; i < PolicyFeatures.COUNT; i++) {
      x[off + i] = 0f;
    }
    x[off + WEATHER + Conditions.weather(condition)] = 1f;
    x[off + ZONE + Conditions.zone(condition)] = 1f;
    x[off + LIGHT + Conditions.light(condition)] = 1f;
    x[off + ROAD + Conditions.road(condition)] = 1f;
  }

  private static int argmax(float[] x, int from, int n) {
    int best = 0;
    for (int i = 1; i < n; i++) {
      if (x[from + i] > x[from + best]) {
        best = i;
      }
    }
    return best;
  }
}
