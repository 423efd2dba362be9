package io.fleetloop.ingest.server;

import com.google.protobuf.CodedInputStream;
import io.fleetloop.ingest.core.UploadAssembler;
import io.fleetloop.ingest.grpc.UploadChunk;
import io.grpc.KnownLength;
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

  /**
   * Reads the message's bytes into one array (gRPC hands over a stream of known length) and parses
   * it with aliasing, so a {@code data} field is a view of that array rather than a second copy
   * assembled from the parser's 4 KiB reads.
   */
  @Override
  public UploadChunk parse(InputStream stream) {
    try (stream) {
      if (stream instanceof KnownLength) {
        byte[] bytes = stream.readNBytes(stream.available());
        if (stream.read() == -1) {
          CodedInputStream in = CodedInputStream.newInstance(bytes);
          in.enableAliasing(true);
          UploadChunk chunk = UploadChunk.parseFrom(in);
          in.checkLastTagWas(0);
          return chunk;
        }
        return UploadAssembler.MALFORMED; // more bytes than announced: not a gRPC message
      }
      return UploadChunk.parseFrom(stream);
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      return UploadAssembler.MALFORMED;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
