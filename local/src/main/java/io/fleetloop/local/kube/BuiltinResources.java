package io.fleetloop.local.kube;

import java.util.List;

/**
 * The built-in kinds the local API server advertises, so kubectl and the Fabric8 client can map
 * kinds to URLs: what the operator and the examples use (namespaces, events, config maps, secrets,
 * pods, services, leases, jobs, deployments, RBAC). The CRUD store accepts any path; only discovery
 * needs this table.
 */
final class BuiltinResources {

  private static final List<String> NONE = List.of();
  private static final List<String> ALL = List.of("all");
  private static final List<String> STATUS = List.of("status");

  static final List<ApiResourceType> TYPES =
      List.of(
          core("namespaces", "namespace", "Namespace", false, List.of("ns"), NONE, STATUS),
          core("events", "event", "Event", true, List.of("ev"), NONE, NONE),
          core("configmaps", "configmap", "ConfigMap", true, List.of("cm"), NONE, NONE),
          core("secrets", "secret", "Secret", true, NONE, NONE, NONE),
          core("pods", "pod", "Pod", true, List.of("po"), ALL, STATUS),
          core("services", "service", "Service", true, List.of("svc"), ALL, STATUS),
          core(
              "serviceaccounts",
              "serviceaccount",
              "ServiceAccount",
              true,
              List.of("sa"),
              NONE,
              NONE),
          core("endpoints", "endpoints", "Endpoints", true, List.of("ep"), NONE, NONE),
          core(
              "persistentvolumeclaims",
              "persistentvolumeclaim",
              "PersistentVolumeClaim",
              true,
              List.of("pvc"),
              NONE,
              STATUS),
          core("nodes", "node", "Node", false, List.of("no"), NONE, STATUS),
          of("apps", "v1", "deployments", "deployment", "Deployment", List.of("deploy"), ALL),
          of("apps", "v1", "statefulsets", "statefulset", "StatefulSet", List.of("sts"), ALL),
          of("apps", "v1", "replicasets", "replicaset", "ReplicaSet", List.of("rs"), ALL),
          of("apps", "v1", "daemonsets", "daemonset", "DaemonSet", List.of("ds"), ALL),
          of("batch", "v1", "jobs", "job", "Job", NONE, ALL),
          of("batch", "v1", "cronjobs", "cronjob", "CronJob", List.of("cj"), ALL),
          new ApiResourceType(
              "coordination.k8s.io", "v1", "leases", "lease", "Lease", true, NONE, NONE, NONE),
          new ApiResourceType(
              "events.k8s.io", "v1", "events", "event", "Event", true, List.of("ev"), NONE, NONE),
          new ApiResourceType(
              "apiextensions.k8s.io",
              "v1",
              "customresourcedefinitions",
              "customresourcedefinition",
              "CustomResourceDefinition",
              false,
              List.of("crd", "crds"),
              NONE,
              STATUS),
          rbac("roles", "role", "Role", true),
          rbac("rolebindings", "rolebinding", "RoleBinding", true),
          rbac("clusterroles", "clusterrole", "ClusterRole", false),
          rbac("clusterrolebindings", "clusterrolebinding", "ClusterRoleBinding", false));

  private BuiltinResources() {}

  private static ApiResourceType core(
      String plural,
      String singular,
      String kind,
      boolean namespaced,
      List<String> shortNames,
      List<String> categories,
      List<String> subresources) {
    return new ApiResourceType(
        "", "v1", plural, singular, kind, namespaced, shortNames, categories, subresources);
  }

  private static ApiResourceType of(
      String group,
      String version,
      String plural,
      String singular,
      String kind,
      List<String> shortNames,
      List<String> categories) {
    return new ApiResourceType(
        group, version, plural, singular, kind, true, shortNames, categories, STATUS);
  }

  private static ApiResourceType rbac(
      String plural, String singular, String kind, boolean namespaced) {
    return new ApiResourceType(
        "rbac.authorization.k8s.io", "v1", plural, singular, kind, namespaced, NONE, NONE, NONE);
  }
}
