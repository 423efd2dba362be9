package io.fleetloop.operator.hardwarepool;

import io.fleetloop.api.common.ConditionTypes;
import io.fleetloop.api.v1alpha1.HardwarePoolSpec;
import io.fleetloop.api.v1alpha1.HardwarePoolStatus;
import io.fleetloop.operator.common.Finding;
import io.fleetloop.operator.scheduling.PoolScheduler;
import java.util.Objects;

/**
 * A pool's capacity accounting: {@code capacity} from the spec, {@code allocated} and {@code
 * queued} (runs in admission order) from the {@link PoolScheduler}.
 */
public final class PoolAccounting {

  /** Ready=True: the pool has capacity. */
  public static final String CAPACITY_AVAILABLE = HardwarePoolStatus.REASON_CAPACITY_AVAILABLE;

  /** Ready=False: the pool's capacity is 0. */
  public static final String NO_CAPACITY = HardwarePoolStatus.REASON_NO_CAPACITY;

  private PoolAccounting() {}

  /** Fills {@code capacity}, {@code allocated} and {@code queued} from the scheduler's view. */
  public static void account(
      HardwarePoolSpec spec, PoolScheduler.PoolView view, HardwarePoolStatus status) {
    status.setCapacity(capacity(spec));
    status.setAllocated(view.allocated());
    status.setQueued(view.queued());
  }

  /** {@code Ready}: True with {@code CapacityAvailable}, or False with {@code NoCapacity}. */
  public static Finding ready(HardwarePoolSpec spec, PoolScheduler.PoolView view) {
    int capacity = capacity(spec);
    String what =
        spec.getAccelerator() == null
            ? "accelerators"
            : "%s %s".formatted(spec.getAccelerator().getKind(), spec.getAccelerator().getModel());
    if (capacity <= 0) {
      return Finding.failed(
          ConditionTypes.READY,
          NO_CAPACITY,
          "capacity is 0: no training phase can run on this pool");
    }
    return Finding.satisfied(
        ConditionTypes.READY,
        CAPACITY_AVAILABLE,
        "%d x %s; %d allocated, %d runs queued"
            .formatted(capacity, what, view.allocated(), view.queued().size()));
  }

  private static int capacity(HardwarePoolSpec spec) {
    return Objects.requireNonNullElse(spec.getCapacity(), 0);
  }
}
