package io.fleetloop.release.client;

import io.fleetloop.ingest.api.DeviceToken;
import io.fleetloop.release.grpc.Assignment;
import io.fleetloop.release.grpc.DeviceHello;
import io.fleetloop.release.grpc.DeviceReport;
import io.fleetloop.release.grpc.ReleaseChannelGrpc;
import io.fleetloop.release.grpc.ReleaseStatsReply;
import io.fleetloop.release.grpc.ReleaseStatsRequest;
import io.fleetloop.release.grpc.ReportAck;
import io.fleetloop.release.grpc.TriggerStatsReply;
import io.fleetloop.release.grpc.TriggerStatsRequest;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A blocking client of the release channel.
 *
 * <ul>
 *   <li>Devices: {@link #forDevice} with a supplier of the device's signed token ({@link
 *       DeviceToken}), sent as {@code authorization: Device <token>}; {@link #assignment} and
 *       {@link #report}.
 *   <li>The operator: {@link #forService} with the service token, sent as {@code authorization:
 *       Bearer <token>}; {@link #triggerStats} and {@link #releaseStats}.
 * </ul>
 *
 * <p>Each call has the client's deadline; a failure is a {@link StatusRuntimeException} with the
 * service's message ({@code UNAUTHENTICATED}, {@code PERMISSION_DENIED}, {@code NOT_FOUND}, {@code
 * UNAVAILABLE}, ...). Calls are not retried here: a device polls again, the operator reconciles
 * again.
 */
public final class ReleaseChannelClient implements AutoCloseable {

  /** The {@code authorization} metadata key. */
  public static final Metadata.Key<String> AUTHORIZATION =
      Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

  /** Scheme of the service token. */
  public static final String BEARER = "Bearer";

  /** Default deadline of one call. */
  public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(5);

  private final ManagedChannel channel;
  private final boolean ownsChannel;
  private final Supplier<String> authorization;
  private final Duration deadline;

  private ReleaseChannelClient(
      ManagedChannel channel,
      boolean ownsChannel,
      Supplier<String> authorization,
      Duration deadline) {
    this.channel = channel;
    this.ownsChannel = ownsChannel;
    this.authorization = authorization;
    this.deadline = deadline;
  }

  /**
   * A device's client of {@code target} ({@code host:port}, plaintext), authenticated by the device
   * token {@code token} returns (asked on every call, so a device can renew it).
   */
  public static ReleaseChannelClient forDevice(
      String target, Supplier<String> token, Duration deadline) {
    Objects.requireNonNull(token, "token");
    return new ReleaseChannelClient(
        plaintext(target), true, () -> DeviceToken.authorizationHeader(token.get()), deadline);
  }

  /** The operator's (or another service's) client of {@code target}, with the service token. */
  public static ReleaseChannelClient forService(
      String target, String serviceToken, Duration deadline) {
    Objects.requireNonNull(serviceToken, "serviceToken");
    String header = BEARER + " " + serviceToken;
    return new ReleaseChannelClient(plaintext(target), true, () -> header, deadline);
  }

  /** A client on a channel the caller owns (in-process tests), with a fixed authorization. */
  public static ReleaseChannelClient onChannel(
      ManagedChannel channel, String authorization, Duration deadline) {
    return new ReleaseChannelClient(channel, false, () -> authorization, deadline);
  }

  /** What the device should run now. */
  public Assignment assignment(DeviceHello hello) {
    return stub().getAssignment(hello);
  }

  /** Reports the device's cumulative counters. */
  public ReportAck report(DeviceReport report) {
    return stub().report(report);
  }

  /** The aggregated figures of a trigger's current generation ({@code generation} 0). */
  public TriggerStatsReply triggerStats(String triggerId, long generation) {
    return stub()
        .triggerStats(
            TriggerStatsRequest.newBuilder()
                .setTriggerId(triggerId)
                .setGeneration(generation)
                .build());
  }

  /**
   * Driving exposure of {@code modelVersions} (km and interventions per role and condition) summed
   * over the devices' latest reports, and the devices per version.
   */
  public ReleaseStatsReply releaseStats(java.util.Collection<String> modelVersions) {
    return stub()
        .releaseStats(ReleaseStatsRequest.newBuilder().addAllModelVersions(modelVersions).build());
  }

  /** A short text of what went wrong in a call, for status messages and logs. */
  public static String describe(StatusRuntimeException e) {
    Status s = e.getStatus();
    return s.getCode() + (s.getDescription() == null ? "" : ": " + s.getDescription());
  }

  @Override
  public void close() {
    if (!ownsChannel) {
      return;
    }
    channel.shutdown();
    try {
      if (!channel.awaitTermination(2, TimeUnit.SECONDS)) {
        channel.shutdownNow();
      }
    } catch (InterruptedException e) {
      channel.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  private ReleaseChannelGrpc.ReleaseChannelBlockingStub stub() {
    Metadata headers = new Metadata();
    headers.put(AUTHORIZATION, authorization.get());
    return ReleaseChannelGrpc.newBlockingStub(channel)
        .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers))
        .withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS);
  }

  private static ManagedChannel plaintext(String target) {
    Objects.requireNonNull(target, "target");
    return ManagedChannelBuilder.forTarget(target).usePlaintext().build();
  }
}
