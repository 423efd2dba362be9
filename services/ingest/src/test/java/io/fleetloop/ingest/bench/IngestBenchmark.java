package io.fleetloop.ingest.bench;

import io.fleetloop.ingest.api.ClipDigests;
import io.fleetloop.ingest.client.IngestClient;
import io.fleetloop.ingest.core.IngestLimits;
import io.fleetloop.ingest.core.TestClips;
import io.fleetloop.ingest.grpc.ClipHeader;
import io.fleetloop.ingest.grpc.ClipIngested;
import io.fleetloop.ingest.server.IngestConfig;
import io.fleetloop.ingest.server.IngestEnvironment;
import io.fleetloop.ingest.store.ClipStore;
import io.fleetloop.local.ComponentKind;
import io.fleetloop.local.LocalStack;
import io.fleetloop.local.LocalStackOptions;
import io.minio.MakeBucketArgs;
import io.minio.PutObjectArgs;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pulsar.client.api.Producer;
import org.apache.pulsar.client.api.Schema;

/**
 * Ingest throughput vs its two dependencies, measured in the same run on the same local S3 server
 * and Pulsar broker, at the same concurrency:
 *
 * <ol>
 *   <li>raw S3: one {@code putObject} of a clip-sized object per clip (MinIO client);
 *   <li>raw Pulsar: one synchronous {@code send} of a ClipIngested message per clip (batching on,
 *       the same producer settings as the service);
 *   <li>ingest: full uploads over gRPC (auth, checksum, marker check, S3 put, Pulsar send, marker
 *       put, ack).
 * </ol>
 *
 * <p>Args: {@code [clips per phase=2000] [clip KiB=64] [threads=32]}. Run after test-compile:
 * {@code ./mvnw -q -pl services/ingest exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.fleetloop.ingest.bench.IngestBenchmark}
 */
public final class IngestBenchmark {

  private IngestBenchmark() {}

  record Rate(String name, int ops, long bytes, long nanos) {
    double opsPerSec() {
      return ops / (nanos / 1e9);
    }

    double mbPerSec() {
      return bytes / (nanos / 1e9) / (1 << 20);
    }

    @Override
    public String toString() {
      return String.format(
          "%-22s %7d ops in %6.2f s: %9.1f clips/s %8.1f MB/s",
          name, ops, nanos / 1e9, opsPerSec(), mbPerSec());
    }
  }

  interface Op {
    long run(int i) throws Exception;
  }

  static Rate measure(String name, int ops, int threads, Op op) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    AtomicInteger next = new AtomicInteger();
    long start = System.nanoTime();
    List<Future<Long>> futures = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      futures.add(
          pool.submit(
              () -> {
                long bytes = 0;
                int i;
                while ((i = next.getAndIncrement()) < ops) {
                  bytes += op.run(i);
                }
                return bytes;
              }));
    }
    long bytes = 0;
    for (Future<Long> f : futures) {
      bytes += f.get(10, TimeUnit.MINUTES);
    }
    long nanos = System.nanoTime() - start;
    pool.shutdown();
    return new Rate(name, ops, bytes, nanos);
  }

  public static void main(String[] args) throws Exception {
    int clips = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
    int clipBytes = (args.length > 1 ? Integer.parseInt(args[1]) : 64) * 1024;
    int threads = args.length > 2 ? Integer.parseInt(args[2]) : 32;
    int warmup = Math.max(200, clips / 5);
    System.out.printf(
        "ingest benchmark: %d clips of %d KiB per phase, %d threads (warm-up %d each)%n",
        clips, clipBytes / 1024, threads, warmup);

    IngestLimits limits =
        IngestLimits.defaults()
            .withMaxClipBytes(clipBytes)
            .withClipRate(1e6, 1_000_000)
            .withByteRate(1e12, 1L << 40);
    // a persistent stack (S3 on the file system, Pulsar journal synced): the in-memory S3 of the
    // test stack has a 256 MiB heap, too small for thousands of 64 KiB objects
    Path dir = Path.of("target", "ingest-bench-" + System.currentTimeMillis());
    try (LocalStack stack =
            LocalStack.start(
                LocalStackOptions.local(dir)
                    .withComponents(EnumSet.of(ComponentKind.S3, ComponentKind.PULSAR)));
        IngestEnvironment env =
            new IngestEnvironment(
                stack, "ingest-bench", IngestConfig.defaults().withLimits(limits))) {
      // the payloads: distinct per op (content addressing would otherwise collapse them)
      Random rnd = new Random(42);
      byte[] base = new byte[clipBytes];
      rnd.nextBytes(base);

      String rawBucket = env.bucket + "-raw";
      env.s3.makeBucket(MakeBucketArgs.builder().bucket(rawBucket).build());
      Op s3Put =
          i -> {
            byte[] p = base.clone();
            p[0] = (byte) i;
            p[1] = (byte) (i >> 8);
            p[2] = (byte) (i >> 16);
            env.s3.putObject(
                PutObjectArgs.builder().bucket(rawBucket).object("raw/" + i).stream(
                        new ByteArrayInputStream(p), p.length, -1)
                    .contentType("application/octet-stream")
                    .build());
            return p.length;
          };

      ClipHeader sample = TestClips.clip("veh-bench", clipBytes).header();
      byte[] message =
          ClipIngested.newBuilder()
              .setHeader(sample)
              .setDigest("sha256:" + sample.getSha256())
              .setObjectUri("s3://bucket/clips/sha256/ab/" + sample.getSha256())
              .build()
              .toByteArray();
      Producer<byte[]> producer =
          env.pulsar
              .newProducer(Schema.BYTES)
              .topic(env.topic + "-raw")
              .enableBatching(true)
              .batchingMaxPublishDelay(1, TimeUnit.MILLISECONDS)
              .batchingMaxMessages(500)
              .blockIfQueueFull(true)
              .create();
      Op pulsarSend =
          i -> {
            producer.newMessage().key("veh-" + (i % 1000)).value(message).send();
            return message.length;
          };

      // what ingest asks of S3 per clip, done directly: HEAD the marker (404), PUT the payload,
      // PUT the marker — to show how much of the gap is the storage protocol itself
      ClipStore store = new ClipStore(env.s3, rawBucket);
      Op s3Protocol =
          i -> {
            byte[] p = base.clone();
            p[0] = (byte) i;
            p[1] = (byte) (i >> 8);
            p[2] = (byte) (i >> 16);
            p[3] = 1;
            String id = new java.util.UUID(7, i).toString();
            store.findMarker(id);
            String hex = ClipDigests.sha256Hex(p);
            store.putPayload(hex, p);
            store.putMarker(new ClipStore.Marker(id, "veh-bench", hex));
            return p.length;
          };

      for (int d = 0; d < threads; d++) {
        env.register("veh-bench-" + d);
      }
      List<IngestClient> clients = new ArrayList<>();
      for (int d = 0; d < threads; d++) {
        clients.add(
            env.client(
                "veh-bench-" + d, IngestClient.Options.defaults().withChunkBytes(64 * 1024)));
      }
      // clips are made (random bytes, sha256 — done by the device at capture time) before timing
      int perRound = Math.max(clips, warmup);
      List<IngestClient.Clip> prepared = new ArrayList<>(perRound);
      java.util.function.Supplier<List<IngestClient.Clip>> prepare =
          () -> {
            prepared.clear();
            for (int i = 0; i < perRound; i++) {
              int d = i % threads;
              TestClips clip = TestClips.clip("veh-bench-" + d, clipBytes);
              prepared.add(new IngestClient.Clip(clip.header(), clip.payload()));
            }
            return prepared;
          };
      Op ingest =
          i -> {
            IngestClient.Clip clip = prepared.get(i);
            clients.get(i % threads).upload(clip);
            return clip.payload().length;
          };

      // warm-up, then the measured phases interleaved twice; the better run of each counts
      measure("warm-up s3", warmup, threads, i -> s3Put.run(1_000_000 + i));
      measure("warm-up pulsar", warmup, threads, pulsarSend);
      prepare.get();
      measure("warm-up ingest", warmup, threads, ingest);
      Rate s3 = null;
      Rate pulsar = null;
      Rate in = null;
      Rate protocol = null;
      for (int round = 0; round < 2; round++) {
        int offset = 2_000_000 * (round + 1);
        s3 = best(s3, measure("raw S3 put", clips, threads, i -> s3Put.run(offset + i)));
        protocol =
            best(
                protocol,
                measure("raw S3 HEAD+PUT+PUT", clips, threads, i -> s3Protocol.run(offset + i)));
        pulsar = best(pulsar, measure("raw Pulsar send", clips, threads, pulsarSend));
        prepare.get();
        in = best(in, measure("ingest (gRPC)", clips, threads, ingest));
      }
      producer.close();

      System.out.println(s3);
      System.out.println(pulsar);
      System.out.println(protocol);
      System.out.println(in);
      Rate lower = s3.opsPerSec() <= pulsar.opsPerSec() ? s3 : pulsar;
      System.out.printf("ingest / raw S3 put      = %.2f%n", in.opsPerSec() / s3.opsPerSec());
      System.out.printf("ingest / raw Pulsar send = %.2f%n", in.opsPerSec() / pulsar.opsPerSec());
      System.out.printf(
          "ingest / raw S3 HEAD+PUT+PUT (its storage requests) = %.2f%n",
          in.opsPerSec() / protocol.opsPerSec());
      System.out.printf(
          "ingest / lower (%s) = %.2f (goal >= 0.80)%n",
          lower.name(), in.opsPerSec() / lower.opsPerSec());
    }
    System.exit(0);
  }

  private static Rate best(Rate a, Rate b) {
    return a == null || b.opsPerSec() > a.opsPerSec() ? b : a;
  }
}
