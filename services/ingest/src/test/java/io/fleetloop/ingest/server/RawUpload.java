package io.fleetloop.ingest.server;

import io.fleetloop.ingest.client.IngestClient;
import io.fleetloop.ingest.grpc.IngestGrpc;
import io.fleetloop.ingest.grpc.UploadAck;
import io.fleetloop.ingest.grpc.UploadChunk;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** Sends arbitrary message bytes on the Upload method: what a broken or hostile device can do. */
final class RawUpload {

  private static final MethodDescriptor.Marshaller<byte[]> BYTES =
      new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
          return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
          try {
            return stream.readAllBytes();
          } catch (IOException e) {
            throw new IllegalStateException(e);
          }
        }
      };

  private static final MethodDescriptor<byte[], UploadAck> METHOD =
      IngestGrpc.getUploadMethod().toBuilder(
              BYTES, IngestGrpc.getUploadMethod().getResponseMarshaller())
          .build();

  /** The outcome of one raw upload: OK with an ack, or a refusal. */
  record Outcome(Status status, UploadAck ack) {
    Status.Code code() {
      return status.getCode();
    }
  }

  private RawUpload() {}

  static byte[] bytes(UploadChunk chunk) {
    return chunk.toByteArray();
  }

  static Outcome send(Channel channel, String authorization, List<byte[]> messages) {
    Metadata headers = new Metadata();
    if (authorization != null) {
      headers.put(IngestClient.AUTHORIZATION, authorization);
    }
    CompletableFuture<UploadAck> result = new CompletableFuture<>();
    StreamObserver<byte[]> requests =
        ClientCalls.asyncClientStreamingCall(
            io.grpc.ClientInterceptors.intercept(
                    channel, io.grpc.stub.MetadataUtils.newAttachHeadersInterceptor(headers))
                .newCall(METHOD, CallOptions.DEFAULT.withDeadlineAfter(20, TimeUnit.SECONDS)),
            new StreamObserver<>() {
              private UploadAck ack;

              @Override
              public void onNext(UploadAck value) {
                ack = value;
              }

              @Override
              public void onError(Throwable t) {
                result.completeExceptionally(t);
              }

              @Override
              public void onCompleted() {
                result.complete(ack);
              }
            });
    for (byte[] m : messages) {
      if (result.isDone()) {
        break;
      }
      requests.onNext(m);
    }
    if (!result.isDone()) {
      requests.onCompleted();
    }
    try {
      return new Outcome(Status.OK, result.get(30, TimeUnit.SECONDS));
    } catch (ExecutionException e) {
      if (e.getCause() instanceof StatusRuntimeException sre) {
        return new Outcome(sre.getStatus(), null);
      }
      throw new IllegalStateException(e.getCause());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
