package io.fleetloop.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
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

  @Test
  void rawRoundTripIsExact() {
    ClipFrames clip = sample(80, 26, 1);
    byte[] bytes = ClipFormat.write(clip, RawFeatureCodec.INSTANCE);

    assertThat(ClipFormat.codecVersion(bytes)).isEqualTo(RawFeatureCodec.VERSION);
    ClipFrames back = ClipFormat.read(bytes, new CodecResolver());
    assertThat(back).isEqualTo(clip);
    assertThat(back.takeover(0)).isEqualTo(clip.takeover(0));
    // 80 frames × (26 × 4 feature bytes + 12 label bytes) + header
    assertThat(bytes.length).isBetween(80 * 116, 80 * 116 + 64);
  }

  @Test
  void truncatedPayloadsAreRefusedWithAReason() {
    byte[] bytes = ClipFormat.write(sample(10, 26, 2), RawFeatureCodec.INSTANCE);
    for (int cut : new int[] {0, 3, 5, 20, 40, bytes.length - 1}) {
      byte[] truncated = Arrays.copyOf(bytes, cut);
      assertThatThrownBy(() -> ClipFormat.read(truncated, new CodecResolver()))
          .as("cut at %d", cut)
          .isInstanceOf(ClipFormatException.class);
    }
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
