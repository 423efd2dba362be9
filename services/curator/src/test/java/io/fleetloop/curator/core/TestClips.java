package io.fleetloop.curator.core;

import io.fleetloop.codec.ClipFrames;
import java.util.Arrays;

/** A fluent builder of small {@link ClipFrames} for tests. */
public final class TestClips {
  private int frames = 10;
  private int condition = 0;
  private long seed = 1;
  private boolean takeoverFrame;
  private boolean shadowDisagrees;
  private boolean shadowRuns = true;

  public static TestClips clip() {
    return new TestClips();
  }

  public TestClips frames(int n) {
    frames = n;
    return this;
  }

  public TestClips condition(int c) {
    condition = c;
    return this;
  }

  public TestClips seed(long s) {
    seed = s;
    return this;
  }

  public TestClips takeoverOnAFrame() {
    takeoverFrame = true;
    return this;
  }

  public TestClips shadowDisagrees() {
    shadowDisagrees = true;
    return this;
  }

  public TestClips noShadow() {
    shadowRuns = false;
    return this;
  }

  public ClipFrames build() {
    int features = 4;
    float[] f = new float[frames * features];
    for (int i = 0; i < f.length; i++) {
      f[i] = (float) ((seed * 31 + i) % 97) / 97f;
    }
    byte[] human = new byte[frames];
    Arrays.fill(human, (byte) 2);
    byte[] shadow = new byte[frames];
    Arrays.fill(shadow, shadowRuns ? (byte) 2 : ClipFrames.NO_SHADOW);
    if (shadowDisagrees) {
      shadow[frames / 2] = 4;
    }
    byte[] flags = new byte[frames];
    Arrays.fill(flags, (byte) ClipFrames.FLAG_HUMAN_DRIVING);
    if (takeoverFrame) {
      flags[frames - 1] |= ClipFrames.FLAG_TAKEOVER;
    }
    return new ClipFrames(
        features,
        frames,
        1_000L * seed,
        100,
        condition,
        frames / 2,
        f,
        human,
        new float[frames],
        human.clone(),
        shadow,
        flags,
        new float[frames]);
  }
}
