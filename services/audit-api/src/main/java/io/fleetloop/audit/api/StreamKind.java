package io.fleetloop.audit.api;

import java.util.Locale;
import java.util.Optional;

/** The kinds of stream in the audit log; the first segment of every stream id. */
public enum StreamKind {
  DATATRIGGER("DataTrigger", true),
  TRAININGRUN("TrainingRun", true),
  FLEETRELEASE("FleetRelease", true),
  HARDWAREPOOL("HardwarePool", false),
  DATASET("Dataset", false),
  DEVICE("Device", false);

  private final String displayName;
  private final boolean namespaced;

  StreamKind(String displayName, boolean namespaced) {
    this.displayName = displayName;
    this.namespaced = namespaced;
  }

  /** The lower-case prefix used in stream ids, e.g. {@code fleetrelease}. */
  public String prefix() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The Kubernetes-style kind, e.g. {@code FleetRelease}. */
  public String displayName() {
    return displayName;
  }

  /** True when ids carry a namespace segment ({@code kind/namespace/name}). */
  public boolean namespaced() {
    return namespaced;
  }

  /** True for the four custom resources whose reconcilers record condition transitions. */
  public boolean hasConditions() {
    return this == DATATRIGGER
        || this == TRAININGRUN
        || this == FLEETRELEASE
        || this == HARDWAREPOOL;
  }

  /**
   * Finds the kind by prefix ({@code fleetrelease}) or by Kubernetes kind ({@code FleetRelease}).
   */
  public static Optional<StreamKind> find(String name) {
    if (name == null) {
      return Optional.empty();
    }
    for (StreamKind kind : values()) {
      if (kind.prefix().equalsIgnoreCase(name) || kind.displayName.equalsIgnoreCase(name)) {
        return Optional.of(kind);
      }
    }
    return Optional.empty();
  }
}
