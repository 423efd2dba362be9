package io.fleetloop.operator.datatrigger;

import io.fleetloop.release.client.ReleaseChannelClient;
import io.fleetloop.release.grpc.TriggerStatsReply;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;

/** {@link TriggerStatsSource} over the release channel's gRPC {@code TriggerStats}. */
final class GrpcTriggerStats implements TriggerStatsSource {

  private final String target;
  private final ReleaseChannelClient client;

  GrpcTriggerStats(String target, String serviceToken, Duration deadline) {
    this.target = target;
    this.client = ReleaseChannelClient.forService(target, serviceToken, deadline);
  }

  @Override
  public Answer fetch(String triggerId, long generation) {
    TriggerStatsReply r;
    try {
      r = client.triggerStats(triggerId, generation);
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
        // the channel's informer has not seen the trigger yet
        return new Stats(false, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
      }
      return new Unavailable(
          "the release channel at "
              + target
              + " did not answer: "
              + ReleaseChannelClient.describe(e));
    }
    return new Stats(
        r.getServed(),
        r.getServedPercent(),
        r.getDevicesTargeted(),
        r.getDevicesActive(),
        r.getDevicesReporting(),
        r.getFirings(),
        r.getUploadedClips(),
        r.getUploadedBytes(),
        r.getDeviceDays(),
        r.getFiringsPerDeviceDay(),
        r.getBytesPerDevicePerDay());
  }

  @Override
  public String describe() {
    return "release channel at " + target;
  }

  @Override
  public void close() {
    client.close();
  }
}
