package io.fleetloop.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ClipFormatTest {

  static ClipFrames sample(int frames, int featureCount, long seed) {
    Random r = new Random(seed);
    float[] features = new float[frames * featureCount];
    for (int i = 0; i < features.length; i++) {
      features[i] = (float) r.nextGaussian();
    }
    byte[] human = new byte[frames];
    float[] steer = new float[frames];
    byte[] active = new byte[frames];
    byte[] shadow = new byte[frames];
    byte[] flags = new byte[frames];
    float[] dis = new float[frames];
    for (int f = 0; f < frames; f++) {
      human[f] = (byte) r.nextInt(5);
      steer[f] = (float) r.nextGaussian();
      active[f] = (byte) r.nextInt(5);
      shadow[f] = f % 7 == 0 ? ClipFrames.NO_SHADOW : (byte) r.nextInt(5);
      flags[f] = (byte) (r.nextBoolean() ? ClipFrames.FLAG_TAKEOVER : 0);
      dis[f] = r.nextFloat();
    }
    return new ClipFrames(
        featureCount,
        frames,
        1_700_000_000_000L,
        100,
        42,
        frames / 2,
        features,
        human,
        steer,
        active,
        shadow,
        flags,
        dis);
  }

  /**
   * Labels as a device records them: categories that hold for seconds, no shadow, smooth steering.
   */
  static ClipFrames typical(int frames, long seed) {
    ClipFrames noisy = sample(frames, 26, seed);
    Random r = new Random(seed);
    byte[] human = new byte[frames];
    float[] steer = new float[frames];
    byte[] active = new byte[frames];
    byte[] shadow = new byte[frames];
    byte[] flags = new byte[frames];
    float[] dis = new float[frames];
    for (int f = 0; f < frames; f++) {
      human[f] = (byte) (f / 17 % 4);
      active[f] = (byte) ((f + 5) / 23 % 4);
      shadow[f] = ClipFrames.NO_SHADOW;
      flags[f] = (byte) (ClipFrames.FLAG_HUMAN_DRIVING | (f == 40 ? ClipFrames.FLAG_TAKEOVER : 0));
      steer[f] = (float) (0.3 * Math.sin(f / 9.0) + 0.05 * r.nextGaussian());
    }
    return new ClipFrames(
        26,
        frames,
        1_700_000_000_000L,
        100,
        137,
        frames / 2,
        noisy.features(),
        human,
        steer,
        active,
        shadow,
        flags,
        dis);
  }

  @Test
  void rawRoundTripIsExactInBothFormats() {
    ClipFrames clip = sample(80, 26, 1);
    byte[] v2 = ClipFormat.write(clip, RawFeatureCodec.INSTANCE);
    byte[] v1 = ClipFormat.writeV1(clip, RawFeatureCodec.INSTANCE);

    assertThat(ClipFormat.formatVersion(v2)).isEqualTo(ClipFormat.VERSION).isEqualTo(2);
    assertThat(ClipFormat.formatVersion(v1)).isEqualTo(ClipFormat.VERSION_1).isEqualTo(1);
    for (byte[] bytes : List.of(v1, v2)) {
      assertThat(ClipFormat.codecVersion(bytes)).isEqualTo(RawFeatureCodec.VERSION);
      ClipFrames back = ClipFormat.read(bytes, new CodecResolver());
      assertThat(back).isEqualTo(clip);
      assertThat(back.takeover(0)).isEqualTo(clip.takeover(0));
    }
    // format 1: 80 frames × (26 × 4 feature bytes + 12 label bytes) + 45 header bytes + 4 block
    // length bytes
    assertThat(v1.length).isEqualTo(80 * 116 + 49);
    // labels that change every frame are stored plain: format 2 is never much larger than 1
    assertThat(v2.length).isBetween(80 * 116, v1.length);
  }

  @Test
  void formatTwoStoresTypicalLabelsAsRunsAndBitExact() {
    ClipFrames clip = typical(80, 5);
    byte[] v2 = ClipFormat.write(clip, RawFeatureCodec.INSTANCE);
    byte[] v1 = ClipFormat.writeV1(clip, RawFeatureCodec.INSTANCE);

    ClipFrames back = ClipFormat.read(v2, new CodecResolver());
    assertThat(back).isEqualTo(clip);
    for (int f = 0; f < clip.frames(); f++) {
      assertThat(Float.floatToRawIntBits(back.humanSteering()[f]))
          .as("steering bits of frame %d", f)
          .isEqualTo(Float.floatToRawIntBits(clip.humanSteering()[f]));
    }
    // format 1: 12 label bytes a frame and a 45-byte header and a 4-byte block length. Format 2: a
    // 31-byte header; byte runs
    // (mode, count, length + value each) for humanAction (5 runs: 12 bytes), activeAction (4: 10),
    // shadowAction (1: 4) and flags (3: 8); steering changes every frame (plain: 1 + 320); one
    // disagreement run (1 + 1 + 1 + 4); a 2-byte varint block length
    int featureBytes = 80 * 26 * 4;
    assertThat(v1.length - featureBytes).isEqualTo(80 * 12 + 49);
    assertThat(v2.length - featureBytes).isEqualTo(31 + 12 + 10 + 4 + 8 + 321 + 7 + 2);
  }

  @Test
  void formatTwoFloatStreamsKeepEveryBitPattern() {
    ClipFrames base = typical(6, 6);
    float nan = Float.intBitsToFloat(0x7fc0_1234);
    float[] steer = {-0.0f, 0.0f, nan, nan, Float.MIN_VALUE, -1.5f};
    float[] dis = {0.25f, 0.25f, 0.25f, -0.0f, -0.0f, Float.MAX_VALUE};
    ClipFrames clip =
        new ClipFrames(
            26,
            6,
            -5L,
            33,
            -1,
            5,
            base.features(),
            base.humanAction(),
            steer,
            base.activeAction(),
            base.shadowAction(),
            base.flags(),
            dis);
    ClipFrames back =
        ClipFormat.read(ClipFormat.write(clip, RawFeatureCodec.INSTANCE), new CodecResolver());
    assertThat(back.condition()).isEqualTo(-1);
    assertThat(back.startTimestampMs()).isEqualTo(-5L);
    for (int f = 0; f < 6; f++) {
      assertThat(Float.floatToRawIntBits(back.humanSteering()[f]))
          .isEqualTo(Float.floatToRawIntBits(steer[f]));
      assertThat(Float.floatToRawIntBits(back.disagreement()[f]))
          .isEqualTo(Float.floatToRawIntBits(dis[f]));
    }
  }

  @Test
  void truncatedPayloadsAreRefusedAtEveryCutPoint() {
    for (ClipFrames clip : List.of(sample(10, 26, 2), typical(30, 2))) {
      for (byte[] bytes :
          List.of(
              ClipFormat.write(clip, RawFeatureCodec.INSTANCE),
              ClipFormat.writeV1(clip, RawFeatureCodec.INSTANCE))) {
        for (int cut = 0; cut < bytes.length; cut++) {
          byte[] truncated = Arrays.copyOf(bytes, cut);
          assertThatThrownBy(() -> ClipFormat.read(truncated, new CodecResolver()))
              .as("format %d cut at %d of %d", bytes[4], cut, bytes.length)
              .isInstanceOf(ClipFormatException.class);
        }
      }
    }
  }

  @Test
  void malformedFormatTwoPayloadsAreRefusedWithAReason() {
    // 3 features × 2 frames; each case replaces the label streams and what follows
    byte[] block = RawFeatureCodec.INSTANCE.encode(new float[6], 2, 3);
    byte[] labels =
        streams(plainBytes(2), plainBytes(2), plainBytes(2), plainBytes(2), plainFloats(2));
    byte[] allLabels = concat(labels, plainFloats(2));
    byte[] good = v2(2, allLabels, block);
    assertThat(ClipFormat.read(good, new CodecResolver()).frames()).isEqualTo(2);

    assertRefused(v2(2, bytes(7), block), "unknown mode 7");
    assertRefused(v2(2, bytes(0, 0), block), "declares 0 runs");
    assertRefused(v2(2, bytes(0, 3), block), "declares 3 runs for 2 frames");
    assertRefused(v2(2, bytes(0, 1, 3, 1), block), "run of 3 frames");
    assertRefused(v2(2, bytes(0, 2, 0, 1), block), "run of 0 frames");
    assertRefused(v2(2, bytes(0, 1, 1, 1), block), "humanAction runs cover 1 of 2");
    assertRefused(v2(2, bytes(0, 0x80, 0x80, 0x80, 0x80, 0x10), block), "varint runs over 32 bits");
    assertRefused(
        v2(2, concat(labels, bytes(0, 1, 1, 0, 0, 0, 0)), block), "disagreement runs cover 1 of 2");
    assertRefused(v2(0, allLabels, block), "declares 0 frames");
    assertRefused(payload(2, allLabels, bytes(0xFF, 0xFF, 0x03), block), "feature block declares");
    assertRefused(
        payload(2, allLabels, bytes(block.length), concat(block, bytes(9))), "unexpected bytes");
    assertRefused(payload(2, allLabels, bytes(block.length - 1), block), "unexpected bytes");
    byte[] v3 = good.clone();
    v3[4] = 3;
    assertRefused(v3, "clip format 3 is not supported");
    assertThatThrownBy(() -> ClipFormat.formatVersion(v3)).hasMessageContaining("formats 1 and 2");
  }

  private static void assertRefused(byte[] payload, String reason) {
    assertThatThrownBy(() -> ClipFormat.read(payload, new CodecResolver()))
        .isInstanceOf(ClipFormatException.class)
        .hasMessageContaining(reason);
  }

  /**
   * A format-2 payload of 3 raw features × {@code frames} with {@code labels} and {@code block}.
   */
  private static byte[] v2(int frames, byte[] labels, byte[] block) {
    return payload(frames, labels, bytes(block.length), block);
  }

  private static byte[] payload(int frames, byte[] labels, byte[] blockLength, byte[] block) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.write(ClipFormat.MAGIC);
      out.writeByte(2);
      out.writeUTF(RawFeatureCodec.VERSION);
      out.writeByte(3); // featureCount
      out.writeByte(frames);
      out.writeLong(1_700_000_000_000L);
      out.writeByte(100); // frameIntervalMs
      out.writeByte(2); // zigzag(condition 1)
      out.writeByte(0); // triggerFrame
      out.write(labels);
      out.write(blockLength);
      out.write(block);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static byte[] plainBytes(int frames) {
    return concat(bytes(1), new byte[frames]);
  }

  private static byte[] plainFloats(int frames) {
    return concat(bytes(1), new byte[frames * 4]);
  }

  private static byte[] streams(byte[]... streams) {
    return concat(streams);
  }

  private static byte[] bytes(int... values) {
    byte[] b = new byte[values.length];
    for (int i = 0; i < values.length; i++) {
      b[i] = (byte) values[i];
    }
    return b;
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  @Test
  void trailingBytesWrongMagicAndUnknownCodecAreRefused() {
    byte[] bytes = ClipFormat.write(sample(4, 3, 3), RawFeatureCodec.INSTANCE);
    byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);
    assertThatThrownBy(() -> ClipFormat.read(longer, new CodecResolver()))
        .hasMessageContaining("unexpected bytes");

    byte[] badMagic = bytes.clone();
    badMagic[0] = 'X';
    assertThatThrownBy(() -> ClipFormat.read(badMagic, new CodecResolver()))
        .hasMessageContaining("magic");

    FeatureCodec other =
        new FeatureCodec() {
          @Override
          public String version() {
            return "other/v9";
          }

          @Override
          public byte[] encode(float[] features, int frames, int featureCount) {
            return RawFeatureCodec.INSTANCE.encode(features, frames, featureCount);
          }

          @Override
          public float[] decode(byte[] blob, int frames, int featureCount) {
            return RawFeatureCodec.INSTANCE.decode(blob, frames, featureCount);
          }
        };
    byte[] otherBytes = ClipFormat.write(sample(4, 3, 4), other);
    assertThatThrownBy(() -> ClipFormat.read(otherBytes, new CodecResolver()))
        .hasMessageContaining("other/v9");
    assertThat(ClipFormat.read(otherBytes, CodecResolver.of(other)).frames()).isEqualTo(4);
  }

  @Test
  void shapesAreChecked() {
    assertThatThrownBy(
            () ->
                new ClipFrames(
                    2,
                    2,
                    0,
                    100,
                    0,
                    0,
                    new float[3],
                    new byte[2],
                    new float[2],
                    new byte[2],
                    new byte[2],
                    new byte[2],
                    new float[2]))
        .hasMessageContaining("expected 2 × 2");
  }
}
