package io.fleetloop.operator.trainingrun;

import io.fleetloop.operator.OperatorSettings;
import io.fleetloop.operator.scheduling.PoolScheduler;
import java.util.Objects;

/**
 * What the TrainingRun and HardwarePool reconcilers share beyond the operator context: the pool
 * scheduler, the dataset source, the artifact store, the audit of training facts and the settings.
 * Owns the clients it made ({@link #close()}).
 */
public final class TrainingRuntime implements AutoCloseable {

  private final TrainingSettings settings;
  private final PoolScheduler scheduler;
  private final Datasets datasets;
  private final ArtifactStore store;
  private final TrainingEvents events;

  /** Everything given (tests). */
  public TrainingRuntime(
      TrainingSettings settings,
      PoolScheduler scheduler,
      Datasets datasets,
      ArtifactStore store,
      TrainingEvents events) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    this.datasets = Objects.requireNonNull(datasets, "datasets");
    this.store = Objects.requireNonNull(store, "store");
    this.events = Objects.requireNonNull(events, "events");
  }

  /** The runtime of {@code training}, recording facts where {@code operator} records conditions. */
  public static TrainingRuntime of(TrainingSettings training, OperatorSettings operator) {
    return new TrainingRuntime(
        training,
        new PoolScheduler(),
        training.curator().<Datasets>map(CuratorDatasets::connect).orElseGet(Datasets::none),
        training.s3().map(ArtifactStore::s3).orElseGet(ArtifactStore::none),
        TrainingEvents.of(operator.audit()));
  }

  public TrainingSettings settings() {
    return settings;
  }

  public PoolScheduler scheduler() {
    return scheduler;
  }

  public Datasets datasets() {
    return datasets;
  }

  public ArtifactStore store() {
    return store;
  }

  public TrainingEvents events() {
    return events;
  }

  @Override
  public void close() {
    events.close();
    if (datasets instanceof AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception e) {
        // closing a channel: nothing to recover
      }
    }
  }
}
