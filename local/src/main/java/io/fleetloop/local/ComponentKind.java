package io.fleetloop.local;

import java.util.Arrays;

/** The components the local stack can run. */
public enum ComponentKind {
  /** The in-memory Kubernetes API server (in this JVM). */
  KUBE_API("kube-api"),
  /** PostgreSQL (embedded binaries, a postmaster process tree). */
  POSTGRES("postgres"),
  /** An S3 server (S3Proxy in a child JVM). */
  S3("s3"),
  /** Apache Pulsar standalone (broker + bookie in a child JVM). */
  PULSAR("pulsar");

  private final String id;

  ComponentKind(String id) {
    this.id = id;
  }

  /** The short, stable name used in logs, the state file and on the command line. */
  public String id() {
    return id;
  }

  /** Parses {@link #id()}. */
  public static ComponentKind fromId(String id) {
    return Arrays.stream(values())
        .filter(k -> k.id.equals(id))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("unknown component: " + id));
  }

  @Override
  public String toString() {
    return id;
  }
}
