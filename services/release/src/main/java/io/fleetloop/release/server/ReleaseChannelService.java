package io.fleetloop.release.server;

import io.fleetloop.api.v1alpha1.DataTrigger;
import io.fleetloop.release.core.AssignmentPolicy;
import io.fleetloop.release.core.DeviceDirectory;
import io.fleetloop.release.core.ExposureBook;
import io.fleetloop.release.core.ReportBook;
import io.fleetloop.release.core.ServedTrigger;
import io.fleetloop.release.grpc.Assignment;
import io.fleetloop.release.grpc.DeviceHello;
import io.fleetloop.release.grpc.DeviceReport;
import io.fleetloop.release.grpc.ReleaseChannelGrpc;
import io.fleetloop.release.grpc.ReleaseStatsReply;
import io.fleetloop.release.grpc.ReleaseStatsRequest;
import io.fleetloop.release.grpc.ReportAck;
import io.fleetloop.release.grpc.TriggerCounters;
import io.fleetloop.release.grpc.TriggerStatsReply;
import io.fleetloop.release.grpc.TriggerStatsRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/** The gRPC service: assignments, reports, trigger statistics and release (exposure) statistics. */
final class ReleaseChannelService extends ReleaseChannelGrpc.ReleaseChannelImplBase {

  private static final Logger log = LoggerFactory.getLogger(ReleaseChannelService.class);

  private final ResourceCache cache;
  private final AssignmentPolicy policy;
  private final DeviceDirectory directory;
  private final ReportBook book;
  private final ExposureBook exposure;
  private final Duration activeWindow;
  private final Clock clock;

  ReleaseChannelService(
      ResourceCache cache,
      AssignmentPolicy policy,
      DeviceDirectory directory,
      ReportBook book,
      ExposureBook exposure,
      Duration activeWindow,
      Clock clock) {
    this.cache = cache;
    this.policy = policy;
    this.directory = directory;
    this.book = book;
    this.exposure = exposure;
    this.activeWindow = activeWindow;
    this.clock = clock;
  }

  @Override
  public void getAssignment(DeviceHello hello, StreamObserver<Assignment> out) {
    answer(
        out,
        () -> {
          String device = requireDevice(hello.getDeviceId());
          try (var ignored = MDC.putCloseable("device", device)) {
            directory.saw(device, hello.getLabelsMap(), hello.getHardware(), clock.instant());
            Assignment a =
                policy.assign(device, hello.getLabelsMap(), cache.triggers(), cache.releases());
            log.debug(
                "assigned model {} and {} triggers (cohort {})",
                a.getModel().getVersion(),
                a.getTriggersCount(),
                a.getCohort());
            return a;
          }
        });
  }

  @Override
  public void report(DeviceReport report, StreamObserver<ReportAck> out) {
    answer(
        out,
        () -> {
          String device = requireDevice(report.getDeviceId());
          Instant now = clock.instant();
          int accepted = 0;
          int ignored = 0;
          for (TriggerCounters c : report.getTriggersList()) {
            Optional<ServedTrigger> served = cache.trigger(c.getTriggerId());
            if (served.isPresent() && served.get().generation() == c.getGeneration()) {
              book.record(device, c, now);
              accepted++;
            } else {
              ignored++;
              log.debug(
                  "device {}: ignored counters of {} generation {} (not served)",
                  device,
                  c.getTriggerId(),
                  c.getGeneration());
            }
          }
          try {
            exposure.record(device, report.getExposureList(), now);
          } catch (IllegalArgumentException e) {
            throw Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException();
          }
          return ReportAck.newBuilder().setAccepted(accepted).setIgnored(ignored).build();
        });
  }

  @Override
  public void triggerStats(TriggerStatsRequest request, StreamObserver<TriggerStatsReply> out) {
    answer(
        out,
        () -> {
          if (!(AuthInterceptor.CALLER.get() instanceof Caller.Service)) {
            throw Status.PERMISSION_DENIED
                .withDescription("TriggerStats needs the service token, not a device token")
                .asRuntimeException();
          }
          String id = request.getTriggerId();
          DataTrigger raw =
              cache
                  .rawTrigger(id)
                  .orElseThrow(
                      () ->
                          Status.NOT_FOUND
                              .withDescription("no DataTrigger " + id + " in this channel's scope")
                              .asRuntimeException());
          Optional<ServedTrigger> served = cache.trigger(id);
          long generation =
              request.getGeneration() != 0
                  ? request.getGeneration()
                  : served.map(ServedTrigger::generation).orElse(raw.getMetadata().getGeneration());
          ReportBook.Totals t = book.totals(id, generation, clock.instant(), activeWindow);
          boolean isServed = served.filter(s -> s.generation() == generation).isPresent();
          return TriggerStatsReply.newBuilder()
              .setTriggerId(id)
              .setGeneration(generation)
              .setDevicesTargeted(directory.matching(raw.getSpec().getFleetSelector()))
              .setDevicesActive(t.active())
              .setDevicesReporting(t.reporting())
              .setFirings(t.firings())
              .setUploadedClips(t.clips())
              .setUploadedBytes(t.bytes())
              .setDeviceDays(t.deviceDays())
              .setFiringsPerDeviceDay(t.perDeviceDay(t.firings()))
              .setClipsPerDevicePerDay(t.perDeviceDay(t.clips()))
              .setBytesPerDevicePerDay(t.perDeviceDay(t.bytes()))
              .setServed(isServed)
              .setServedPercent(isServed ? served.get().servedPercent() : 0)
              .build();
        });
  }

  @Override
  public void releaseStats(ReleaseStatsRequest request, StreamObserver<ReleaseStatsReply> out) {
    answer(
        out,
        () -> {
          if (!(AuthInterceptor.CALLER.get() instanceof Caller.Service)) {
            throw Status.PERMISSION_DENIED
                .withDescription("ReleaseStats needs the service token, not a device token")
                .asRuntimeException();
          }
          return exposure.stats(request.getModelVersionsList());
        });
  }

  /** The calling device, which must be {@code claimed}. */
  private static String requireDevice(String claimed) {
    Caller caller = AuthInterceptor.CALLER.get();
    if (!(caller instanceof Caller.Device device)) {
      throw Status.PERMISSION_DENIED
          .withDescription("only devices ask for assignments and report counters")
          .asRuntimeException();
    }
    if (!device.deviceId().equals(claimed)) {
      throw Status.PERMISSION_DENIED
          .withDescription(
              "device " + device.deviceId() + " cannot ask or report as '" + claimed + "'")
          .asRuntimeException();
    }
    return device.deviceId();
  }

  private static <T> void answer(StreamObserver<T> out, Supplier<T> body) {
    T reply;
    try {
      reply = body.get();
    } catch (StatusRuntimeException e) {
      out.onError(e);
      return;
    } catch (RuntimeException e) {
      log.error("release channel call failed", e);
      out.onError(Status.INTERNAL.withDescription(e.toString()).asRuntimeException());
      return;
    }
    out.onNext(reply);
    out.onCompleted();
  }
}
