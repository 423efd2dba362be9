package io.fleetloop.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetloop.release.grpc.Artifact;
import io.fleetloop.release.grpc.Assignment;
import io.fleetloop.release.grpc.TriggerAssignment;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class AssignmentTriggersTest {

  private static TriggerAssignment trigger(String name, long generation, String condition) {
    return TriggerAssignment.newBuilder()
        .setId("datatrigger/demo/" + name)
        .setGeneration(generation)
        .setCondition(condition)
        .setPriority(90)
        .setSamplingRate(0.5)
        .setClipsPerDevicePerDay(7)
        .setBytesPerDevicePerDay(1 << 20)
        .setPreRollMs(2000)
        .setPostRollMs(1000)
        .setCooldownMs(30_000)
        .build();
  }

  private static Assignment assignment(TriggerAssignment... triggers) {
    return Assignment.newBuilder()
        .setModel(Artifact.newBuilder().setVersion("g3"))
        .setShadow(Artifact.newBuilder().setVersion("g4"))
        .setCodec(Artifact.newBuilder().setVersion("raw-v1"))
        .addAllTriggers(List.of(triggers))
        .setPollAfterSeconds(60)
        .build();
  }

  @Test
  void mapsEveryServedFieldOntoTheEdgeTrigger() {
    EdgeTrigger t =
        AssignmentTriggers.triggers(assignment(trigger("takeovers", 4, "frame.takeover"))).get(0);
    assertThat(t.id()).isEqualTo("datatrigger/demo/takeovers");
    assertThat(t.generation()).isEqualTo(4);
    assertThat(t.condition()).isEqualTo("frame.takeover");
    assertThat(t.priority()).isEqualTo(90);
    assertThat(t.samplingRate()).isEqualTo(0.5);
    assertThat(t.clipsPerDevicePerDay()).isEqualTo(7);
    assertThat(t.bytesPerDevicePerDay()).isEqualTo(1 << 20);
    assertThat(t.preRoll()).isEqualTo(Duration.ofSeconds(2));
    assertThat(t.postRoll()).isEqualTo(Duration.ofSeconds(1));
    assertThat(t.cooldown()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void devicesWithTheSameIdsAndGenerationsShareOneCompiledSet() {
    AssignmentTriggers cache = new AssignmentTriggers();
    var a =
        cache.resolve(
            assignment(trigger("takeovers", 1, "frame.takeover"), trigger("fog", 2, "true")));
    var b =
        cache.resolve(
            assignment(trigger("takeovers", 1, "frame.takeover"), trigger("fog", 2, "true")));
    var newer =
        cache.resolve(
            assignment(trigger("takeovers", 1, "frame.takeover"), trigger("fog", 3, "false")));
    var fewer = cache.resolve(assignment(trigger("takeovers", 1, "frame.takeover")));

    assertThat(b.triggers()).isSameAs(a.triggers());
    assertThat(newer.triggers()).isNotSameAs(a.triggers());
    assertThat(fewer.triggers().size()).isEqualTo(1);
    assertThat(cache.compiledSets()).isEqualTo(3);
    assertThat(a.modelVersion()).isEqualTo("g3");
    assertThat(a.shadowVersion()).isEqualTo("g4");
    assertThat(a.codecVersion()).isEqualTo("raw-v1");
    assertThat(a.versions())
        .extracting(v -> v.getId() + "@" + v.getGeneration())
        .containsExactly("datatrigger/demo/takeovers@1", "datatrigger/demo/fog@2");
  }

  @Test
  void noModelMeansEmptyVersionsAndABadConditionIsRefused() {
    AssignmentTriggers cache = new AssignmentTriggers();
    var empty = cache.resolve(Assignment.getDefaultInstance());
    assertThat(empty.triggers().size()).isZero();
    assertThat(empty.modelVersion()).isEmpty();
    assertThatThrownBy(() -> cache.resolve(assignment(trigger("bad", 1, "frame.nope >"))))
        .isInstanceOf(InvalidTriggerException.class)
        .hasMessageContaining("datatrigger/demo/bad");
  }
}
