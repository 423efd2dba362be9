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
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
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
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
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

  private static final String CO_LOCATED = "co-located";

  /** Bytes per measured phase (the clip count is derived from it, capped by the max clips). */
  private static final long BYTES_PER_PHASE = 192L << 20;

  private IngestBenchmark() {}

  /**
   * CPU time used so far by this JVM (the devices, or the raw clients), the ingest replica, the S3
   * server and the broker, read from the OS.
   */
  record Cpu(long self, long ingest, long s3, long broker) {
    /** The S3 server's, the broker's and the ingest replica's process ids. */
    static long[] pids = new long[3];

    static Cpu now() {
      return new Cpu(
          ((com.sun.management.OperatingSystemMXBean)
                  java.lang.management.ManagementFactory.getOperatingSystemMXBean())
              .getProcessCpuTime(),
          of(pids[2]),
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
      return new Cpu(self - o.self, ingest - o.ingest, s3 - o.s3, broker - o.broker);
    }
  }

  /**
   * CPU nanoseconds used so far by this JVM's live threads, by thread group: from {@code
   * /proc/self/task} where there is one (every thread, the JVM's own GC, JIT and VM threads
   * included, at the kernel's clock-tick resolution), else from the JVM's thread bean (Java threads
   * only).
   */
  static Map<String, Long> threadCpu() {
    return threadCpu("self");
  }

  /** {@link #threadCpu()} of process {@code pid} ("self": this one). */
  static Map<String, Long> threadCpu(String pid) {
    Path tasks = Path.of("/proc", pid, "task");
    if (java.nio.file.Files.isDirectory(tasks)) {
      Map<String, Long> out = new TreeMap<>();
      try (var dirs = java.nio.file.Files.list(tasks)) {
        for (Path task : (Iterable<Path>) dirs::iterator) {
          try {
            String name = java.nio.file.Files.readString(task.resolve("comm")).trim();
            String stat = java.nio.file.Files.readString(task.resolve("stat"));
            // fields after the parenthesised name: state is field 3, utime 14, stime 15
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
            if (ticks > 0 && !name.startsWith("worker-")) {
              out.merge(threadGroup(name), ticks * 10_000_000L, Long::sum);
            }
          } catch (java.io.IOException | RuntimeException ended) {
            // the thread ended while we read it
          }
        }
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      return out;
    }
    java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
    Map<String, Long> out = new TreeMap<>();
    for (java.lang.management.ThreadInfo t : mx.getThreadInfo(mx.getAllThreadIds())) {
      if (t == null) {
        continue;
      }
      long ns = mx.getThreadCpuTime(t.getThreadId());
      // a phase's workers are read by measure() itself, before they end
      if (ns > 0 && !t.getThreadName().startsWith("worker-")) {
        out.merge(threadGroup(t.getThreadName()), ns, Long::sum);
      }
    }
    return out;
  }

  private static String threadGroup(String name) {
    if (name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler")) {
      return "JIT";
    } else if (name.startsWith("GC ") || name.startsWith("G1 ") || name.equals("VM Thread")) {
      return "GC and VM";
    } else if (name.startsWith("grpc-default-wo")) {
      return "netty (gRPC both ends)";
    } else if (name.startsWith("grpc-default-ex")) {
      return "gRPC client executor";
    } else if (name.startsWith("ingest-")) {
      return "ingest server calls (incl. S3 put prep)";
    } else if (name.startsWith("OkHttp")) {
      return "S3 HTTP client";
    } else if (name.startsWith("pulsar")) {
      return "Pulsar client";
    }
    return "other";
  }

  /**
   * Per-clip CPU milliseconds by thread group between two readings (threads alive at both), and the
   * rest of the process's CPU in that interval ({@code processNanos}, the phase's workers already
   * taken out): threads that started and ended in it (the SDK's one-thread-per-task async
   * executor), GC, JIT.
   */
  static String describeThreads(
      Map<String, Long> before, Map<String, Long> after, int clips, long processNanos) {
    StringBuilder out = new StringBuilder();
    long live = 0;
    for (Map.Entry<String, Long> e : after.entrySet()) {
      live += e.getValue() - before.getOrDefault(e.getKey(), 0L);
    }
    if (processNanos >= 0) {
      out.append(
          String.format(
              "threads that ended %.2f ms, ", Math.max(0, processNanos - live) / 1e6 / clips));
    }
    after.forEach(
        (group, ns) -> {
          double ms = (ns - before.getOrDefault(group, 0L)) / 1e6 / clips;
          if (ms >= 0.005) {
            out.append(String.format("%s %.2f ms, ", group, ms));
          }
        });
    return out.length() == 0 ? "" : out.substring(0, out.length() - 2);
  }

  /**
   * @param workerNanos CPU time of the phase's worker threads (the devices, or the raw clients),
   *     read before they end
   */
  record Rate(String name, int ops, long bytes, long nanos, Cpu cpu, long workerNanos) {
    Rate(String name, int ops, long bytes, long nanos) {
      this(name, ops, bytes, nanos, null, 0);
    }

    Rate withCpu(Cpu used) {
      return new Rate(name, ops, bytes, nanos, used, workerNanos);
    }

    /** CPU milliseconds per clip in this JVM / the S3 server / the broker. */
    String cpuPerClip() {
      return cpu == null
          ? ""
          : String.format(
              "   cpu/clip: here %.2f ms, ingest %.2f ms, s3 %.2f ms, broker %.2f ms",
              cpu.self() / 1e6 / ops,
              cpu.ingest() / 1e6 / ops,
              cpu.s3() / 1e6 / ops,
              cpu.broker() / 1e6 / ops);
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
    List<Thread> workers = new CopyOnWriteArrayList<>();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            threads,
            r -> {
              Thread t = new Thread(r, "worker-" + workers.size());
              workers.add(t);
              return t;
            });
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
    java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
    long workerNanos = 0;
    for (Thread t : workers) {
      workerNanos += Math.max(0, mx.getThreadCpuTime(t.getId()));
    }
    pool.shutdown();
    return new Rate(name, ops, bytes, nanos, used, workerNanos);
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

  record Result(
      int kib, String setup, Rate s3, Rate s3Signed, Rate pulsar, Rate serial, Rate ingest) {
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
    double s3Cores = args.length > 3 ? Double.parseDouble(args[3]) : 0.5;
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
      // the replica under test runs as deployed: IngestServiceMain in a JVM of its own
      List<String> devices = new ArrayList<>();
      for (int d = 0; d < threads; d++) {
        devices.add("veh-bench-" + d);
      }
      IngestProcess replica =
          IngestProcess.start(
              stack,
              dir.resolve("ingest"),
              env.bucket + "-svc",
              env.topic + "-svc",
              devices,
              limits);
      Cpu.pids[2] = replica.pid();
      System.out.printf(
          "[bench] ingest replica pid %d on port %d%n", replica.pid(), replica.port());
      ManagedChannel channel =
          ManagedChannelBuilder.forTarget("127.0.0.1:" + replica.port()).usePlaintext().build();
      List<IngestClient> clients = new ArrayList<>();
      for (String d : devices) {
        clients.add(
            IngestClient.over(
                channel, () -> IngestEnvironment.token(d), IngestClient.Options.defaults()));
      }
      AtomicInteger objectSeq = new AtomicInteger();
      for (int kib : sizes) {
        int clipBytes = kib * 1024;
        int clips = (int) Math.max(200, Math.min(maxClips, BYTES_PER_PHASE / clipBytes));
        int warmup = Math.max(100, clips / 2);
        System.out.printf("%n%d KiB clips, %d per phase (warm-up %d)%n", kib, clips, warmup);
        byte[] base = new byte[clipBytes];
        new Random(kib).nextBytes(base);
        Op s3Put =
            i -> {
              int n = objectSeq.incrementAndGet();
              byte[] p = stamped(base, n);
              env.s3.putObject(
                  PutObjectArgs.builder().bucket(rawBucket).object("raw/" + kib + "/" + n).stream(
                          new ByteArrayInputStream(p), p.length, -1)
                      .contentType("application/octet-stream")
                      .build());
              return p.length;
            };
        Op s3Signed =
            i -> {
              int n = objectSeq.incrementAndGet();
              byte[] p = stamped(base, n);
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

        // warm up until the JIT compiler has (nearly) nothing left to compile on these paths: a
        // phase measured while C2 still compiles pays for it (seen: 0.66 ms of compiler CPU per
        // ingested clip after a single warm-up pass), and ingest runs far more code than a put
        warmUp("raw S3 put", () -> measure("warm-up", warmup, threads, s3Put), warmup, "self", 6);
        warmUp(
            "raw signed put",
            () -> measure("warm-up", warmup, threads, s3Signed),
            warmup,
            "self",
            6);
        warmUp(
            "raw Pulsar send",
            () -> produce(producer, message, warmup, threads),
            warmup,
            "self",
            6);
        prepare.run();
        warmUp(
            "ingest",
            () -> {
              prepare.run();
              return measure("warm-up", warmup, threads, ingest);
            },
            warmup,
            Long.toString(replica.pid()),
            // a fresh replica JVM compiles gRPC, Netty, Pulsar and OkHttp code for a minute or
            // more on two cores (tier 4 of the hot paths is reached late): a replica that has run
            // a while no longer pays for it
            20);
        // the floor of any design that publishes only once the payload is stored: the same put,
        // then the same send, per clip, nothing else (no gRPC, no checksum, no index)
        Op putThenSend =
            i -> {
              long n = s3Signed.run(i);
              producer.newMessage().key("veh-" + (i % 1000)).value(message).send();
              return n;
            };
        List<String> setups = new ArrayList<>(List.of(CO_LOCATED));
        if (s3Cores > 0) {
          setups.add(String.format("S3 server capped at %.2f cores", s3Cores));
        }
        for (String setup : setups) {
          Optional<CpuCap> cap = Optional.empty();
          if (!setup.equals(CO_LOCATED)) {
            cap = CpuCap.limit(Cpu.pids[0], s3Cores);
            if (cap.isEmpty()) {
              continue;
            }
            System.out.printf("%n  %s (its own CPU share, as a separate S3 service has)%n", setup);
          }
          try {
            Rate s3 = null;
            Rate signed = null;
            Rate pulsar = null;
            Rate serial = null;
            Rate in = null;
            String replicaCpu = "";
            String threadCpu = "";
            for (int round = 0; round < 2; round++) {
              s3 = best(s3, measure("raw S3 put", clips, threads, s3Put));
              signed = best(signed, measure("raw signed put", clips, threads, s3Signed));
              pulsar = best(pulsar, produce(producer, message, clips, threads));
              serial = best(serial, measure("raw put, then send", clips, threads, putThenSend));
              prepare.run();
              System.gc();
              String pid = Long.toString(replica.pid());
              Map<String, Long> replicaBefore = threadCpu(pid);
              Map<String, Long> threadsBefore = threadCpu();
              Rate run = measure("ingest (gRPC)", clips, threads, ingest);
              if (in == null || run.opsPerSec() > in.opsPerSec()) {
                in = run;
                replicaCpu = describeThreads(replicaBefore, threadCpu(pid), clips, -1);
                threadCpu =
                    String.format(
                            "devices (the benchmark's workers) %.2f ms, ",
                            run.workerNanos() / 1e6 / clips)
                        + describeThreads(
                            threadsBefore,
                            threadCpu(),
                            clips,
                            run.cpu().self() - run.workerNanos());
              }
            }
            prepared.clear();
            Result r = new Result(kib, setup, s3, signed, pulsar, serial, in);
            results.add(r);
            System.out.println(s3);
            System.out.println(signed + "   (sha256 + PUT signed with it)");
            System.out.println(pulsar + "   (message bytes)");
            System.out.println(serial);
            System.out.println(in);
            System.out.printf(
                "  mean time per clip (threads / rate): raw put %.1f ms, ingest %.1f ms%n",
                threads * 1000.0 / r.s3Best().opsPerSec(), threads * 1000.0 / in.opsPerSec());
            System.out.printf("  ingest replica cpu/clip by thread: %s%n", replicaCpu);
            System.out.printf("  devices' JVM cpu/clip by thread: %s%n", threadCpu);
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
          } finally {
            cap.ifPresent(CpuCap::close);
          }
        }
      }
      producer.close();
      channel.shutdownNow();
      replica.close();
    }
    System.out.printf(
        "%n| clip | setup | raw S3 put clips/s (MB/s) | raw signed put clips/s | raw Pulsar send"
            + " clips/s | raw put, then send clips/s | ingest clips/s (MB/s) | ingest / lower |"
            + "%n|---:|---|---:|---:|---:|---:|---:|---:|%n");
    for (Result r : results) {
      System.out.printf(
          "| %d KiB | %s | %.0f (%.1f) | %.0f | %.0f | %.0f | %.0f (%.1f) | %.2f |%n",
          r.kib(),
          r.setup(),
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

  /** A copy of {@code base} whose first four bytes are {@code n}: distinct bytes per object. */
  private static byte[] stamped(byte[] base, int n) {
    byte[] p = base.clone();
    p[0] = (byte) n;
    p[1] = (byte) (n >> 8);
    p[2] = (byte) (n >> 16);
    p[3] = (byte) (n >> 24);
    return p;
  }

  interface Phase {
    Rate run() throws Exception;
  }

  /**
   * Runs {@code phase} until the JIT compiler threads of process {@code pid} (the one running the
   * phase's code) spend less than 0.02 ms of CPU per clip in it (at most {@code maxRuns} times),
   * and says how much they spent in the last.
   */
  private static void warmUp(String name, Phase phase, int clips, String pid, int maxRuns)
      throws Exception {
    double jitMs = Double.NaN;
    int runs = 0;
    while (runs < maxRuns && !(jitMs < 0.02)) {
      long before = threadCpu(pid).getOrDefault("JIT", 0L);
      phase.run();
      jitMs = (threadCpu(pid).getOrDefault("JIT", 0L) - before) / 1e6 / clips;
      runs++;
    }
    System.out.printf(
        "  warm-up %-16s %d run(s) of %d clips, JIT in the last: %.3f ms per clip%n",
        name, runs, clips, jitMs);
  }

  private static Rate best(Rate a, Rate b) {
    return a == null || b.opsPerSec() > a.opsPerSec() ? b : a;
  }
}
