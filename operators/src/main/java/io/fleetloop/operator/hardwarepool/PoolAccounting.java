package io.fleetloop.operator.hardwarepool;

import io.fleetloop.api.common.ConditionTypes;
import io.fleetloop.api.v1alpha1.HardwarePoolSpec;
import io.fleetloop.api.v1alpha1.HardwarePoolStatus;
import io.fleetloop.operator.common.Finding;
import java.util.List;
import java.util.Objects;

/**
 * A pool's capacity accounting.
 *
 * <p>No scheduler is part of this release: nothing is ever allocated on a pool and nothing queues
 * for it, so {@code allocated} is 0 and {@code queued} is empty — true statements, not estimates.
 * The scheduler issue replaces {@link #account} with the real figures.
 */
public final class PoolAccounting {

  /** Ready=True: the pool has capacity. */
  public static final String CAPACITY_AVAILABLE = HardwarePoolStatus.REASON_CAPACITY_AVAILABLE;

  /** Ready=False: the pool's capacity is 0. */
  public static final String NO_CAPACITY = HardwarePoolStatus.REASON_NO_CAPACITY;

  private PoolAccounting() {}

  /** Fills {@code capacity}, {@code allocated} and {@code queued}. */
  public static void account(HardwarePoolSpec spec, HardwarePoolStatus status) {
    status.setCapacity(capacity(spec));
    status.setAllocated(0);
    status.setQueued(List.of());
  }

  /** {@code Ready}: True with {@code CapacityAvailable}, or False with {@code NoCapacity}. */
  public static Finding ready(HardwarePoolSpec spec) {
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
        "%d x %s; none allocated (no scheduler allocates capacity in this release)"
            .formatted(capacity, what));
  }

  private static int capacity(HardwarePoolSpec spec) {
    return Objects.requireNonNullElse(spec.getCapacity(), 0);
  }
}
