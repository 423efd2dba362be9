package io.fleetloop.operator.common;

import io.fabric8.kubernetes.api.model.HasMetadata;

/** Records Kubernetes Events about reconciled resources ({@link KubeEvents} in the operator). */
public interface EventRecorder {

  /** Records a {@code Normal} or {@code Warning} Event with {@code reason} about {@code about}. */
  void emit(HasMetadata about, Finding.Severity severity, String reason, String message);
}
