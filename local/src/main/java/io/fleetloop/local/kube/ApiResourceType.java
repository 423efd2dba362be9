package io.fleetloop.local.kube;

import java.util.List;

/**
 * One resource type as discovery documents describe it.
 *
 * @param group API group ({@code ""} for the core group)
 * @param version API version
 * @param plural resource name in URLs
 * @param singular singular name
 * @param kind kind
 * @param namespaced whether objects live in namespaces
 * @param shortNames e.g. {@code dtr}
 * @param categories e.g. {@code fleetloop}, {@code all}
 * @param subresources e.g. {@code status}, {@code scale}
 */
public record ApiResourceType(
    String group,
    String version,
    String plural,
    String singular,
    String kind,
    boolean namespaced,
    List<String> shortNames,
    List<String> categories,
    List<String> subresources) {

  /** {@code v1} for the core group, else {@code group/version}. */
  public String groupVersion() {
    return group.isEmpty() ? version : group + "/" + version;
  }
}
