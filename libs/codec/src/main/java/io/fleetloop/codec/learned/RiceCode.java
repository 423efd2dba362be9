package io.fleetloop.codec.learned;

import io.fleetloop.codec.ClipFormatException;

/**
 * Rice codes with an escape, for zigzag-mapped integer deltas: a value {@code u} with parameter
 * {@code p} is {@code q = u >> p} one bits, a zero bit and the {@code p} low bits of {@code u};
 * when {@code q ≥ }{@value #ESCAPE_Q} it is {@value #ESCAPE_Q} one bits followed by {@code u} in
 * {@value #ESCAPE_BITS} bits, so an outlier (a cut-in, a scene change) costs a bounded number of
 * bits. Parameter {@value #ALL_ZERO} means "every value of the group is zero" and costs nothing.
 */
final class RiceCode {
  /** Number of bits of a parameter. */
  static final int PARAM_BITS = 4;

  /** The parameter meaning "all values are zero". */
  static final int ALL_ZERO = 15;

  /** Largest quotient written in unary; larger values are escaped. */
  static final int ESCAPE_Q = 20;

  /** Width of an escaped value. */
  static final int ESCAPE_BITS = 26;

  private RiceCode() {}

  /** Zigzag: 0, −1, 1, −2, ... → 0, 1, 2, 3, ... */
  static int zigzag(int v) {
    return (v << 1) ^ (v >> 31);
  }

  static int unzigzag(int u) {
    return (u >>> 1) ^ -(u & 1);
  }

  /** Bits {@link #write} uses for {@code u} with parameter {@code p} (not {@link #ALL_ZERO}). */
  static int cost(int u, int p) {
    int q = u >>> p;
    return q >= ESCAPE_Q ? ESCAPE_Q + ESCAPE_BITS : q + 1 + p;
  }

  /** The cheapest parameter for {@code u[from..to)}. */
  static int bestParam(int[] u, int from, int to) {
    boolean allZero = true;
    for (int i = from; i < to; i++) {
      if (u[i] != 0) {
        allZero = false;
        break;
      }
    }
    if (allZero) {
      return ALL_ZERO;
    }
    int best = 0;
    long bestBits = Long.MAX_VALUE;
    for (int p = 0; p < ALL_ZERO; p++) {
      long bits = 0;
      for (int i = from; i < to; i++) {
        bits += cost(u[i], p);
      }
      if (bits < bestBits) {
        bestBits = bits;
        best = p;
      }
    }
    return best;
  }

  static void write(BitWriter out, int u, int p) {
    int q = u >>> p;
    if (q >= ESCAPE_Q) {
      out.writeOnes(ESCAPE_Q);
      out.writeBits(u, ESCAPE_BITS);
    } else {
      out.writeOnes(q);
      out.writeBits(0, 1);
      out.writeBits(u, p);
    }
  }

  static int read(BitReader in, int p) {
    int q = 0;
    while (q < ESCAPE_Q && in.readBit() == 1) {
      q++;
    }
    if (q == ESCAPE_Q) {
      int u = in.readBits(ESCAPE_BITS);
      if (u >>> p < ESCAPE_Q) {
        throw new ClipFormatException("learned feature block holds a malformed escape");
      }
      return u;
    }
    return (q << p) | in.readBits(p);
  }
}
