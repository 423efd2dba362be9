package io.fleetloop.codec.learned;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetloop.codec.ClipFormatException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RiceCodeTest {

  @Test
  void zigzagIsABijectionOnSmallIntegers() {
    for (int v = -1000; v <= 1000; v++) {
      assertThat(RiceCode.unzigzag(RiceCode.zigzag(v))).isEqualTo(v);
      assertThat(RiceCode.zigzag(v)).isNotNegative();
    }
    assertThat(RiceCode.zigzag(-1)).isEqualTo(1);
    assertThat(RiceCode.zigzag(1)).isEqualTo(2);
  }

  @Test
  void valuesVarintsAndEscapesRoundTripForEveryParameter() {
    SplittableRandom r = new SplittableRandom(3);
    int[] values = new int[500];
    int[] params = new int[values.length];
    BitWriter out = new BitWriter(64);
    out.writeByte(0xAB);
    out.writeVarint(300);
    out.writeVarint(Integer.MAX_VALUE);
    for (int i = 0; i < values.length; i++) {
      values[i] = i % 50 == 0 ? r.nextInt(1 << 25) : r.nextInt(1 << r.nextInt(12));
      params[i] = r.nextInt(RiceCode.ALL_ZERO);
      RiceCode.write(out, values[i], params[i]);
    }
    byte[] bytes = out.toByteArray();
    BitReader in = new BitReader(bytes);
    assertThat(in.readByte()).isEqualTo(0xAB);
    assertThat(in.readVarint()).isEqualTo(300);
    assertThat(in.readVarint()).isEqualTo(Integer.MAX_VALUE);
    for (int i = 0; i < values.length; i++) {
      assertThat(RiceCode.read(in, params[i])).as("value %d", i).isEqualTo(values[i]);
    }
    in.align();
    assertThat(in.remaining()).isZero();
    assertThatThrownBy(in::readBit).isInstanceOf(ClipFormatException.class);
  }

  @Test
  void theBestParameterIsTheCheapest() {
    int[] zeros = new int[10];
    assertThat(RiceCode.bestParam(zeros, 0, 10)).isEqualTo(RiceCode.ALL_ZERO);
    int[] small = {1, 0, 2, 1, 0, 3};
    int p = RiceCode.bestParam(small, 0, small.length);
    long bits = 0;
    for (int u : small) {
      bits += RiceCode.cost(u, p);
    }
    for (int q = 0; q < RiceCode.ALL_ZERO; q++) {
      long other = 0;
      for (int u : small) {
        other += RiceCode.cost(u, q);
      }
      assertThat(bits).isLessThanOrEqualTo(other);
    }
  }

  @Test
  void malformedVarintsAreRefused() {
    byte[] endless = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 1};
    assertThatThrownBy(() -> new BitReader(endless).readVarint())
        .isInstanceOf(ClipFormatException.class);
    byte[] cut = {(byte) 0x80};
    assertThatThrownBy(() -> new BitReader(cut).readVarint())
        .isInstanceOf(ClipFormatException.class)
        .hasMessageContaining("truncated");
  }
}
