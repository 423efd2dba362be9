package io.fleetloop.ingest.server;

import io.fleetloop.ingest.client.IngestClient;
import io.fleetloop.ingest.core.DeviceAuthenticator;
import io.fleetloop.ingest.core.Refusal;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Authenticates every call by its device token; the device id travels in the gRPC context. */
final class AuthInterceptor implements ServerInterceptor {

  private static final Logger LOG = LoggerFactory.getLogger(AuthInterceptor.class);
  static final Context.Key<String> DEVICE = Context.key("fleetloop-device");

  private final DeviceAuthenticator authenticator;
  private final IngestMetrics metrics;

  AuthInterceptor(DeviceAuthenticator authenticator, IngestMetrics metrics) {
    this.authenticator = authenticator;
    this.metrics = metrics;
  }

  @Override
  public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(
      ServerCall<ReqT, RespT> call, Metadata headers, ServerCallHandler<ReqT, RespT> next) {
    String device;
    try {
      device = authenticator.authenticate(headers.get(IngestClient.AUTHORIZATION));
    } catch (Refusal r) {
      LOG.info("refused call: {} {}", r.code(), r.getMessage());
      metrics.refused(r.code());
      call.close(Status.fromCode(r.code()).withDescription(r.getMessage()), new Metadata());
      return new ServerCall.Listener<>() {};
    }
    return Contexts.interceptCall(Context.current().withValue(DEVICE, device), call, headers, next);
  }
}
