package io.fleetloop.audit.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetloop.audit.api.ResourceIds;
import io.fleetloop.audit.api.event.TriggerChanged;
import io.fleetloop.audit.api.event.TriggerDeployed;
import io.fleetloop.audit.client.Appended;
import io.fleetloop.audit.client.Outcome;
import io.fleetloop.audit.client.PendingEvent;
import io.fleetloop.audit.command.Facts;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two replicas of the service (each with its own aggregate cache) and several threads append to the
 * same streams at once: nothing acknowledged is lost or doubled, sequences stay contiguous, the
 * chain verifies, and writers that state an expected version see exactly one winner.
 */
class ConcurrentWritersIT {

  private static final String DB = "audit_concurrent_it";
  private static AuditService replicaA;
  private static AuditService replicaB;

  @BeforeAll
  static void start() {
    AuditConfig config = TestDatabase.fresh(DB);
    replicaA = AuditService.start(config);
    replicaB = AuditService.start(config);
  }

  @AfterAll
  static void stop() {
    if (replicaA != null) {
      replicaA.close();
    }
    if (replicaB != null) {
      replicaB.close();
    }
  }

  @Test
  void concurrentAppendsToOneStreamAreAllKeptInOrder() throws Exception {
    String device = ResourceIds.device("veh-contended");
    int threadsPerReplica = 2;
    int batchesPerThread = 25;
    ExecutorService pool = Executors.newFixedThreadPool(threadsPerReplica * 2);
    CyclicBarrier start = new CyclicBarrier(threadsPerReplica * 2);
    List<Future<List<Appended>>> futures = new ArrayList<>();
    for (int t = 0; t < threadsPerReplica * 2; t++) {
      AuditService replica = t % 2 == 0 ? replicaA : replicaB;
      int thread = t;
      futures.add(
          pool.submit(
              () -> {
                start.await();
                List<Appended> acks = new ArrayList<>();
                for (int b = 0; b < batchesPerThread; b++) {
                  String batch = "t" + thread + "-b" + b;
                  acks.addAll(
                      replica
                          .log()
                          .append(
                              List.of(
                                  PendingEvent.of(
                                      Facts.clips(device, batch, 2), "ingest:" + batch, "test"))));
                }
                return acks;
              }));
    }
    List<Appended> acks = new ArrayList<>();
    for (Future<List<Appended>> f : futures) {
      acks.addAll(f.get(120, TimeUnit.SECONDS));
    }
    pool.shutdown();

    int expected = threadsPerReplica * 2 * batchesPerThread;
    assertThat(acks).hasSize(expected);
    assertThat(acks).filteredOn(a -> a.outcome() != Outcome.APPENDED).isEmpty();
    assertThat(acks).extracting(Appended::sequence).doesNotHaveDuplicates();
    assertThat(
            TestDatabase.count(
                DB,
                "SELECT count(*) FROM domain_event_entry WHERE aggregate_identifier = '"
                    + device
                    + "'"))
        .isEqualTo(expected);
    assertThat(
            TestDatabase.count(
                DB,
                "SELECT max(sequence_number) FROM domain_event_entry WHERE aggregate_identifier"
                    + " = '"
                    + device
                    + "'"))
        .isEqualTo(expected - 1);
    assertThat(replicaA.verifier().verifyAll().intact()).isTrue();
  }

  @Test
  void writersStatingTheSameExpectedVersionHaveExactlyOneWinner() throws Exception {
    String trigger = ResourceIds.dataTrigger("fleet", "contended");
    Appended deployed =
        replicaA
            .log()
            .append(
                List.of(
                    PendingEvent.of(
                        new TriggerDeployed(trigger, "u", 1, "x", 1, 1, 0, Facts.digest(1)),
                        "contended-deploy",
                        "test")))
            .get(0);
    assertThat(deployed.outcome()).isEqualTo(Outcome.APPENDED);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    long version = 0;
    for (int round = 0; round < 10; round++) {
      CyclicBarrier start = new CyclicBarrier(2);
      List<Future<Appended>> racers = new ArrayList<>();
      for (AuditService replica : List.of(replicaA, replicaB)) {
        long expectedVersion = version;
        long generation = round + 2;
        String who = replica == replicaA ? "a" : "b";
        racers.add(
            pool.submit(
                () -> {
                  start.await();
                  return replica
                      .log()
                      .append(
                          List.of(
                              new PendingEvent(
                                  new TriggerChanged(
                                      trigger,
                                      generation,
                                      "cond-" + who,
                                      1,
                                      1,
                                      0,
                                      Facts.digest((int) generation)),
                                  "contended-" + generation + "-" + who,
                                  who,
                                  null,
                                  expectedVersion)))
                      .get(0);
                }));
      }
      Appended first = racers.get(0).get(60, TimeUnit.SECONDS);
      Appended second = racers.get(1).get(60, TimeUnit.SECONDS);
      assertThat(List.of(first.outcome(), second.outcome()))
          .containsExactlyInAnyOrder(Outcome.APPENDED, Outcome.REJECTED);
      Appended loser = first.outcome() == Outcome.REJECTED ? first : second;
      assertThat(loser.errorCode()).isEqualTo("ABORTED");
      version++;
    }
    pool.shutdown();
    assertThat(replicaB.reader().timeline(trigger, 0, 100)).hasSize(11);
    assertThat(replicaB.verifier().verifyStream(trigger).intact()).isTrue();
  }
}
