package io.fleetloop.operator.common;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Emits core v1 Events about the resources the operator reconciles ({@code kubectl describe} shows
 * them). Best effort: a failed Event is logged and never fails a reconciliation.
 *
 * <p>Events about cluster-scoped resources (HardwarePool) go to the {@code default} namespace, as
 * Kubernetes' own controllers do.
 */
public final class KubeEvents implements EventRecorder {

  /** The {@code source.component} of every Event. */
  public static final String COMPONENT = "fleetloop-operator";

  static final int MAX_MESSAGE = 1024;
  private static final String CLUSTER_SCOPED_EVENT_NAMESPACE = "default";
  private static final Logger log = LoggerFactory.getLogger(KubeEvents.class);

  private final KubernetesClient client;
  private final Clock clock;
  private final String instance;
  private final AtomicLong sequence = new AtomicLong();

  public KubeEvents(KubernetesClient client, Clock clock, String instance) {
    this.client = client;
    this.clock = clock;
    this.instance = instance;
  }

  @Override
  public void emit(HasMetadata about, Finding.Severity severity, String reason, String message) {
    try {
      Event event = build(about, severity, reason, message);
      client.v1().events().inNamespace(event.getMetadata().getNamespace()).resource(event).create();
    } catch (KubernetesClientException e) {
      log.warn(
          "could not record {} event {} on {} {}: {}",
          severity.eventType(),
          reason,
          about.getKind(),
          about.getMetadata().getName(),
          e.getMessage());
    }
  }

  Event build(HasMetadata about, Finding.Severity severity, String reason, String message) {
    Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
    String timestamp = DateTimeFormatter.ISO_INSTANT.format(now);
    String namespace =
        about instanceof Namespaced && about.getMetadata().getNamespace() != null
            ? about.getMetadata().getNamespace()
            : CLUSTER_SCOPED_EVENT_NAMESPACE;
    String name =
        about.getMetadata().getName()
            + "."
            + Long.toHexString(clock.millis()).toLowerCase(Locale.ROOT)
            + Long.toHexString(sequence.incrementAndGet());
    return new EventBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace(namespace)
        .endMetadata()
        .withNewInvolvedObject()
        .withApiVersion(about.getApiVersion())
        .withKind(about.getKind())
        .withName(about.getMetadata().getName())
        .withNamespace(about.getMetadata().getNamespace())
        .withUid(about.getMetadata().getUid())
        .withResourceVersion(about.getMetadata().getResourceVersion())
        .endInvolvedObject()
        .withType(severity.eventType())
        .withReason(reason)
        .withMessage(truncate(message))
        .withFirstTimestamp(timestamp)
        .withLastTimestamp(timestamp)
        .withCount(1)
        .withNewSource()
        .withComponent(COMPONENT)
        .withHost(instance)
        .endSource()
        .withReportingComponent(COMPONENT)
        .withReportingInstance(instance)
        .build();
  }

  static String truncate(String message) {
    if (message.length() <= MAX_MESSAGE) {
      return message;
    }
    return message.substring(0, MAX_MESSAGE - 3) + "...";
  }
}
