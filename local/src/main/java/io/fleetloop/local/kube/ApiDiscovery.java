package io.fleetloop.local.kube;

import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.APIGroupBuilder;
import io.fabric8.kubernetes.api.model.APIGroupList;
import io.fabric8.kubernetes.api.model.APIGroupListBuilder;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceBuilder;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.APIResourceListBuilder;
import io.fabric8.kubernetes.api.model.APIVersions;
import io.fabric8.kubernetes.api.model.APIVersionsBuilder;
import io.fabric8.kubernetes.api.model.GroupVersionForDiscovery;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The discovery documents ({@code /api}, {@code /api/v1}, {@code /apis}, {@code /apis/<g>}, {@code
 * /apis/<g>/<v>}) for the built-in types plus the CRDs currently stored, computed per request. They
 * carry what kubectl needs to resolve {@code get fleetloop} (categories), {@code get dtr} (short
 * names), scope ({@code namespaced}), {@code verbs} and the {@code <plural>/status} subresource
 * entries.
 */
final class ApiDiscovery {

  private static final List<String> VERBS =
      List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");
  private static final List<String> SUBRESOURCE_VERBS = List.of("get", "patch", "update");

  private final List<ApiResourceType> types;
  private final Map<String, String> preferredVersions;

  private ApiDiscovery(List<ApiResourceType> types, Map<String, String> preferredVersions) {
    this.types = types;
    this.preferredVersions = preferredVersions;
  }

  /** Discovery for the built-ins plus {@code crds}. */
  static ApiDiscovery of(List<CustomResourceDefinition> crds) {
    List<ApiResourceType> types = new ArrayList<>(BuiltinResources.TYPES);
    Map<String, String> preferred = new LinkedHashMap<>();
    for (CustomResourceDefinition crd : crds) {
      var spec = crd.getSpec();
      if (spec == null || spec.getNames() == null || spec.getVersions() == null) {
        continue;
      }
      var names = spec.getNames();
      for (CustomResourceDefinitionVersion version : spec.getVersions()) {
        if (!Boolean.TRUE.equals(version.getServed())) {
          continue;
        }
        List<String> subresources = new ArrayList<>();
        if (version.getSubresources() != null) {
          if (version.getSubresources().getStatus() != null) {
            subresources.add("status");
          }
          if (version.getSubresources().getScale() != null) {
            subresources.add("scale");
          }
        }
        types.add(
            new ApiResourceType(
                spec.getGroup(),
                version.getName(),
                names.getPlural(),
                Optional.ofNullable(names.getSingular())
                    .orElse(names.getKind().toLowerCase(java.util.Locale.ROOT)),
                names.getKind(),
                "Namespaced".equals(spec.getScope()),
                Optional.ofNullable(names.getShortNames()).orElse(List.of()),
                Optional.ofNullable(names.getCategories()).orElse(List.of()),
                subresources));
        if (Boolean.TRUE.equals(version.getStorage())) {
          preferred.put(spec.getGroup(), version.getName());
        }
      }
    }
    return new ApiDiscovery(types, preferred);
  }

  /** {@code /api} */
  APIVersions coreVersions(String serverAddress) {
    return new APIVersionsBuilder()
        .withVersions("v1")
        .addNewServerAddressByClientCIDR()
        .withClientCIDR("0.0.0.0/0")
        .withServerAddress(serverAddress)
        .endServerAddressByClientCIDR()
        .build();
  }

  /** {@code /apis} */
  APIGroupList groups() {
    List<APIGroup> groups = new ArrayList<>();
    groupNames().forEach(g -> groups.add(group(g).orElseThrow()));
    return new APIGroupListBuilder().withGroups(groups).build();
  }

  /** {@code /apis/<group>} */
  Optional<APIGroup> group(String group) {
    List<String> versions =
        types.stream()
            .filter(t -> t.group().equals(group))
            .map(ApiResourceType::version)
            .distinct()
            .toList();
    if (group.isEmpty() || versions.isEmpty()) {
      return Optional.empty();
    }
    String preferred = preferredVersions.getOrDefault(group, versions.get(0));
    List<GroupVersionForDiscovery> gvs =
        versions.stream().map(v -> new GroupVersionForDiscovery(group + "/" + v, v)).toList();
    return Optional.of(
        new APIGroupBuilder()
            .withName(group)
            .withVersions(gvs)
            .withPreferredVersion(new GroupVersionForDiscovery(group + "/" + preferred, preferred))
            .build());
  }

  /** {@code /api/v1} or {@code /apis/<group>/<version>}; empty if nothing is served there. */
  Optional<APIResourceList> resources(String group, String version) {
    List<APIResource> resources = new ArrayList<>();
    types.stream()
        .filter(t -> t.group().equals(group) && t.version().equals(version))
        .forEach(
            t -> {
              resources.add(
                  new APIResourceBuilder()
                      .withName(t.plural())
                      .withSingularName(t.singular())
                      .withNamespaced(t.namespaced())
                      .withKind(t.kind())
                      .withVerbs(VERBS)
                      .withShortNames(t.shortNames().isEmpty() ? null : t.shortNames())
                      .withCategories(t.categories().isEmpty() ? null : t.categories())
                      .build());
              t.subresources()
                  .forEach(
                      sub ->
                          resources.add(
                              new APIResourceBuilder()
                                  .withName(t.plural() + "/" + sub)
                                  .withSingularName("")
                                  .withNamespaced(t.namespaced())
                                  .withKind("scale".equals(sub) ? "Scale" : t.kind())
                                  .withGroup("scale".equals(sub) ? "autoscaling" : null)
                                  .withVersion("scale".equals(sub) ? "v1" : null)
                                  .withVerbs(SUBRESOURCE_VERBS)
                                  .build()));
            });
    if (resources.isEmpty()) {
      return Optional.empty();
    }
    String groupVersion = group.isEmpty() ? version : group + "/" + version;
    return Optional.of(
        new APIResourceListBuilder()
            .withGroupVersion(groupVersion)
            .withResources(resources)
            .build());
  }

  /** The resource type served at {@code group/version/plural}, if any. */
  Optional<ApiResourceType> type(String group, String version, String plural) {
    return types.stream()
        .filter(
            t ->
                t.group().equals(group) && t.version().equals(version) && t.plural().equals(plural))
        .findFirst();
  }

  private List<String> groupNames() {
    return types.stream()
        .map(ApiResourceType::group)
        .filter(g -> !g.isEmpty())
        .filter(Objects::nonNull)
        .distinct()
        .toList();
  }
}
