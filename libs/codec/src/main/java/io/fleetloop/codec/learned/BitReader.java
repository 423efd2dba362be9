package io.fleetloop.codec.learned;

import io.fleetloop.codec.ClipFormatException;

/**
 * Reads what {@link BitWriter} wrote, refusing to read past the end of the block with a {@link
 * ClipFormatException}: a truncated or malformed block never decodes to garbage.
 */
final class BitReader {
  private final byte[] in;
  private int pos;
  private int bitPos;

  BitReader(byte[] in) {
    this.in = in;
  }

  int readByte() {
    requireAligned();
    if (pos >= in.length) {
      throw truncated();
    }
    return in[pos++] & 0xFF;
  }

  /** An unsigned LEB128 varint of at most 31 bits. */
  int readVarint() {
    int value = 0;
    for (int shift = 0; shift < 32; shift += 7) {
      int b = readByte();
      value |= (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        if (value < 0) {
          break;
        }
        return value;
      }
    }
    throw new ClipFormatException("learned feature block holds a malformed varint");
  }

  /** One bit. */
  int readBit() {
    if (pos >= in.length) {
      throw truncated();
    }
    int bit = (in[pos] >>> (7 - bitPos)) & 1;
    if (++bitPos == 8) {
      bitPos = 0;
      pos++;
    }
    return bit;
  }

  /** {@code n ≤ 32} bits, most significant first. */
  int readBits(int n) {
    int v = 0;
    for (int i = 0; i < n; i++) {
      v = (v << 1) | readBit();
    }
    return v;
  }

  /** Skips the zero padding to the next byte boundary. */
  void align() {
    if (bitPos != 0) {
      bitPos = 0;
      pos++;
    }
  }

  /** Bytes not read yet (after {@link #align()}). */
  int remaining() {
    return in.length - pos;
  }

  private void requireAligned() {
    if (bitPos != 0) {
      throw new IllegalStateException("byte read inside the bit stream");
    }
  }

  private static ClipFormatException truncated() {
    return new ClipFormatException("learned feature block is truncated");
  }
}
