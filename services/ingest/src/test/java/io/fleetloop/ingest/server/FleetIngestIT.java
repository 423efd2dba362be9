package io.fleetloop.ingest.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.protobuf.Timestamp;
import io.fleetloop.audit.api.event.ClipsIngested;
import io.fleetloop.audit.api.event.IngestedClip;
import io.fleetloop.ingest.api.ClipDigests;
import io.fleetloop.ingest.client.IngestClient;
import io.fleetloop.ingest.core.IngestLimits;
import io.fleetloop.ingest.grpc.ClipHeader;
import io.fleetloop.ingest.grpc.ClipIngested;
import io.fleetloop.ingest.grpc.ClipMetadata;
import io.fleetloop.ingest.grpc.UploadAck;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.pulsar.client.api.Message;
import org.junit.jupiter.api.Test;

/**
 * 1,000 simulated vehicles drive, fire triggers and upload the clips concurrently over gRPC while
 * the ingest server is restarted abruptly in the middle (calls in flight are cancelled; clients
 * retry with the same clip id). Afterwards: triggered = acknowledged = stored = published =
 * lineage, per device, nothing lost and nothing duplicated.
 */
class FleetIngestIT {

  private static final int VEHICLES = 1000;
  private static final int FRAMES = 600;
  private static final String[] WEATHER = {"clear", "rain", "fog", "snow"};
  private static final String[] ZONE = {"urban", "highway", "construction", "school"};

  /** A triggered clip of one vehicle: its header and payload, made deterministically. */
  private record Triggered(String vehicle, ClipHeader header, byte[] payload) {}

  /**
   * The vehicle's drive: each frame samples conditions, a takeover and the shadow disagreement; the
   * fleet's trigger {@code frame.takeover || shadow.disagreement > 0.3 || (fog && construction)}
   * fires a clip of the 2 s around the frame.
   */
  private static List<Triggered> drive(int v) {
    String vehicle = String.format("veh-%04d", v);
    Random rnd = new Random(v * 7919L);
    List<Triggered> clips = new ArrayList<>();
    long t0 = 1_790_000_000L + v;
    for (int f = 0; f < FRAMES; f++) {
      String weather = WEATHER[rnd.nextInt(WEATHER.length)];
      String zone = ZONE[rnd.nextInt(ZONE.length)];
      boolean takeover = rnd.nextDouble() < 0.002;
      // the shadow model mostly agrees; about 2 frames in 1,000 it disagrees hard
      double disagreement =
          rnd.nextDouble() < 0.002 ? 0.3 + 0.7 * rnd.nextDouble() : 0.3 * rnd.nextDouble();
      boolean fires =
          takeover
              || disagreement > 0.3
              || (weather.equals("fog") && zone.equals("construction") && rnd.nextDouble() < 0.05);
      if (!fires) {
        continue;
      }
      byte[] payload = new byte[1024 + rnd.nextInt(3072)];
      rnd.nextBytes(payload);
      String clipId = new UUID(rnd.nextLong(), rnd.nextLong()).toString();
      ByteBuffer.wrap(payload).putLong(v).putInt(f);
      long at = t0 + f / 10;
      ClipHeader header =
          ClipHeader.newBuilder()
              .setDeviceId(vehicle)
              .setClipId(clipId)
              .setTriggerId("datatrigger/fleet/hard-moments")
              .setTriggerGeneration(1)
              .setWindowStart(Timestamp.newBuilder().setSeconds(at - 1))
              .setWindowEnd(Timestamp.newBuilder().setSeconds(at + 1))
              .setCodecVersion("codec-v1")
              .setModelVersion("policy-1")
              .setTotalSize(payload.length)
              .setSha256(ClipDigests.sha256Hex(payload))
              .setMetadata(
                  ClipMetadata.newBuilder()
                      .putEnv("weather", weather)
                      .putEnv("zone", zone)
                      .setTakeover(takeover)
                      .setShadowDisagreement(disagreement)
                      .setShadowModelVersion("policy-2")
                      .setOdometerKm(f * 0.01))
              .build();
      clips.add(new Triggered(vehicle, header, payload));
    }
    return clips;
  }

  @Test
  void thousandVehiclesUploadAcrossAnIngestRestartWithNothingLostOrDuplicated() throws Exception {
    List<List<Triggered>> fleet = new ArrayList<>();
    int total = 0;
    for (int v = 0; v < VEHICLES; v++) {
      fleet.add(drive(v));
      total += fleet.get(v).size();
    }
    assertThat(total).as("clips triggered by the fleet").isGreaterThan(2 * VEHICLES);

    try (IngestEnvironment env =
        new IngestEnvironment(
            "fleet-it",
            IngestConfig.defaults()
                .withLimits(
                    IngestLimits.defaults().withMaxClipBytes(64 * 1024).withClipRate(50, 50)))) {
      for (int v = 0; v < VEHICLES; v++) {
        env.register(String.format("veh-%04d", v));
      }
      Map<String, UploadAck> acks = new ConcurrentHashMap<>();
      AtomicInteger attempts = new AtomicInteger();
      AtomicInteger duplicates = new AtomicInteger();
      AtomicReference<Integer> ackedAtRestart = new AtomicReference<>();
      IngestClient.Options options =
          IngestClient.Options.defaults()
              .withMaxAttempts(60)
              .withBackoff(Duration.ofMillis(50), Duration.ofSeconds(1));

      ExecutorService vehicles = Executors.newFixedThreadPool(64);
      List<Future<?>> running = new ArrayList<>();
      for (List<Triggered> clips : fleet) {
        running.add(
            vehicles.submit(
                () -> {
                  if (clips.isEmpty()) {
                    return null;
                  }
                  String vehicle = clips.get(0).vehicle();
                  IngestClient client =
                      IngestClient.over(
                          env.channel(),
                          () -> {
                            attempts.incrementAndGet();
                            return IngestEnvironment.token(vehicle);
                          },
                          options);
                  for (Triggered clip : clips) {
                    UploadAck ack =
                        client.upload(new IngestClient.Clip(clip.header(), clip.payload()));
                    if (ack.getDuplicate()) {
                      duplicates.incrementAndGet();
                    }
                    acks.put(ack.getClipId(), ack);
                  }
                  return null;
                }));
      }
      // restart abruptly once a third of the clips are acknowledged
      int restartAfter = total / 3;
      await("a third of the clips acknowledged")
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofMillis(5))
          .until(() -> acks.size() >= restartAfter);
      ackedAtRestart.set(acks.size());
      env.restart(Duration.ZERO);
      for (Future<?> f : running) {
        f.get(5, TimeUnit.MINUTES);
      }
      vehicles.shutdown();

      assertThat(ackedAtRestart.get()).as("restarted mid-run").isLessThan(total);
      assertThat(attempts.get()).as("clients retried across the restart").isGreaterThan(total);

      Set<String> triggered = new HashSet<>();
      Map<String, Integer> perVehicle = new HashMap<>();
      fleet.forEach(
          clips ->
              clips.forEach(
                  c -> {
                    triggered.add(c.header().getClipId());
                    perVehicle.merge(c.vehicle(), 1, Integer::sum);
                  }));
      assertThat(acks.keySet()).as("acknowledged").isEqualTo(triggered);
      assertThat(env.payloads()).as("stored payloads").isEqualTo(total);
      assertThat(env.indexed()).as("clip ids in the durable index").isEqualTo(total);

      List<Message<byte[]>> published = env.published(total, Duration.ofSeconds(3));
      Set<String> publishedIds = new HashSet<>();
      Map<String, Integer> publishedPerVehicle = new HashMap<>();
      for (Message<byte[]> m : published) {
        ClipIngested c = IngestEnvironment.parse(m);
        assertThat(m.getKey()).isEqualTo(c.getHeader().getDeviceId());
        publishedIds.add(c.getHeader().getClipId());
        publishedPerVehicle.merge(m.getKey(), 1, Integer::sum);
      }
      assertThat(published).as("published messages (no duplicates)").hasSize(total);
      assertThat(publishedIds).as("published clip ids").isEqualTo(triggered);
      assertThat(publishedPerVehicle).isEqualTo(perVehicle);

      env.server().stop(Duration.ofSeconds(2)); // flushes the lineage of the second server
      List<String> lineageIds =
          new ArrayList<>(
              env.lineage.stream()
                  .map(ClipsIngested::clips)
                  .flatMap(List::stream)
                  .map(IngestedClip::clipId)
                  .toList());
      assertThat(lineageIds).as("lineage, once per clip").hasSize(total);
      assertThat(new HashSet<>(lineageIds)).isEqualTo(triggered);
      System.out.printf(
          "fleet: %d vehicles, %d clips, %d attempts, %d duplicate acks, restart after %d acks%n",
          VEHICLES, total, attempts.get(), duplicates.get(), ackedAtRestart.get());
    }
  }
}
