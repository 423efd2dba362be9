package io.fleetloop.chip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ChipArithmeticTest {

  @Test
  void fromSpecAcceptsTheChipFamily() {
    ChipArithmetic a = ChipArithmetic.fromSpec("int8", "int8", "int32", "TowardZero", false);
    assertThat(a.rounding()).isEqualTo(Rounding.TOWARD_ZERO);
    assertThat(a.saturate()).isFalse();
    assertThat(a.weights()).isEqualTo("int8");
    assertThat(a.activations()).isEqualTo("int8");
    assertThat(a.accumulator()).isEqualTo("int32");
    assertThat(ChipArithmetic.fromSpec("int8", "int8", "int32", "HalfEven", null).saturate())
        .as("saturate defaults to true, as in the API")
        .isTrue();
  }

  @Test
  void fromSpecRejectsOtherTypes() {
    assertThatThrownBy(() -> ChipArithmetic.fromSpec("int4", "int8", "int32", "HalfEven", true))
        .hasMessage("weights must be int8, not int4");
    assertThatThrownBy(() -> ChipArithmetic.fromSpec("int8", "uint8", "int32", "HalfEven", true))
        .hasMessage("activations must be int8, not uint8");
    assertThatThrownBy(() -> ChipArithmetic.fromSpec("int8", "int8", "int16", "HalfEven", true))
        .hasMessage("accumulator must be int32, not int16");
    assertThatThrownBy(() -> ChipArithmetic.fromSpec("int8", "int8", "int32", "Stochastic", true))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new ChipArithmetic(null, true))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void saturateClampsAndWrapWraps() {
    ChipArithmetic sat = new ChipArithmetic(Rounding.HALF_EVEN, true);
    ChipArithmetic wrap = new ChipArithmetic(Rounding.HALF_EVEN, false);
    assertThat(sat.add32(Integer.MAX_VALUE, 1)).isEqualTo(Integer.MAX_VALUE);
    assertThat(wrap.add32(Integer.MAX_VALUE, 1)).isEqualTo(Integer.MIN_VALUE);
    assertThat(sat.add32(Integer.MIN_VALUE, -5)).isEqualTo(Integer.MIN_VALUE);
    assertThat(wrap.add32(Integer.MIN_VALUE, -5)).isEqualTo(Integer.MAX_VALUE - 4);
    assertThat(sat.narrow32(1L << 40)).isEqualTo(Integer.MAX_VALUE);
    assertThat(wrap.narrow32((1L << 40) + 7)).isEqualTo(7);
    assertThat(wrap.narrow32((1L << 31) + 3)).isEqualTo(Integer.MIN_VALUE + 3);
    assertThat(sat.narrow32(-123)).isEqualTo(-123);
    assertThat(wrap.narrow32(-123)).isEqualTo(-123);
  }
}
