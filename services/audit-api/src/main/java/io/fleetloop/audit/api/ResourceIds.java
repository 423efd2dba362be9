package io.fleetloop.audit.api;

import java.util.regex.Pattern;

/**
 * Stream ids: {@code <kind>/<namespace>/<name>} for namespaced custom resources, {@code
 * <kind>/<name>} for the rest, e.g. {@code fleetrelease/prod/model-y-na}, {@code
 * hardwarepool/edge-hw4}, {@code dataset/policy-2026-11-21}, {@code device/veh-00042}. The kind
 * prefix keeps ids unique across aggregate types in the one event table.
 */
public final class ResourceIds {

  private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:@+-]{0,252}");

  private ResourceIds() {}

  /** A parsed stream id. {@code namespace} is null for kinds without one. */
  public record StreamId(StreamKind kind, String namespace, String name) {
    @Override
    public String toString() {
      return namespace == null
          ? kind.prefix() + "/" + name
          : kind.prefix() + "/" + namespace + "/" + name;
    }
  }

  public static String dataTrigger(String namespace, String name) {
    return of(StreamKind.DATATRIGGER, namespace, name);
  }

  public static String trainingRun(String namespace, String name) {
    return of(StreamKind.TRAININGRUN, namespace, name);
  }

  public static String fleetRelease(String namespace, String name) {
    return of(StreamKind.FLEETRELEASE, namespace, name);
  }

  public static String hardwarePool(String name) {
    return of(StreamKind.HARDWAREPOOL, null, name);
  }

  public static String dataset(String snapshot) {
    return of(StreamKind.DATASET, null, snapshot);
  }

  public static String device(String deviceId) {
    return of(StreamKind.DEVICE, null, deviceId);
  }

  /**
   * The stream id of a custom resource from its Kubernetes kind ({@code FleetRelease}), namespace
   * (ignored for cluster-scoped kinds) and name.
   */
  public static String forResource(String kind, String namespace, String name) {
    StreamKind streamKind =
        StreamKind.find(kind)
            .filter(StreamKind::hasConditions)
            .orElseThrow(
                () ->
                    new IllegalArgumentException("not a Fleetloop custom resource kind: " + kind));
    return of(streamKind, streamKind.namespaced() ? namespace : null, name);
  }

  /** Builds and validates a stream id. */
  public static String of(StreamKind kind, String namespace, String name) {
    if (kind.namespaced()) {
      requireSegment(namespace, "namespace");
    } else if (namespace != null) {
      throw new IllegalArgumentException(kind.displayName() + " ids have no namespace");
    }
    requireSegment(name, "name");
    return new StreamId(kind, namespace, name).toString();
  }

  /**
   * Parses a stream id.
   *
   * @throws IllegalArgumentException naming what is wrong with it
   */
  public static StreamId parse(String id) {
    if (id == null || id.isBlank()) {
      throw new IllegalArgumentException("stream id is empty");
    }
    String[] parts = id.split("/", -1);
    StreamKind kind =
        StreamKind.find(parts[0])
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "unknown stream kind '" + parts[0] + "' in '" + id + "'"));
    int expected = kind.namespaced() ? 3 : 2;
    if (parts.length != expected) {
      throw new IllegalArgumentException(
          "'"
              + id
              + "' is not a "
              + kind.displayName()
              + " id ("
              + kind.prefix()
              + (kind.namespaced() ? "/<namespace>/<name>)" : "/<name>)"));
    }
    String namespace = kind.namespaced() ? parts[1] : null;
    String name = parts[expected - 1];
    if (namespace != null) {
      requireSegment(namespace, "namespace");
    }
    requireSegment(name, "name");
    return new StreamId(kind, namespace, name);
  }

  /** True when {@code id} parses and is of {@code kind}. */
  public static boolean isOf(String id, StreamKind kind) {
    try {
      return parse(id).kind() == kind;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static void requireSegment(String value, String what) {
    if (value == null || !SEGMENT.matcher(value).matches()) {
      throw new IllegalArgumentException("invalid " + what + " '" + value + "'");
    }
  }
}
