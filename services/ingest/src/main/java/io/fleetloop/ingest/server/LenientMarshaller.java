package io.fleetloop.ingest.server;

import io.fleetloop.ingest.core.UploadAssembler;
import io.fleetloop.ingest.grpc.UploadChunk;
import io.grpc.MethodDescriptor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Parses request messages without failing the call: bytes that are not an {@code UploadChunk}
 * become {@link UploadAssembler#MALFORMED}, which the service refuses with {@code INVALID_ARGUMENT}
 * (grpc-java's own marshaller would answer {@code INTERNAL}).
 */
final class LenientMarshaller implements MethodDescriptor.Marshaller<UploadChunk> {

  private final MethodDescriptor.Marshaller<UploadChunk> delegate;

  LenientMarshaller(MethodDescriptor.Marshaller<UploadChunk> delegate) {
    this.delegate = delegate;
  }

  @Override
  public InputStream stream(UploadChunk value) {
    return delegate.stream(value);
  }

  @Override
  public UploadChunk parse(InputStream stream) {
    try (stream) {
      return UploadChunk.parseFrom(stream);
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      return UploadAssembler.MALFORMED;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
