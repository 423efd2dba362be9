package io.fleetloop.operator.common;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fleetloop.contract.CrdContract;
import io.fleetloop.contract.Violation;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The first step of every reconciliation: the spec checked against the CRD's OpenAPI schema and
 * {@code x-kubernetes-validations} rules (libs/contract), as the API server checks a create
 * request.
 *
 * <p>The operator cannot rely on the API server for this: the in-memory API server of the local
 * stack validates nothing, and an older real one may skip CEL rules. What is checked is what the
 * user controls — {@code apiVersion}, {@code kind}, the user-set metadata (name, namespace, labels,
 * annotations) and {@code spec}; the status and server-set metadata are left out.
 */
public final class SpecContract {

  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  private final CrdContract contract;

  public SpecContract(CrdContract contract) {
    this.contract = contract;
  }

  /** The contract of the Fleetloop CRDs on the classpath (those of the fleetloop-api jar). */
  public static SpecContract fromClasspath() {
    CrdContract contract = CrdContract.fromClasspath();
    if (contract.isEmpty()) {
      throw new IllegalStateException(
          "no Fleetloop CRDs on the classpath (META-INF/fabric8/*.fleetloop.io-v1.yml)");
    }
    return new SpecContract(contract);
  }

  /** Every violation, in the API server's words; empty when the resource would be accepted. */
  public List<Violation> check(HasMetadata resource) {
    return contract.validate(asCreateRequest(resource));
  }

  /**
   * The violations as one message ({@code field: message; field: message}), or empty when the
   * resource would be accepted.
   */
  public Optional<String> violations(HasMetadata resource) {
    List<Violation> violations = check(resource);
    if (violations.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        violations.stream().map(Violation::toString).collect(Collectors.joining("; ")));
  }

  private static JsonNode asCreateRequest(HasMetadata resource) {
    ObjectNode object = (ObjectNode) JSON.convertValue(resource, JsonNode.class);
    object.remove("status");
    ObjectMeta meta = resource.getMetadata();
    ObjectMeta userSet = new ObjectMeta();
    userSet.setName(meta.getName());
    userSet.setNamespace(meta.getNamespace());
    userSet.setLabels(meta.getLabels());
    userSet.setAnnotations(meta.getAnnotations());
    object.set("metadata", JSON.convertValue(userSet, JsonNode.class));
    return object;
  }
}
