package io.fleetloop.operator.fleetrelease;

import io.fleetloop.release.client.ReleaseChannelClient;
import io.fleetloop.release.grpc.Exposure;
import io.fleetloop.release.grpc.ExposureRole;
import io.fleetloop.release.grpc.ReleaseStatsReply;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/** {@link ReleaseStatsSource} over the release channel's gRPC {@code ReleaseStats}. */
final class GrpcReleaseStats implements ReleaseStatsSource {

  private final String target;
  private final ReleaseChannelClient client;

  GrpcReleaseStats(String target, String serviceToken, Duration deadline) {
    this(target, ReleaseChannelClient.forService(target, serviceToken, deadline));
  }

  GrpcReleaseStats(String target, ReleaseChannelClient client) {
    this.target = target;
    this.client = client;
  }

  @Override
  public Answer fetch(List<String> versions) {
    ReleaseStatsReply reply;
    try {
      reply = client.releaseStats(versions);
    } catch (StatusRuntimeException e) {
      return new Unavailable(
          "the release channel at "
              + target
              + " did not answer: "
              + ReleaseChannelClient.describe(e));
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
    return "release channel at " + target;
  }

  @Override
  public void close() {
    client.close();
  }
}
