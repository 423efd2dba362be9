package io.fleetloop.edge;

import io.fleetloop.ingest.client.IngestClient;
import io.fleetloop.ingest.grpc.UploadAck;
import io.grpc.Channel;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Uploads the outboxes of one or many {@link EdgeAgent}s to ingest over ONE gRPC channel with a
 * small shared pool of upload threads: 10,000 simulated vehicles share a connection and a handful
 * of threads; a real device attaches its single agent.
 *
 * <p>Each clip goes up with {@link IngestClient} (client streaming, one attempt per call). When an
 * attempt fails transiently ({@link IngestClient#isRetryable}: ingest down, uplink lost, rate
 * limited) the clip stays in the outbox and the device backs off, doubling from {@link
 * Options#initialBackoff()} to {@link Options#maxBackoff()} (or the delay ingest asked for); the
 * retry uploads the same clip id, and ingest acknowledges an already-ingested id as a duplicate. A
 * refusal (bad clip, unknown device) removes the clip and is counted as refused.
 *
 * <p>Per device at most one upload task runs at a time, and it yields after {@link Options#batch()}
 * clips so that a busy device cannot starve the others.
 */
public final class Uplink implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(Uplink.class);

  /**
   * @param threads upload threads shared by all attached devices
   * @param deadline per upload attempt
   * @param initialBackoff first wait after a transient failure
   * @param maxBackoff longest wait between attempts
   * @param batch clips a device uploads before yielding its thread
   */
  public record Options(
      int threads, Duration deadline, Duration initialBackoff, Duration maxBackoff, int batch) {
    public Options {
      if (threads <= 0 || batch <= 0) {
        throw new IllegalArgumentException("threads and batch must be positive");
      }
      Objects.requireNonNull(deadline, "deadline");
      Objects.requireNonNull(initialBackoff, "initialBackoff");
      Objects.requireNonNull(maxBackoff, "maxBackoff");
    }

    /** 4 threads, 10 s per attempt, backoff 200 ms doubling to 5 s, batches of 16 clips. */
    public static Options defaults() {
      return new Options(
          4, Duration.ofSeconds(10), Duration.ofMillis(200), Duration.ofSeconds(5), 16);
    }

    public Options withThreads(int n) {
      return new Options(n, deadline, initialBackoff, maxBackoff, batch);
    }

    public Options withBackoff(Duration initial, Duration max) {
      return new Options(threads, deadline, initial, max, batch);
    }
  }

  private final ManagedChannel ownedChannel;
  private final Channel channel;
  private final Options options;
  private final UploadListener listener;
  private final ScheduledThreadPoolExecutor executor;
  private final List<DeviceUploader> devices = new ArrayList<>();
  private final AtomicBoolean closed = new AtomicBoolean();

  private Uplink(
      ManagedChannel ownedChannel, Channel channel, Options options, UploadListener listener) {
    this.ownedChannel = ownedChannel;
    this.channel = channel;
    this.options = options;
    this.listener = listener;
    AtomicInteger n = new AtomicInteger();
    this.executor =
        new ScheduledThreadPoolExecutor(
            options.threads(),
            r -> {
              Thread t = new Thread(r, "edge-uplink-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    executor.setRemoveOnCancelPolicy(true);
  }

  /** A plaintext channel to {@code target} ({@code host:port}), owned and closed by the uplink. */
  public static Uplink connect(String target, Options options, UploadListener listener) {
    ManagedChannel channel = ManagedChannelBuilder.forTarget(target).usePlaintext().build();
    return new Uplink(channel, channel, options, listener);
  }

  /** Over a channel the caller owns (TLS, shared with other clients). */
  public static Uplink over(Channel channel, Options options, UploadListener listener) {
    return new Uplink(null, channel, options, listener);
  }

  /**
   * Uploads {@code agent}'s outbox from now on, authenticating with {@code token} (a signed device
   * token, see {@link DeviceKeys#tokens}); clips already held are scheduled at once.
   */
  public synchronized void attach(EdgeAgent agent, Supplier<String> token) {
    if (closed.get()) {
      throw new IllegalStateException("uplink is closed");
    }
    IngestClient client =
        IngestClient.over(
            channel,
            token,
            new IngestClient.Options(
                options.deadline(),
                1,
                options.initialBackoff(),
                options.maxBackoff(),
                IngestClient.Options.defaults().chunkBytes()));
    DeviceUploader uploader = new DeviceUploader(agent, client);
    devices.add(uploader);
    agent.onQueued(uploader::wake);
    uploader.wake();
  }

  /** Devices attached. */
  public synchronized int devices() {
    return devices.size();
  }

  /** Stops uploading; a clip in flight is cancelled and stays in its outbox. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    executor.shutdownNow();
    try {
      if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
        LOG.warn("upload threads still busy 10 s after close");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (ownedChannel != null) {
      ownedChannel.shutdownNow();
      try {
        ownedChannel.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** One device's upload task: at most one scheduled or running at a time. */
  private final class DeviceUploader {
    private final EdgeAgent agent;
    private final IngestClient client;
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private Duration backoff;

    DeviceUploader(EdgeAgent agent, IngestClient client) {
      this.agent = agent;
      this.client = client;
      this.backoff = options.initialBackoff();
    }

    void wake() {
      if (!closed.get() && scheduled.compareAndSet(false, true)) {
        submit(0);
      }
    }

    private void submit(long delayMs) {
      try {
        executor.schedule(this::drain, delayMs, TimeUnit.MILLISECONDS);
      } catch (RejectedExecutionException e) {
        scheduled.set(false); // closed
      }
    }

    private void drain() {
      EdgeOutbox outbox = agent.outbox();
      String device = agent.device().id();
      for (int sent = 0; sent < options.batch(); sent++) {
        if (closed.get()) {
          scheduled.set(false);
          return;
        }
        QueuedClip clip = outbox.next();
        if (clip == null) {
          scheduled.set(false);
          if (!outbox.isEmpty()) {
            wake(); // a clip arrived between next() and the flag
          }
          return;
        }
        UploadAck ack;
        try {
          ack = client.upload(clip.clip());
        } catch (StatusRuntimeException e) {
          if (IngestClient.isRetryable(e)) {
            outbox.retryLater(clip);
            agent.addFailedUpload();
            long wait = IngestClient.retryAfter(e).orElse(backoff).toMillis();
            LOG.debug(
                "device {} clip {}: upload failed with {}, retrying in {} ms",
                device,
                clip.clipId(),
                e.getStatus().getCode(),
                wait);
            backoff = min(backoff.multipliedBy(2), options.maxBackoff());
            submit(wait);
            return;
          }
          outbox.refused(clip);
          LOG.warn(
              "device {} clip {} of trigger {} refused by ingest: {}",
              device,
              clip.clipId(),
              clip.clip().header().getTriggerId(),
              e.getStatus());
          continue;
        } catch (RuntimeException e) {
          outbox.retryLater(clip);
          agent.addFailedUpload();
          LOG.warn("device {} clip {}: upload failed unexpectedly", device, clip.clipId(), e);
          backoff = min(backoff.multipliedBy(2), options.maxBackoff());
          submit(backoff.toMillis());
          return;
        }
        outbox.acknowledged(clip);
        backoff = options.initialBackoff();
        try {
          listener.acknowledged(device, clip, ack);
        } catch (RuntimeException e) {
          LOG.warn("upload listener failed for device {} clip {}", device, clip.clipId(), e);
        }
      }
      submit(0); // yield to other devices, come back for the rest
    }
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
