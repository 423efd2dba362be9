package io.fleetloop.e2e;

import static io.fleetloop.e2e.Cluster.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.CustomResource;
import io.fleetloop.api.common.Condition;
import io.fleetloop.api.common.ConditionTypes;
import io.fleetloop.api.common.FleetloopStatus;
import io.fleetloop.api.v1alpha1.DataTrigger;
import io.fleetloop.api.v1alpha1.FleetRelease;
import io.fleetloop.api.v1alpha1.HardwarePool;
import io.fleetloop.api.v1alpha1.TrainingRun;
import io.fleetloop.audit.api.ResourceIds;
import io.fleetloop.audit.api.query.TimelineEntry;
import io.fleetloop.audit.client.AuditClient;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The operator's decisions in the audit log, end to end: the examples become Ready, and each one's
 * {@code Ready} transition is in its audit timeline — read through the audit log's public query API
 * — with the reason, generation and uid the status shows, recorded by the operator, and no
 * transition recorded twice.
 *
 * <p>On a cluster without an audit query endpoint ({@link ClusterTarget#noAuditReason()}) the
 * examples are still checked and only the audit assertions are skipped.
 */
class AuditTrailE2E {

  @RegisterExtension static final Cluster cluster = new Cluster();

  private static Examples examples;

  @BeforeAll
  static void loadTheExamples() {
    examples = Examples.load(cluster.namespace(), cluster.poolSuffix());
  }

  @Test
  void theExamplesReadyTransitionsAreInTheAuditTimeline() {
    // what they refer to first, so that the run and the release resolve at once (a first
    // PoolNotFound from a slow informer would be recorded too, and is allowed below)
    examples.pools().forEach(p -> cluster.create(Examples.copy(p)));
    examples.triggers().forEach(t -> cluster.create(Examples.copy(t)));
    examples.releases().forEach(r -> cluster.create(Examples.copy(r)));
    examples.runs().forEach(r -> cluster.create(Examples.copy(r)));

    List<HasMetadata> ready = new ArrayList<>();
    examples.pools().forEach(p -> ready.add(awaitReady(HardwarePool.class, p)));
    examples.triggers().forEach(t -> ready.add(awaitReady(DataTrigger.class, t)));
    examples.releases().forEach(r -> ready.add(awaitReady(FleetRelease.class, r)));
    examples.runs().forEach(r -> ready.add(awaitReady(TrainingRun.class, r)));

    AuditClient audit = cluster.target().audit().orElse(null);
    assumeTrue(audit != null, cluster.target()::noAuditReason);

    for (HasMetadata resource : ready) {
      String stream = streamId(resource);
      String kind = resource.getKind();
      // appended before the status was written: there as soon as the status says Ready
      List<TimelineEntry> timeline = audit.timeline(stream);
      List<TimelineEntry> readyEntries =
          timeline.stream()
              .filter(e -> e.eventType().equals("ConditionChanged"))
              .filter(e -> e.payload().path("type").asText().equals(ConditionTypes.READY))
              .toList();
      assertThat(readyEntries).as("Ready transitions of %s", stream).isNotEmpty();
      TimelineEntry last = readyEntries.get(readyEntries.size() - 1);
      assertThat(last.actor()).isEqualTo("operator/" + kind.toLowerCase(Locale.ROOT));
      assertThat(last.payload().path("status").asText()).isEqualTo(ConditionTypes.TRUE);
      assertThat(last.payload().path("reason").asText()).isEqualTo(READY_REASON.get(kind));
      assertThat(last.payload().path("generation").asLong())
          .isEqualTo(resource.getMetadata().getGeneration());
      assertThat(last.payload().path("uid").asText()).isEqualTo(resource.getMetadata().getUid());

      // a transition is recorded once: per condition type, no two consecutive entries agree
      Map<String, String> previous = new HashMap<>();
      for (TimelineEntry e : timeline) {
        if (!e.eventType().equals("ConditionChanged")) {
          continue; // e.g. TriggerDeployed where a release channel runs
        }
        String type = e.payload().path("type").asText();
        String state =
            e.payload().path("status").asText() + "/" + e.payload().path("reason").asText();
        assertThat(previous.put(type, state))
            .as("%s %s recorded twice in a row in %s", type, state, stream)
            .isNotEqualTo(state);
      }
    }
  }

  /** The example's {@code Ready} reason: the operator's published API, written out. */
  private static final Map<String, String> READY_REASON =
      Map.of(
          HardwarePool.KIND, "CapacityAvailable",
          DataTrigger.KIND, "Compiled",
          FleetRelease.KIND, "ReferencesResolved",
          TrainingRun.KIND, "ReferencesResolved");

  /** Waits until {@code example} is Ready with its reason; returns it as it is then. */
  private static <S extends FleetloopStatus, R extends CustomResource<?, S>> R awaitReady(
      Class<R> type, R example) {
    String name = example.getMetadata().getName();
    List<R> seen = new ArrayList<>();
    eventually()
        .untilAsserted(
            () -> {
              R current = cluster.get(type, name);
              assertThat(current.getStatus().getObservedGeneration())
                  .isEqualTo(current.getMetadata().getGeneration());
              assertThat(current.getStatus().condition(ConditionTypes.READY))
                  .get()
                  .returns(ConditionTypes.TRUE, Condition::getStatus)
                  .returns(READY_REASON.get(current.getKind()), Condition::getReason);
              seen.add(current);
            });
    return seen.get(seen.size() - 1);
  }

  private static String streamId(HasMetadata resource) {
    return ResourceIds.forResource(
        resource.getKind(),
        resource.getMetadata().getNamespace(),
        resource.getMetadata().getName());
  }
}
