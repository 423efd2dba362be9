package io.fleetloop.operator.common;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.Objects;
import org.slf4j.MDC;

/**
 * Puts the resource being reconciled into the logging context ({@code kind}, {@code namespace},
 * {@code name}, {@code generation}) for as long as the scope is open.
 *
 * <pre>{@code
 * try (var scope = ReconcileScope.open(resource)) { ... }
 * }</pre>
 */
public final class ReconcileScope implements AutoCloseable {

  public static final String KIND = "kind";
  public static final String NAMESPACE = "namespace";
  public static final String NAME = "name";
  public static final String GENERATION = "generation";

  private ReconcileScope() {}

  /** Opens a scope for {@code resource}; close it to restore the logging context. */
  public static ReconcileScope open(HasMetadata resource) {
    MDC.put(KIND, resource.getKind());
    MDC.put(NAMESPACE, Objects.requireNonNullElse(resource.getMetadata().getNamespace(), ""));
    MDC.put(NAME, resource.getMetadata().getName());
    MDC.put(GENERATION, String.valueOf(resource.getMetadata().getGeneration()));
    return new ReconcileScope();
  }

  @Override
  public void close() {
    MDC.remove(KIND);
    MDC.remove(NAMESPACE);
    MDC.remove(NAME);
    MDC.remove(GENERATION);
  }
}
