package io.fleetloop.edge;

import io.fleetloop.trigger.Shadow;
import io.fleetloop.world.Longitudinal;
import io.fleetloop.world.PolicyModel;
import io.fleetloop.world.model.Mlp;
import java.util.Objects;

/**
 * A real device's models on one frame: the active policy that drives and, optionally, the shadow
 * candidate that only rides along. Computes both decisions and their disagreement exactly as the
 * fleet simulator does: {@code max(TV(p_active, p_shadow), |s_active - s_shadow| / 2)}, the
 * total-variation distance of the two softmax distributions over the four longitudinal categories
 * or half the steering difference, whichever is larger.
 *
 * <p>Holds per-device scratch: one instance per agent, used from its frame thread only.
 */
public final class ShadowMode {
  private final PolicyModel active;
  private final PolicyModel shadow;
  private final Mlp.Runner activeRunner;
  private final Mlp.Runner shadowRunner;
  private final float[] activeOut = new float[PolicyModel.OUTPUTS];
  private final float[] shadowOut = new float[PolicyModel.OUTPUTS];
  int activeCategory;
  double activeSteering;
  int shadowCategory = -1;
  double shadowSteering;
  double disagreement;

  /** The active policy and the shadow candidate ({@code null}: none rides along). */
  public ShadowMode(PolicyModel active, PolicyModel shadow) {
    this.active = Objects.requireNonNull(active, "active");
    this.shadow = shadow;
    this.activeRunner = active.mlp().runner();
    this.shadowRunner = shadow == null ? null : shadow.mlp().runner();
  }

  public PolicyModel active() {
    return active;
  }

  /** The shadow candidate, or {@code null}. */
  public PolicyModel shadow() {
    return shadow;
  }

  /** Runs both models on {@code features} (from {@code offset}). */
  void run(float[] features, int offset) {
    activeRunner.forward(features, offset, activeOut, 0);
    activeCategory = PolicyModel.category(activeOut);
    activeSteering = PolicyModel.steering(activeOut);
    if (shadowRunner == null) {
      shadowCategory = -1;
      shadowSteering = 0;
      disagreement = 0;
      return;
    }
    shadowRunner.forward(features, offset, shadowOut, 0);
    shadowCategory = PolicyModel.category(shadowOut);
    shadowSteering = PolicyModel.steering(shadowOut);
    disagreement = disagreement(activeOut, shadowOut, activeSteering, shadowSteering);
  }

  /** The {@code shadow} trigger variable of the last {@link #run}. */
  Shadow toShadow() {
    if (shadowCategory < 0) {
      return Shadow.NONE;
    }
    return new Shadow(
        disagreement,
        Longitudinal.of(activeCategory).wire(),
        Longitudinal.of(shadowCategory).wire(),
        activeSteering,
        shadowSteering);
  }

  /** The simulator's disagreement of two output vectors. */
  static double disagreement(float[] a, float[] s, double activeSteer, double shadowSteer) {
    double ma = Math.max(Math.max(a[0], a[1]), Math.max(a[2], a[3]));
    double ms = Math.max(Math.max(s[0], s[1]), Math.max(s[2], s[3]));
    double za = 0;
    double zs = 0;
    double[] pa = new double[4];
    double[] ps = new double[4];
    for (int i = 0; i < 4; i++) {
      pa[i] = StrictMath.exp(a[i] - ma);
      ps[i] = StrictMath.exp(s[i] - ms);
      za += pa[i];
      zs += ps[i];
    }
    double tv = 0;
    for (int i = 0; i < 4; i++) {
      tv += Math.abs(pa[i] / za - ps[i] / zs);
    }
    tv *= 0.5;
    double steer = Math.abs(activeSteer - shadowSteer) * 0.5;
    return Math.min(1.0, Math.max(tv, steer));
  }
}
