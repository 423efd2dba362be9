package io.fleetloop.operator.fleetrelease;

import io.fleetloop.operator.common.ReleaseChannelConnection;
import io.fleetloop.release.grpc.Exposure;
import io.fleetloop.release.grpc.ExposureRole;
import io.fleetloop.release.grpc.ReleaseStatsReply;
import io.grpc.StatusRuntimeException;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * {@link ReleaseStatsSource} over the release channel's gRPC {@code ReleaseStats}, on the
 * operator's shared connection (closed by its opener, not here).
 */
final class GrpcReleaseStats implements ReleaseStatsSource {

  private final ReleaseChannelConnection channel;

  GrpcReleaseStats(ReleaseChannelConnection channel) {
    this.channel = channel;
  }

  @Override
  public Answer fetch(List<String> versions) {
    ReleaseStatsReply reply;
    try {
      reply = channel.client().releaseStats(versions);
    } catch (StatusRuntimeException e) {
      return new Unavailable(channel.didNotAnswer(e));
    }
    return new Readings(readings(reply));
  }

  static ExposureReadings readings(ReleaseStatsReply reply) {
    SortedMap<ExposureReadings.Key, io.fleetloop.stats.Exposure> out = new TreeMap<>();
    for (Exposure e : reply.getExposureList()) {
      String role =
          e.getRole() == ExposureRole.SHADOW ? ExposureReadings.SHADOW : ExposureReadings.DRIVING;
      out.merge(
          new ExposureReadings.Key(e.getModelVersion(), role, e.getCondition()),
          io.fleetloop.stats.Exposure.of(e.getKm(), e.getInterventions()),
          io.fleetloop.stats.Exposure::plus);
    }
    return new ExposureReadings(out, reply.getDevicesMap());
  }

  @Override
  public String describe() {
    return channel.toString();
  }
}
