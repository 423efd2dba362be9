package io.fleetloop.operator.datatrigger;

import io.fleetloop.operator.common.ReleaseChannelConnection;
import io.fleetloop.release.grpc.TriggerStatsReply;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

/**
 * {@link TriggerStatsSource} over the release channel's gRPC {@code TriggerStats}, on the
 * operator's shared connection (closed by its opener, not here).
 */
final class GrpcTriggerStats implements TriggerStatsSource {

  private final ReleaseChannelConnection channel;

  GrpcTriggerStats(ReleaseChannelConnection channel) {
    this.channel = channel;
  }

  @Override
  public Answer fetch(String triggerId, long generation) {
    TriggerStatsReply r;
    try {
      r = channel.client().triggerStats(triggerId, generation);
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
        // the channel's informer has not seen the trigger yet
        return new Stats(false, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
      }
      return new Unavailable(channel.didNotAnswer(e));
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
    return channel.toString();
  }
}
