package io.fleetloop.world;

import io.fleetloop.trigger.Env;
import java.util.Optional;

/**
 * One vehicle's scenario at one moment: the driving condition and the hidden state that shapes its
 * traffic. A snapshot for inspection and tests; the simulator itself keeps these as arrays.
 *
 * @param condition the dense {@link Conditions} index of {@link #env()}
 * @param env weather, zone, light and road surface
 * @param rareCombo the name of the {@link RareCombo} forcing this zone segment, if any
 * @param trafficDensity 0 (empty road) .. 1 (dense traffic) for this zone segment
 * @param pedestrianMean mean number of pedestrians in view
 * @param curvature the road's curvature, 1/m, positive to the left
 */
public record Scenario(
    int condition,
    Env env,
    Optional<String> rareCombo,
    double trafficDensity,
    double pedestrianMean,
    double curvature) {}
