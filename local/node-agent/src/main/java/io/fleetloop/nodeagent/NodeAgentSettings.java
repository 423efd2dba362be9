package io.fleetloop.nodeagent;

import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a node agent runs. LOCAL STACK ONLY.
 *
 * @param namespace the namespace whose Jobs it runs; empty: every namespace
 * @param labelKey the label a Job must carry to be run here
 * @param labelValue the label's value
 * @param images the images it can run, by image reference
 * @param clock the clock status times are taken from
 */
public record NodeAgentSettings(
    Optional<String> namespace,
    String labelKey,
    String labelValue,
    Map<String, LocalImage> images,
    Clock clock) {

  /** The label the TrainingRun reconciler puts on every training Job. */
  public static final String TRAINING_LABEL_KEY = "app.kubernetes.io/component";

  /** Its value. */
  public static final String TRAINING_LABEL_VALUE = "fleetloop-training";

  public NodeAgentSettings {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(labelKey, "labelKey");
    Objects.requireNonNull(labelValue, "labelValue");
    Objects.requireNonNull(clock, "clock");
    images = Map.copyOf(images);
  }

  /** Fleetloop training Jobs in every namespace, running {@code images}. */
  public static NodeAgentSettings training(Map<String, LocalImage> images) {
    return new NodeAgentSettings(
        Optional.empty(), TRAINING_LABEL_KEY, TRAINING_LABEL_VALUE, images, Clock.systemUTC());
  }

  /** The same settings limited to {@code namespace}. */
  public NodeAgentSettings inNamespace(String namespace) {
    return new NodeAgentSettings(Optional.of(namespace), labelKey, labelValue, images, clock);
  }
}
