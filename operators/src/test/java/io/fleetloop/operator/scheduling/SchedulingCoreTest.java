package io.fleetloop.operator.scheduling;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SchedulingCoreTest {

  private static final Instant T0 = Instant.parse("2026-11-21T00:00:00Z");

  private static Workload w(String run, int demand, int priority, int minute) {
    return new Workload("ns/" + run, "p", "pool", demand, priority, T0.plusSeconds(60L * minute));
  }

  private static final PoolPolicy PRIORITY = new PoolPolicy(8, false, false);
  private static final PoolPolicy FIFO = new PoolPolicy(8, true, false);
  private static final PoolPolicy PREEMPTING = new PoolPolicy(8, false, true);

  @Test
  void priorityOrdersHigherFirstThenOlder() {
    var plan =
        SchedulingCore.plan(
            new PoolPolicy(0 + 2, false, false),
            List.of(),
            List.of(w("a", 2, 1, 0), w("b", 2, 5, 2), w("c", 2, 5, 1)));
    assertThat(plan.admit()).extracting(Workload::run).containsExactly("ns/c");
    assertThat(plan.queue()).extracting(Workload::run).containsExactly("ns/b", "ns/a");
    assertThat(plan.free()).isZero();
  }

  @Test
  void fifoIgnoresPriority() {
    var plan =
        SchedulingCore.plan(
            new PoolPolicy(2, true, false),
            List.of(),
            List.of(w("a", 2, 1, 0), w("b", 2, 5, 2), w("c", 2, 5, 1)));
    assertThat(plan.admit()).extracting(Workload::run).containsExactly("ns/a");
    assertThat(plan.queue()).extracting(Workload::run).containsExactly("ns/c", "ns/b");
  }

  @Test
  void admitsWhileCapacityLastsAndTheQueueIsStrict() {
    // 8 units: a(6) fits, b(4) does not, c(1) would fit but must not overtake b
    var plan =
        SchedulingCore.plan(
            FIFO, List.of(), List.of(w("a", 6, 0, 0), w("b", 4, 0, 1), w("c", 1, 0, 2)));
    assertThat(plan.admit()).extracting(Workload::run).containsExactly("ns/a");
    assertThat(plan.queue()).extracting(Workload::run).containsExactly("ns/b", "ns/c");
    assertThat(plan.free()).isEqualTo(2);
  }

  @Test
  void freedCapacityAdmitsTheHeadOfTheQueue() {
    Workload a = w("a", 6, 0, 0);
    Workload b = w("b", 4, 0, 1);
    var first = SchedulingCore.plan(FIFO, List.of(a), List.of(b));
    assertThat(first.admit()).isEmpty();
    // a finished and released its units
    var second = SchedulingCore.plan(FIFO, List.of(), List.of(b));
    assertThat(second.admit()).containsExactly(b);
    assertThat(second.free()).isEqualTo(4);
  }

  @Test
  void noPreemptionWithoutTheLowerPriorityPolicy() {
    var plan = SchedulingCore.plan(PRIORITY, List.of(w("low", 8, 1, 0)), List.of(w("hi", 4, 9, 1)));
    assertThat(plan.evict()).isEmpty();
    assertThat(plan.admit()).isEmpty();
    assertThat(plan.queue()).extracting(Workload::run).containsExactly("ns/hi");
  }

  @Test
  void preemptsTheFewestLowestPriorityNewestFirst() {
    Workload old1 = w("old1", 3, 1, 0);
    Workload new1 = w("new1", 3, 1, 5);
    Workload mid = w("mid", 2, 4, 1);
    Workload hi = w("hi", 3, 9, 9);
    var plan = SchedulingCore.plan(PREEMPTING, List.of(old1, new1, mid), List.of(hi));
    assertThat(plan.evict()).containsOnlyKeys(new1);
    assertThat(plan.evict().get(new1)).isEqualTo(hi);
    assertThat(plan.admit()).containsExactly(hi);
    assertThat(plan.free()).isZero();
  }

  @Test
  void neverPreemptsEqualOrHigherPriority() {
    var plan =
        SchedulingCore.plan(
            PREEMPTING, List.of(w("a", 4, 5, 0), w("b", 4, 9, 0)), List.of(w("c", 2, 5, 1)));
    assertThat(plan.evict()).isEmpty();
    assertThat(plan.admit()).isEmpty();
  }

  @Test
  void preemptsNothingWhenEvenAllVictimsWouldNotMakeRoom() {
    var plan =
        SchedulingCore.plan(
            PREEMPTING, List.of(w("low", 2, 1, 0), w("high", 6, 9, 0)), List.of(w("c", 4, 5, 1)));
    assertThat(plan.evict()).isEmpty();
    assertThat(plan.queue()).extracting(Workload::run).containsExactly("ns/c");
  }

  @Test
  void aDemandAboveCapacityBlocksNothingElseForever() {
    var plan =
        SchedulingCore.plan(
            new PoolPolicy(4, true, false), List.of(), List.of(w("big", 5, 0, 0), w("s", 1, 0, 1)));
    assertThat(plan.admit()).isEmpty();
    assertThat(plan.queue()).extracting(Workload::run).containsExactly("ns/big", "ns/s");
  }

  @Test
  void theSchedulerReportsPositionsAndAnnouncesWhoMoved() {
    PoolScheduler scheduler = new PoolScheduler();
    List<PoolScheduler.Change> changes = new ArrayList<>();
    scheduler.onChange(changes::add);
    PoolPolicy policy = new PoolPolicy(8, false, false);
    Workload a = w("a", 6, 0, 0);
    Workload b = w("b", 4, 0, 1);
    Workload c = w("c", 2, 0, 2);

    assertThat(scheduler.request(a, policy)).isInstanceOf(Decision.Admitted.class);
    assertThat(((Decision.Queued) scheduler.request(b, policy)).message())
        .isEqualTo("position 1 of 1 in pool pool, needs 4, 2 of 8 free");
    changes.clear();
    Decision qc = scheduler.request(c, policy);
    // b's message changes (1 of 2 now): b is announced, c (the asker) is not
    assertThat(changes).singleElement().satisfies(ch -> assertThat(ch.runs()).containsOnly("ns/b"));
    assertThat(((Decision.Queued) scheduler.current(b)).message())
        .isEqualTo("position 1 of 2 in pool pool, needs 4, 2 of 8 free");
    assertThat(((Decision.Queued) qc).message())
        .isEqualTo("position 2 of 2 in pool pool, needs 2, 2 of 8 free");
    assertThat(scheduler.view("pool"))
        .isEqualTo(new PoolScheduler.PoolView(8, 6, List.of("ns/b", "ns/c")));

    changes.clear();
    scheduler.release(a.key());
    assertThat(scheduler.current(b)).isInstanceOf(Decision.Admitted.class);
    assertThat(scheduler.current(c)).isInstanceOf(Decision.Admitted.class);
    assertThat(changes).hasSize(1);
    assertThat(changes.get(0).runs()).isEqualTo(Set.of("ns/b", "ns/c"));
    assertThat(scheduler.view("pool")).isEqualTo(new PoolScheduler.PoolView(8, 6, List.of()));
  }

  @Test
  void aPreemptedRunIsRequeuedWithTheReason() {
    PoolScheduler scheduler = new PoolScheduler();
    PoolPolicy policy = new PoolPolicy(4, false, true);
    Workload low = w("low", 4, 1, 0);
    Workload high = w("high", 4, 9, 1);
    scheduler.request(low, policy);
    assertThat(scheduler.request(high, policy)).isInstanceOf(Decision.Admitted.class);
    Decision requeued = scheduler.current(low);
    assertThat(requeued).isInstanceOf(Decision.Queued.class);
    assertThat(((Decision.Queued) requeued).message())
        .isEqualTo(
            "preempted by ns/high (higher priority); re-queued at position 1 of 1 in pool pool,"
                + " needs 4, 0 of 4 free");
    scheduler.releaseRun("ns/high");
    assertThat(scheduler.current(low)).isInstanceOf(Decision.Admitted.class);
  }

  @Test
  void seededWorkloadsHoldTheirCapacityAfterARestart() {
    PoolScheduler scheduler = new PoolScheduler();
    Workload running = w("running", 8, 0, 5);
    scheduler.seedOnce(() -> List.of(running));
    scheduler.seedOnce(() -> List.of(w("ignored", 1, 0, 0)));
    Decision older = scheduler.request(w("older", 1, 100, 0), new PoolPolicy(8, false, false));
    assertThat(older).isInstanceOf(Decision.Queued.class);
    assertThat(scheduler.view("pool").allocated()).isEqualTo(8);
  }

  @Test
  void capacityGrowthAdmitsWaitingRuns() {
    PoolScheduler scheduler = new PoolScheduler();
    Workload a = w("a", 4, 0, 0);
    scheduler.request(a, new PoolPolicy(2, false, false));
    assertThat(scheduler.current(a)).isInstanceOf(Decision.Queued.class);
    scheduler.updatePool("pool", new PoolPolicy(4, false, false));
    assertThat(scheduler.current(a)).isInstanceOf(Decision.Admitted.class);
  }
}
