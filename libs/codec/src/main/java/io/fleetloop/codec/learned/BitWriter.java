package io.fleetloop.codec.learned;

import java.io.ByteArrayOutputStream;

/**
 * Writes bytes, unsigned LEB128 varints and a most-significant-bit-first bit stream with Rice codes
 * (see {@link RiceCode}). Not thread-safe; one per encoded block.
 */
final class BitWriter {
  private final ByteArrayOutputStream out;
  private long bitBuffer;
  private int bitCount;

  BitWriter(int expectedBytes) {
    out = new ByteArrayOutputStream(Math.max(16, expectedBytes));
  }

  /** One byte; only between bit sections (the bit stream must be byte-aligned). */
  void writeByte(int b) {
    requireAligned();
    out.write(b);
  }

  /** An unsigned LEB128 varint (7 bits a byte, low groups first). */
  void writeVarint(int value) {
    requireAligned();
    int v = value;
    while ((v & ~0x7F) != 0) {
      out.write((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    out.write(v);
  }

  /** The low {@code n} bits of {@code value}, most significant first; {@code n ≤ 32}. */
  void writeBits(int value, int n) {
    if (n == 0) {
      return;
    }
    bitBuffer = (bitBuffer << n) | (value & ((1L << n) - 1));
    bitCount += n;
    while (bitCount >= 8) {
      bitCount -= 8;
      out.write((int) (bitBuffer >>> bitCount) & 0xFF);
    }
  }

  /** {@code n} one bits. */
  void writeOnes(int n) {
    int left = n;
    while (left > 0) {
      int chunk = Math.min(left, 24);
      writeBits((1 << chunk) - 1, chunk);
      left -= chunk;
    }
  }

  /** Pads the bit stream with zero bits to a byte boundary. */
  void align() {
    if (bitCount > 0) {
      writeBits(0, 8 - bitCount);
    }
    bitBuffer = 0;
  }

  byte[] toByteArray() {
    align();
    return out.toByteArray();
  }

  private void requireAligned() {
    if (bitCount != 0) {
      throw new IllegalStateException("byte write inside the bit stream");
    }
  }
}
