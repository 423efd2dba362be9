package io.fleetloop.ingest.bench;

import com.google.protobuf.UnsafeByteOperations;
import io.fleetloop.ingest.api.ClipDigests;
import io.fleetloop.ingest.client.IngestClient;
import io.fleetloop.ingest.core.IngestLimits;
import io.fleetloop.ingest.core.TestClips;
import io.fleetloop.ingest.grpc.ClipHeader;
import io.fleetloop.ingest.grpc.ClipIngested;
import io.fleetloop.ingest.server.IngestConfig;
import io.fleetloop.ingest.server.IngestEnvironment;
import io.fleetloop.local.ComponentKind;
import io.fleetloop.local.LocalStack;
import io.fleetloop.local.LocalStackOptions;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.minio.MakeBucketArgs;
import io.minio.PutObjectArgs;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.pulsar.client.api.Producer;
import org.apache.pulsar.client.api.Schema;

/**
 * Ingest throughput vs its two dependencies, measured in the same run on the same local S3 server
 * and Pulsar broker (a persistent stack: S3Proxy on the file system, the broker's journal synced),
 * for several payload sizes, each phase at the same concurrency:
 *
 * <ol>
 *   <li>raw S3: {@code threads} workers, each one MinIO {@code putObject} of a distinct clip-sized
 *       object at a time; and the same with the put ingest makes (sha256 of the bytes, then a PUT
 *       signed with it: {@code S3Connection.putVerified}); the faster of the two is the S3
 *       baseline;
 *   <li>raw Pulsar: one producer with the service's settings (batching, 1 ms max delay) sending a
 *       {@code ClipIngested}-sized message per clip with {@code sendAsync}, {@code threads} sends
 *       in flight at a time (what a good asynchronous producer at that concurrency does);
 *   <li>raw put, then send: the signed put followed by the same send, per worker (the floor of any
 *       design that publishes a clip only once its payload is stored);
 *   <li>ingest: {@code threads} devices, each one full upload at a time over gRPC loopback (auth,
 *       sha256, one S3 put, batched publish, ack after both are durable).
 * </ol>
 *
 * <p>Clips/s of ingest are compared with the lower of the two baselines. Each size runs a warm-up,
 * then the three phases interleaved twice; the better run of each phase counts.
 *
 * <p>Args: {@code [sizes in KiB=8,64,512] [threads=32] [max clips per phase=3000]}. Run after
 * test-compile: {@code ./mvnw -q -pl services/ingest exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.fleetloop.ingest.bench.IngestBenchmark}
 */
public final class IngestBenchmark {

  /** Bytes per measured phase (the clip count is derived from it, capped by the max clips). */
  private static final long BYTES_PER_PHASE = 192L << 20;

  private IngestBenchmark() {}

  /**
   * CPU time used so far by this JVM (the devices and the ingest server, or the raw clients), the
   * S3 server and the broker, read from the OS.
   */
  record Cpu(long self, long s3, long broker) {
    static long[] pids = new long[2];

    static Cpu now() {
      return new Cpu(
          ((com.sun.management.OperatingSystemMXBean)
                  java.lang.management.ManagementFactory.getOperatingSystemMXBean())
              .getProcessCpuTime(),
          of(pids[0]),
          of(pids[1]));
    }

    private static long of(long pid) {
      return ProcessHandle.of(pid)
          .flatMap(h -> h.info().totalCpuDuration())
          .map(java.time.Duration::toNanos)
          .orElse(0L);
    }

    Cpu minus(Cpu o) {
      return new Cpu(self - o.self, s3 - o.s3, broker - o.broker);
    }
  }

  /** CPU nanoseconds used so far by this JVM's live threads, by thread group (name pattern). */
  static Map<String, Long> threadCpu() {
    java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
    Map<String, Long> out = new TreeMap<>();
    for (java.lang.management.ThreadInfo t : mx.getThreadInfo(mx.getAllThreadIds())) {
      if (t == null) {
        continue;
      }
      long ns = mx.getThreadCpuTime(t.getThreadId());
      if (ns > 0) {
        out.merge(threadGroup(t.getThreadName()), ns, Long::sum);
      }
    }
    return out;
  }

  private static String threadGroup(String name) {
    if (name.startsWith("grpc-default-worker")) {
      return "netty (gRPC both ends)";
    } else if (name.startsWith("grpc-default-executor")) {
      return "gRPC client executor";
    } else if (name.startsWith("ingest-")) {
      return "ingest server calls (incl. S3 put prep)";
    } else if (name.startsWith("OkHttp")) {
      return "S3 HTTP client";
    } else if (name.startsWith("pulsar")) {
      return "Pulsar client";
    } else if (name.startsWith("pool-")) {
      return "devices / raw workers";
    }
    return "other";
  }

  /**
   * Per-clip CPU milliseconds by thread group between two readings (threads alive at both), and the
   * rest of the process's CPU in that interval ({@code processNanos}): threads that started and
   * ended in it (the devices' workers; the SDK's one-thread-per-task async executor), GC, JIT.
   */
  static String describeThreads(
      Map<String, Long> before, Map<String, Long> after, int clips, long processNanos) {
    StringBuilder out = new StringBuilder();
    long live = 0;
    for (Map.Entry<String, Long> e : after.entrySet()) {
      live += e.getValue() - before.getOrDefault(e.getKey(), 0L);
    }
    out.append(
        String.format(
            "ended threads, GC, JIT %.2f ms, ", Math.max(0, processNanos - live) / 1e6 / clips));
    after.forEach(
        (group, ns) -> {
          double ms = (ns - before.getOrDefault(group, 0L)) / 1e6 / clips;
          if (ms >= 0.005) {
            out.append(String.format("%s %.2f ms, ", group, ms));
          }
        });
    return out.length() == 0 ? "" : out.substring(0, out.length() - 2);
  }

  record Rate(String name, int ops, long bytes, long nanos, Cpu cpu) {
    Rate(String name, int ops, long bytes, long nanos) {
      this(name, ops, bytes, nanos, null);
    }

    Rate withCpu(Cpu used) {
      return new Rate(name, ops, bytes, nanos, used);
    }

    /** CPU milliseconds per clip in this JVM / the S3 server / the broker. */
    String cpuPerClip() {
      return cpu == null
          ? ""
          : String.format(
              "   cpu/clip: here %.2f ms, s3 %.2f ms, broker %.2f ms",
              cpu.self() / 1e6 / ops, cpu.s3() / 1e6 / ops, cpu.broker() / 1e6 / ops);
    }

    double opsPerSec() {
      return ops / (nanos / 1e9);
    }

    double mbPerSec() {
      return bytes / (nanos / 1e9) / (1 << 20);
    }

    @Override
    public String toString() {
      return String.format(
          "  %-16s %6d clips in %6.2f s: %9.1f clips/s %8.1f MB/s%s",
          name, ops, nanos / 1e9, opsPerSec(), mbPerSec(), cpuPerClip());
    }
  }

  interface Op {
    long run(int i) throws Exception;
  }

  /** {@code threads} workers take op indexes until {@code ops} are done. */
  static Rate measure(String name, int ops, int threads, Op op) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    AtomicInteger next = new AtomicInteger();
    Cpu cpu = Cpu.now();
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
    Cpu used = Cpu.now().minus(cpu);
    pool.shutdown();
    return new Rate(name, ops, bytes, nanos, used);
  }

  /** {@code ops} asynchronous sends, at most {@code inFlight} outstanding. */
  static Rate produce(Producer<byte[]> producer, byte[] message, int ops, int inFlight)
      throws Exception {
    Semaphore window = new Semaphore(inFlight);
    List<CompletableFuture<?>> sends = new ArrayList<>(ops);
    Cpu cpu = Cpu.now();
    long start = System.nanoTime();
    for (int i = 0; i < ops; i++) {
      window.acquire();
      sends.add(
          producer
              .newMessage()
              .key("veh-" + (i % 1000))
              .value(message)
              .sendAsync()
              .whenComplete((id, e) -> window.release()));
    }
    CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(10, TimeUnit.MINUTES);
    long nanos = System.nanoTime() - start;
    return new Rate("raw Pulsar send", ops, (long) ops * message.length, nanos)
        .withCpu(Cpu.now().minus(cpu));
  }

  record Result(int kib, Rate s3, Rate s3Signed, Rate pulsar, Rate serial, Rate ingest) {
    /** The faster raw put: what the S3 server takes from a client. */
    Rate s3Best() {
      return s3Signed.opsPerSec() > s3.opsPerSec() ? s3Signed : s3;
    }

    Rate lower() {
      return s3Best().opsPerSec() <= pulsar.opsPerSec() ? s3Best() : pulsar;
    }

    double ratio() {
      return ingest.opsPerSec() / lower().opsPerSec();
    }
  }

  public static void main(String[] args) throws Exception {
    int[] sizes =
        Arrays.stream((args.length > 0 ? args[0] : "8,64,512").split(","))
            .mapToInt(Integer::parseInt)
            .toArray();
    int threads = args.length > 1 ? Integer.parseInt(args[1]) : 32;
    int maxClips = args.length > 2 ? Integer.parseInt(args[2]) : 3000;
    int largest = Arrays.stream(sizes).max().orElseThrow() * 1024;
    System.out.printf(
        "ingest benchmark: sizes %s KiB, %d threads / in flight, up to %d clips per phase,"
            + " %d cores%n",
        Arrays.toString(sizes), threads, maxClips, Runtime.getRuntime().availableProcessors());

    IngestLimits limits =
        IngestLimits.defaults()
            .withMaxClipBytes(largest)
            .withClipRate(1e6, 1_000_000)
            .withByteRate(1e12, 1L << 40);
    // a persistent stack (S3 on the file system, Pulsar journal synced): the in-memory S3 of the
    // test stack has a 256 MiB heap, too small for thousands of clips
    Path dir = Path.of("target", "ingest-bench-" + System.currentTimeMillis());
    List<Result> results = new ArrayList<>();
    try (LocalStack stack =
            LocalStack.start(
                LocalStackOptions.local(dir)
                    .withComponents(EnumSet.of(ComponentKind.S3, ComponentKind.PULSAR)));
        IngestEnvironment env =
            new IngestEnvironment(
                stack, "ingest-bench", IngestConfig.defaults().withLimits(limits))) {
      Cpu.pids[0] = stack.s3().processes().get(0).pid();
      Cpu.pids[1] = stack.pulsar().processes().get(0).pid();
      String rawBucket = env.bucket + "-raw";
      env.s3.makeBucket(MakeBucketArgs.builder().bucket(rawBucket).build());
      Producer<byte[]> producer =
          env.pulsar
              .newProducer(Schema.BYTES)
              .topic(env.topic + "-raw")
              .enableBatching(true)
              .batchingMaxPublishDelay(1, TimeUnit.MILLISECONDS)
              .batchingMaxMessages(500)
              .maxPendingMessages(10_000)
              .blockIfQueueFull(true)
              .create();
      List<IngestClient> clients = new ArrayList<>();
      for (int d = 0; d < threads; d++) {
        clients.add(env.client(env.register("veh-bench-" + d), IngestClient.Options.defaults()));
      }
      AtomicInteger objectSeq = new AtomicInteger();
      for (int kib : sizes) {
        int clipBytes = kib * 1024;
        int clips = (int) Math.max(200, Math.min(maxClips, BYTES_PER_PHASE / clipBytes));
        int warmup = Math.max(100, clips / 5);
        System.out.printf("%n%d KiB clips, %d per phase (warm-up %d)%n", kib, clips, warmup);
        byte[] base = new byte[clipBytes];
        new Random(kib).nextBytes(base);
        Op s3Put =
            i -> {
              byte[] p = base.clone();
              int n = objectSeq.incrementAndGet();
              p[0] = (byte) n;
              p[1] = (byte) (n >> 8);
              p[2] = (byte) (n >> 16);
              p[3] = (byte) (n >> 24);
              env.s3.putObject(
                  PutObjectArgs.builder().bucket(rawBucket).object("raw/" + kib + "/" + n).stream(
                          new ByteArrayInputStream(p), p.length, -1)
                      .contentType("application/octet-stream")
                      .build());
              return p.length;
            };
        Op s3Signed =
            i -> {
              byte[] p = base.clone();
              int n = objectSeq.incrementAndGet();
              p[0] = (byte) n;
              p[1] = (byte) (n >> 8);
              p[2] = (byte) (n >> 16);
              p[3] = (byte) (n >> 24);
              String sha256 = HexFormat.of().formatHex(ClipDigests.newSha256().digest(p));
              env.storage
                  .putVerified(
                      rawBucket,
                      "raw-signed/" + kib + "/" + n,
                      "application/octet-stream",
                      sha256,
                      UnsafeByteOperations.unsafeWrap(p))
                  .get();
              return p.length;
            };
        ClipHeader sample = TestClips.clip("veh-bench-0", clipBytes).header();
        byte[] message =
            ClipIngested.newBuilder()
                .setHeader(sample)
                .setDigest("sha256:" + sample.getSha256())
                .setObjectUri("s3://" + env.bucket + "/clips/sha256/ab/" + sample.getSha256())
                .build()
                .toByteArray();
        // clips are made (random bytes, sha256: the device's work at capture time) before timing
        List<IngestClient.Clip> prepared = new ArrayList<>();
        Runnable prepare =
            () -> {
              prepared.clear();
              for (int i = 0; i < Math.max(clips, warmup); i++) {
                TestClips clip = TestClips.clip("veh-bench-" + (i % threads), clipBytes);
                prepared.add(new IngestClient.Clip(clip.header(), clip.payload()));
              }
            };
        Op ingest =
            i -> {
              IngestClient.Clip clip = prepared.get(i);
              clients.get(i % threads).upload(clip);
              return clip.payload().length;
            };

        measure("warm-up s3", warmup, threads, s3Put);
        measure("warm-up s3 signed", warmup, threads, s3Signed);
        produce(producer, message, warmup, threads);
        prepare.run();
        measure("warm-up ingest", warmup, threads, ingest);
        // the floor of any design that publishes only once the payload is stored: the same put,
        // then the same send, per clip, nothing else (no gRPC, no checksum, no index)
        Op putThenSend =
            i -> {
              long n = s3Signed.run(i);
              producer.newMessage().key("veh-" + (i % 1000)).value(message).send();
              return n;
            };
        Rate s3 = null;
        Rate signed = null;
        Rate pulsar = null;
        Rate serial = null;
        Rate in = null;
        String stages = "";
        String threadCpu = "";
        for (int round = 0; round < 2; round++) {
          s3 = best(s3, measure("raw S3 put", clips, threads, s3Put));
          signed = best(signed, measure("raw signed put", clips, threads, s3Signed));
          pulsar = best(pulsar, produce(producer, message, clips, threads));
          serial = best(serial, measure("raw put, then send", clips, threads, putThenSend));
          prepare.run();
          System.gc();
          Map<String, double[]> before = stages(env.meters);
          Map<String, Long> threadsBefore = threadCpu();
          Rate run = measure("ingest (gRPC)", clips, threads, ingest);
          if (in == null || run.opsPerSec() > in.opsPerSec()) {
            in = run;
            stages = describe(before, stages(env.meters));
            threadCpu = describeThreads(threadsBefore, threadCpu(), clips, run.cpu().self());
          }
        }
        prepared.clear();
        Result r = new Result(kib, s3, signed, pulsar, serial, in);
        results.add(r);
        System.out.println(s3);
        System.out.println(signed + "   (sha256 + PUT signed with it)");
        System.out.println(pulsar + "   (message bytes)");
        System.out.println(serial);
        System.out.println(in);
        System.out.printf(
            "  mean time per clip (threads / rate): raw S3 put %.1f ms, ingest %.1f ms;"
                + " ingest stages: %s%n",
            threads * 1000.0 / r.s3Best().opsPerSec(), threads * 1000.0 / in.opsPerSec(), stages);
        System.out.printf("  ingest cpu/clip in this JVM by thread: %s%n", threadCpu);
        System.out.printf(
            "  ingest / raw S3 put = %.2f, ingest / raw signed put = %.2f,"
                + " ingest / raw Pulsar send = %.2f,"
                + " ingest / raw put-then-send = %.2f, ingest / lower (%s) = %.2f"
                + " (goal >= 0.80)%n",
            in.opsPerSec() / s3.opsPerSec(),
            in.opsPerSec() / signed.opsPerSec(),
            in.opsPerSec() / pulsar.opsPerSec(),
            in.opsPerSec() / serial.opsPerSec(),
            r.lower().name(),
            r.ratio());
      }
      producer.close();
    }
    System.out.printf(
        "%n| clip | raw S3 put clips/s (MB/s) | raw signed put clips/s | raw Pulsar send clips/s"
            + " | raw put, then send clips/s | ingest clips/s (MB/s) | ingest / lower |"
            + "%n|---:|---:|---:|---:|---:|---:|---:|%n");
    for (Result r : results) {
      System.out.printf(
          "| %d KiB | %.0f (%.1f) | %.0f | %.0f | %.0f | %.0f (%.1f) | %.2f |%n",
          r.kib(),
          r.s3().opsPerSec(),
          r.s3().mbPerSec(),
          r.s3Signed().opsPerSec(),
          r.pulsar().opsPerSec(),
          r.serial().opsPerSec(),
          r.ingest().opsPerSec(),
          r.ingest().mbPerSec(),
          r.ratio());
    }
    System.exit(0);
  }

  /** Count and total milliseconds of each ingest stage timer so far. */
  private static Map<String, double[]> stages(MeterRegistry meters) {
    Map<String, double[]> out = new TreeMap<>();
    for (Timer t : meters.find("fleetloop.ingest.stage").timers()) {
      out.put(
          t.getId().getTag("stage"), new double[] {t.count(), t.totalTime(TimeUnit.MILLISECONDS)});
    }
    return out;
  }

  /** Mean milliseconds per clip of each stage between two readings. */
  private static String describe(Map<String, double[]> before, Map<String, double[]> after) {
    StringBuilder out = new StringBuilder();
    after.forEach(
        (stage, a) -> {
          double[] b = before.getOrDefault(stage, new double[2]);
          double n = a[0] - b[0];
          out.append(String.format("%s %.1f ms ", stage, n == 0 ? 0 : (a[1] - b[1]) / n));
        });
    return out.toString().trim();
  }

  private static Rate best(Rate a, Rate b) {
    return a == null || b.opsPerSec() > a.opsPerSec() ? b : a;
  }
}
