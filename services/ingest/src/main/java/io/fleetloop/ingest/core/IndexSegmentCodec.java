package io.fleetloop.ingest.core;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The text form of an index segment: a header line {@code fleetloop-clip-index v1}, then one line
 * per clip, {@code <clipId>\t<deviceId>\t<sha256 hex>}. Device ids, clip ids and digests never
 * contain tabs or line breaks (the upload validation guarantees it), so no escaping is needed.
 */
public final class IndexSegmentCodec {

  static final String MAGIC = "fleetloop-clip-index v1";

  private IndexSegmentCodec() {}

  public static byte[] encode(List<ClipIndex.Entry> entries) {
    StringBuilder out = new StringBuilder(32 + entries.size() * 120);
    out.append(MAGIC).append('\n');
    for (ClipIndex.Entry e : entries) {
      out.append(e.clipId())
          .append('\t')
          .append(e.deviceId())
          .append('\t')
          .append(e.sha256Hex())
          .append('\n');
    }
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Parses a segment; {@code name} only serves the error message.
   *
   * @throws IllegalArgumentException when the bytes are not a segment of this format
   */
  public static List<ClipIndex.Entry> decode(String name, byte[] bytes) {
    String text = new String(bytes, StandardCharsets.UTF_8);
    String[] lines = text.split("\n", -1);
    if (lines.length == 0 || !lines[0].equals(MAGIC)) {
      throw new IllegalArgumentException(
          "index segment " + name + " does not start with '" + MAGIC + "'");
    }
    List<ClipIndex.Entry> entries = new ArrayList<>(lines.length);
    for (int i = 1; i < lines.length; i++) {
      String line = lines[i];
      if (line.isEmpty()) {
        if (i == lines.length - 1) {
          break;
        }
        throw new IllegalArgumentException("index segment " + name + ": empty line " + (i + 1));
      }
      String[] f = line.split("\t", -1);
      if (f.length != 3 || f[0].isEmpty() || f[1].isEmpty() || f[2].length() != 64) {
        throw new IllegalArgumentException(
            "index segment " + name + ": line " + (i + 1) + " is not clipId<TAB>device<TAB>sha256");
      }
      entries.add(new ClipIndex.Entry(f[0], f[1], f[2]));
    }
    if (!text.endsWith("\n")) {
      throw new IllegalArgumentException(
          "index segment " + name + " is truncated (no final line break)");
    }
    return entries;
  }
}
