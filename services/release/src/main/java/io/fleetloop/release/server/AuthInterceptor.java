package io.fleetloop.release.server;

import io.fleetloop.release.client.ReleaseChannelClient;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.StatusRuntimeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Authenticates every call; the {@link Caller} travels in the gRPC context. */
final class AuthInterceptor implements ServerInterceptor {

  static final Context.Key<Caller> CALLER = Context.key("fleetloop-release-caller");

  private static final Logger log = LoggerFactory.getLogger(AuthInterceptor.class);

  private final Authenticator authenticator;

  AuthInterceptor(Authenticator authenticator) {
    this.authenticator = authenticator;
  }

  @Override
  public <ReqT, RespT> ServerCall.Listener<ReqT> interceptCall(
      ServerCall<ReqT, RespT> call, Metadata headers, ServerCallHandler<ReqT, RespT> next) {
    Caller caller;
    try {
      caller = authenticator.authenticate(headers.get(ReleaseChannelClient.AUTHORIZATION));
    } catch (StatusRuntimeException e) {
      log.info(
          "refused {}: {}",
          call.getMethodDescriptor().getBareMethodName(),
          e.getStatus().getDescription());
      call.close(e.getStatus(), new Metadata());
      return new ServerCall.Listener<>() {};
    }
    return Contexts.interceptCall(Context.current().withValue(CALLER, caller), call, headers, next);
  }
}
