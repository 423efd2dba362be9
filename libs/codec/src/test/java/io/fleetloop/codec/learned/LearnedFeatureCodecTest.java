package io.fleetloop.codec.learned;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.fleetloop.codec.ClipFormat;
import io.fleetloop.codec.ClipFormatException;
import io.fleetloop.codec.ClipFrames;
import io.fleetloop.codec.CodecResolver;
import io.fleetloop.codec.RawFeatureCodec;
import io.fleetloop.world.PolicyFeatures;
import io.fleetloop.world.PolicyModel;
import io.fleetloop.world.model.InvalidArtifactException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class LearnedFeatureCodecTest {
  private static final int N = PolicyFeatures.COUNT;

  @Test
  void versionNamesTheLatentsAndTheContentDigest() {
    LearnedFeatureCodec codec = Fixtures.codec();
    assertThat(codec.version()).matches("lincodec-k([1-9]|1[01])/sha256:[0-9a-f]{16}");
    assertThat(codec.version()).startsWith("lincodec-k" + codec.latents() + "/");
    assertThat(codec.sha256())
        .hasSize(64)
        .startsWith(codec.version().substring(codec.version().indexOf(':') + 1));
    assertThat(codec.policySha256()).isEqualTo(Fixtures.policy().toArtifact().sha256());
    assertThat(codec.metadata()).containsKeys("trained.agreement", "trained.step");
  }

  @Test
  void roundTripKeepsConditionsExactAndContinuousFeaturesClose() {
    LearnedFeatureCodec codec = Fixtures.codec();
    for (ClipFrames clip : Fixtures.clips().subList(0, 40)) {
      byte[] block = codec.encode(clip.features(), clip.frames(), N);
      float[] back = codec.decode(block, clip.frames(), N);
      assertThat(back).hasSize(clip.features().length);
      int[] codes = new int[codec.latents()];
      float[] expected = new float[N];
      for (int f = 0; f < clip.frames(); f++) {
        int off = f * N;
        // the one-hot condition groups come back exactly
        for (int i = PolicyLayout.CONTINUOUS; i < N; i++) {
          assertThat(back[off + i]).isEqualTo(clip.features()[off + i]);
        }
        // the continuous ones are the per-frame quantization: delta coding adds no drift
        codec.quantize(clip.features(), off, codes);
        codec.reconstruct(codes, PolicyLayout.conditionOf(clip.features(), off), expected, 0);
        assertThat(Arrays.copyOfRange(back, off, off + N)).containsExactly(expected);
        for (int i = 0; i < PolicyLayout.CONTINUOUS; i++) {
          assertThat(back[off + i])
              .as("feature %d", i)
              .isCloseTo(clip.features()[off + i], within(0.25f));
        }
      }
    }
  }

  @Test
  void clipsTravelThroughTheClipFormatWithExactLabels() {
    LearnedFeatureCodec codec = Fixtures.codec();
    ClipFrames clip = Fixtures.clips().get(3);
    byte[] payload = ClipFormat.write(clip, codec);
    assertThat(ClipFormat.codecVersion(payload)).isEqualTo(codec.version());
    assertThatThrownBy(() -> ClipFormat.read(payload, new CodecResolver()))
        .isInstanceOf(ClipFormatException.class)
        .hasMessageContaining(codec.version());

    ClipFrames back = ClipFormat.read(payload, CodecResolver.of(codec));
    assertThat(back.withFeatures(clip.features())).isEqualTo(clip);
    for (ClipFrames other : Fixtures.clips()) {
      ClipFrames read = ClipFormat.read(ClipFormat.write(other, codec), CodecResolver.of(codec));
      assertThat(read.withFeatures(other.features())).as("labels are exact").isEqualTo(other);
    }
    assertThat(back.features())
        .isEqualTo(codec.decode(codec.encode(clip.features(), clip.frames(), N), clip.frames(), N));
    assertThat(payload.length)
        .isLessThan(ClipFormat.write(clip, RawFeatureCodec.INSTANCE).length / 5);
  }

  @Test
  void artifactRoundTripsAndIsDeterministic() {
    LearnedFeatureCodec codec = Fixtures.codec();
    byte[] bytes = codec.toBytes();
    LearnedFeatureCodec back = LearnedFeatureCodec.fromBytes(bytes);
    assertThat(back.version()).isEqualTo(codec.version());
    assertThat(back.toBytes()).isEqualTo(bytes);
    assertThat(back.metadata()).isEqualTo(codec.metadata());
    ClipFrames clip = Fixtures.clips().get(0);
    assertThat(back.encode(clip.features(), clip.frames(), N))
        .isEqualTo(codec.encode(clip.features(), clip.frames(), N));
  }

  @Test
  void trainingIsDeterministicUnderItsSeed() {
    LearnedFeatureCodec again = Fixtures.train(11);
    assertThat(again.toBytes()).isEqualTo(Fixtures.codec().toBytes());
    assertThat(again.version()).isEqualTo(Fixtures.codec().version());
    LearnedFeatureCodec other = Fixtures.train(12);
    assertThat(other.version()).isNotEqualTo(Fixtures.codec().version());
  }

  @Test
  void corruptedTruncatedAndForeignArtifactsAreRefused() {
    byte[] bytes = Fixtures.codec().toBytes();
    for (int i : new int[] {6, 20, bytes.length / 2, bytes.length - 40, bytes.length - 1}) {
      byte[] corrupted = bytes.clone();
      corrupted[i] ^= 0x10;
      assertThatThrownBy(() -> LearnedFeatureCodec.fromBytes(corrupted))
          .as("flipped byte %d", i)
          .isInstanceOf(InvalidArtifactException.class)
          .hasMessageContaining("digest mismatch")
          .hasMessageContaining("refused");
    }
    assertThatThrownBy(() -> LearnedFeatureCodec.fromBytes(Arrays.copyOf(bytes, bytes.length - 4)))
        .isInstanceOf(InvalidArtifactException.class)
        .hasMessageContaining("digest mismatch");
    assertThatThrownBy(() -> LearnedFeatureCodec.fromBytes(Arrays.copyOf(bytes, 10)))
        .isInstanceOf(InvalidArtifactException.class)
        .hasMessageContaining("too short");
    byte[] foreign = Fixtures.policy().toArtifact().toBytes();
    assertThatThrownBy(() -> LearnedFeatureCodec.fromBytes(foreign))
        .isInstanceOf(InvalidArtifactException.class)
        .hasMessageContaining("bad magic");
  }

  @Test
  void truncatedOrPaddedBlocksAreRefusedWithClipFormatException() {
    LearnedFeatureCodec codec = Fixtures.codec();
    ClipFrames clip = Fixtures.clips().get(1);
    byte[] block = codec.encode(clip.features(), clip.frames(), N);
    for (int cut = 0; cut < block.length; cut++) {
      byte[] truncated = Arrays.copyOf(block, cut);
      assertThatThrownBy(() -> codec.decode(truncated, clip.frames(), N))
          .as("cut at %d of %d", cut, block.length)
          .isInstanceOf(ClipFormatException.class);
    }
    byte[] padded = Arrays.copyOf(block, block.length + 1);
    assertThatThrownBy(() -> codec.decode(padded, clip.frames(), N))
        .isInstanceOf(ClipFormatException.class)
        .hasMessageContaining("unexpected bytes");
    assertThatThrownBy(() -> codec.decode(block, clip.frames() + 20, N))
        .isInstanceOf(ClipFormatException.class);
    assertThatThrownBy(() -> codec.decode(block, clip.frames(), 27))
        .isInstanceOf(ClipFormatException.class)
        .hasMessageContaining("27 features");
    byte[] badFormat = block.clone();
    badFormat[0] = 9;
    assertThatThrownBy(() -> codec.decode(badFormat, clip.frames(), N))
        .isInstanceOf(ClipFormatException.class)
        .hasMessageContaining("format 9");

    byte[] payload = ClipFormat.write(clip, codec);
    for (int cut = 0; cut < payload.length; cut++) {
      byte[] truncated = Arrays.copyOf(payload, cut);
      assertThatThrownBy(() -> ClipFormat.read(truncated, CodecResolver.of(codec)))
          .as("clip cut at %d of %d", cut, payload.length)
          .isInstanceOf(ClipFormatException.class);
    }
  }

  @Test
  void outliersSingleFramesAndBadInputs() {
    LearnedFeatureCodec codec = Fixtures.codec();
    ClipFrames clip = Fixtures.clips().get(2);
    float[] x = clip.features().clone();
    x[40 * N] = 40f; // a speed far outside anything seen: escaped, not lost
    x[41 * N + 4] = -30f;
    float[] back = codec.decode(codec.encode(x, clip.frames(), N), clip.frames(), N);
    assertThat(back[40 * N]).isCloseTo(40f, within(0.3f));
    assertThat(back[41 * N + 4]).isCloseTo(-30f, within(0.3f));

    float[] one = Arrays.copyOf(x, N);
    assertThat(codec.decode(codec.encode(one, 1, N), 1, N)).hasSize(N);

    float[] nan = x.clone();
    nan[5] = Float.NaN;
    assertThatThrownBy(() -> codec.encode(nan, clip.frames(), N))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("headway");
    assertThatThrownBy(() -> codec.encode(new float[27 * 2], 2, 27))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("26 policy features");
    assertThatThrownBy(() -> codec.encode(new float[N * 2], 3, N))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void theCodecNamesTheModelItShipsWith() {
    LearnedFeatureCodec codec = Fixtures.codec();
    codec.requireServes(Fixtures.policy().toArtifact());
    PolicyModel other = PolicyModel.untrained("fleetloop-reference-policy", "other", 3);
    assertThatThrownBy(() -> codec.requireServes(other.toArtifact()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("was trained for")
        .hasMessageContaining("@other");
  }

  @Test
  void fleetClipsAreConsecutiveLabelledWindows() {
    List<ClipFrames> clips = Fixtures.clips();
    assertThat(clips).hasSize(75 * 4);
    ClipFrames first = clips.get(0);
    ClipFrames second = clips.get(1);
    assertThat(first.frames()).isEqualTo(80);
    assertThat(second.startTimestampMs() - first.startTimestampMs()).isEqualTo(80 * 100);
    for (ClipFrames c : clips.subList(0, 20)) {
      for (int f = 0; f < c.frames(); f++) {
        assertThat(c.humanAction()[f]).isBetween((byte) 0, (byte) 3);
        assertThat(c.humanDriving(f)).isTrue();
      }
      assertThat(PolicyLayout.conditionOf(c.features(), c.triggerFrame() * N))
          .isEqualTo(c.condition());
    }
  }
}
