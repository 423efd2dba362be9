package io.fleetloop.stats;

import java.math.BigDecimal;
import java.math.MathContext;

/** Number formatting for reasons a platform engineer reads in {@code kubectl get -o yaml}. */
final class Words {

  private Words() {}

  /** {@code 5,210}. (Formatted by hand: the simulation formats millions of reasons.) */
  static String km(double km) {
    long v = Math.round(km);
    if (v < 0) {
      return "-" + km(-km);
    }
    String digits = Long.toString(v);
    StringBuilder out = new StringBuilder(digits.length() + digits.length() / 3);
    for (int i = 0; i < digits.length(); i++) {
      if (i > 0 && (digits.length() - i) % 3 == 0) {
        out.append(',');
      }
      out.append(digits.charAt(i));
    }
    return out.toString();
  }

  /** {@code 0.84}. */
  static String rate(double perThousand) {
    return fixed(perThousand, 2);
  }

  /** {@code value} rounded half up to {@code decimals} (1 or 2) places. */
  static String fixed(double value, int decimals) {
    if (!Double.isFinite(value)) {
      return "n/a";
    }
    long scale = decimals == 1 ? 10 : 100;
    long v = Math.round(Math.abs(value) * scale);
    String frac = Long.toString(v % scale);
    while (frac.length() < decimals) {
      frac = "0" + frac;
    }
    return (value < 0 && v != 0 ? "-" : "") + v / scale + "." + frac;
  }

  /** {@code 0.84 /1000 km [0.61, 1.13]}. */
  static String rateWithBounds(RateEstimate r) {
    return rate(r.per1000Km()) + " /1000 km [" + rate(r.ciLow()) + ", " + rate(r.ciHigh()) + "]";
  }

  /** {@code 4.9x}. */
  static String ratio(double ratio) {
    if (Double.isInfinite(ratio)) {
      return "infinitely many times";
    }
    return ratio >= 10 ? Math.round(ratio) + "x" : fixed(ratio, 1) + "x";
  }

  /** Two significant digits, plain: {@code 0.41}, {@code 0.025}, {@code 0.0031}. */
  static String p(double p) {
    if (p >= 1) {
      return "1";
    }
    if (p < 1e-6) {
      return "< 0.000001";
    }
    return new BigDecimal(p).round(new MathContext(2)).stripTrailingZeros().toPlainString();
  }

  /** {@code 95%}, {@code 99.5%}. */
  static String percent(double fraction) {
    return new BigDecimal(fraction * 100)
            .round(new MathContext(6))
            .stripTrailingZeros()
            .toPlainString()
        + "%";
  }
}
