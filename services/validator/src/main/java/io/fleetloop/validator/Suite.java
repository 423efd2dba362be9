package io.fleetloop.validator;

import io.fleetloop.world.model.Dataset;
import java.util.Objects;

/**
 * One validation suite: frames of the reference world, labelled with the human driver's (the
 * oracle's) action, in the trainer's sample layout ({@code TrainingSamples}).
 *
 * @param name the suite's name, e.g. {@code heldout}
 * @param worldSeed the seed of the world the frames were driven in
 * @param samples the frames
 */
public record Suite(String name, long worldSeed, Dataset samples) {
  public Suite {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(samples, "samples");
  }
}
