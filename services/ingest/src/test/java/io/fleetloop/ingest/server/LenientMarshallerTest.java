package io.fleetloop.ingest.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.fleetloop.ingest.core.UploadAssembler;
import io.fleetloop.ingest.grpc.IngestGrpc;
import io.fleetloop.ingest.grpc.UploadChunk;
import io.grpc.KnownLength;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class LenientMarshallerTest {

  private final LenientMarshaller marshaller =
      new LenientMarshaller(IngestGrpc.getUploadMethod().getRequestMarshaller());

  /** What gRPC hands a marshaller: a stream that knows its length. */
  private static final class Known extends ByteArrayInputStream implements KnownLength {
    Known(byte[] bytes) {
      super(bytes);
    }
  }

  private static byte[] dataChunk(int size) {
    byte[] payload = new byte[size];
    Arrays.fill(payload, (byte) 7);
    return UploadChunk.newBuilder().setData(ByteString.copyFrom(payload)).build().toByteArray();
  }

  @Test
  void aKnownLengthMessageIsParsedWhole() {
    UploadChunk chunk = marshaller.parse(new Known(dataChunk(300_000)));
    assertThat(chunk.getData().size()).isEqualTo(300_000);
    assertThat(chunk.getData().byteAt(299_999)).isEqualTo((byte) 7);
  }

  @Test
  void aStreamOfUnknownLengthIsParsedToo() {
    InputStream plain = new ByteArrayInputStream(dataChunk(10_000));
    assertThat(marshaller.parse(plain).getData().size()).isEqualTo(10_000);
  }

  @Test
  void truncatedOrGarbageBytesAreMalformed() {
    byte[] whole = dataChunk(10_000);
    assertThat(marshaller.parse(new Known(Arrays.copyOf(whole, 5_000))))
        .isSameAs(UploadAssembler.MALFORMED);
    assertThat(marshaller.parse(new Known(new byte[] {(byte) 0xff, (byte) 0xff, 0x01})))
        .isSameAs(UploadAssembler.MALFORMED);
  }
}
