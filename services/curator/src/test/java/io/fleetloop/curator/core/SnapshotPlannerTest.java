package io.fleetloop.curator.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetloop.dataset.DatasetManifest;
import io.fleetloop.world.Conditions;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SnapshotPlannerTest {
  private static final int COMMON = Conditions.index(0, 0, 0, 0);
  private static final int RARE = Conditions.index(2, 3, 2, 1);
  private final SnapshotPlanner planner = new SnapshotPlanner(Balancer.defaults());

  private static LabeledClip labeled(String id, char digestChar, String trigger, int condition) {
    String hex = String.valueOf(digestChar).repeat(64);
    return new LabeledClip(
        id,
        "sha256:" + hex,
        "s3://b/clips/sha256/" + hex.substring(0, 2) + "/" + hex,
        "dev-" + id,
        trigger,
        condition,
        DatasetManifest.Clip.TAKEOVER,
        10,
        10,
        "raw-f32/v1",
        "2026-11-21T10:00:00Z");
  }

  @Test
  void pendingFiltersByTriggerSkipsSnapshottedAndKeepsOneClipPerDigest() {
    List<LabeledClip> all =
        List.of(
            labeled("c3", 'a', "t/a", COMMON),
            labeled("c1", 'a', "t/a", COMMON),
            labeled("c2", 'b', "t/b", RARE),
            labeled("c4", 'c', "t/a", RARE),
            labeled("c5", 'd', "t/a", RARE));

    List<LabeledClip> pending =
        SnapshotPlanner.pending(
            all, Set.of("t/a"), Set.of("c4"), Set.of("sha256:" + "d".repeat(64)));

    assertThat(pending).extracting(LabeledClip::clipId).containsExactly("c1");
    assertThat(SnapshotPlanner.pending(all, Set.of(), Set.of(), Set.of()))
        .extracting(LabeledClip::clipId)
        .containsExactly("c1", "c2", "c4", "c5");
    assertThat(
            SnapshotPlanner.perTrigger(SnapshotPlanner.pending(all, Set.of(), Set.of(), Set.of())))
        .containsEntry("t/a", 3L)
        .containsEntry("t/b", 1L);
  }

  @Test
  void aSnapshotIsCumulativeAndRebalancedOverParentAndNewClips() {
    DatasetManifest first =
        planner.plan(
            null,
            List.of(labeled("c1", 'a', "t/a", COMMON), labeled("c2", 'b', "t/a", COMMON)),
            Set.of("t/a"),
            "2026-11-21T10:00:00Z");
    assertThat(first.parent()).isNull();
    assertThat(first.clips()).allSatisfy(c -> assertThat(c.weight()).isEqualTo(1.0));

    DatasetManifest second =
        planner.plan(
            first,
            List.of(labeled("c3", 'c', "t/a", RARE), labeled("c9", 'a', "t/a", COMMON)),
            Set.of("t/a"),
            "2026-11-21T11:00:00Z");

    assertThat(second.parent()).isEqualTo(first.id());
    assertThat(second.clips())
        .extracting(DatasetManifest.Clip::clipId)
        .as("c9 has the parent's content of c1")
        .containsExactly("c1", "c2", "c3");
    assertThat(second.clips().get(0).weight()).isEqualTo(0.75);
    assertThat(second.clips().get(2).weight()).isEqualTo(1.5);
    assertThat(second.perCondition())
        .containsEntry(Conditions.label(COMMON), 2L)
        .containsEntry(Conditions.label(RARE), 1L);
    assertThat(second.triggers()).containsExactly("t/a");
    assertThat(DatasetManifest.read(second.toJson(), second.id())).isEqualTo(second);
  }
}
