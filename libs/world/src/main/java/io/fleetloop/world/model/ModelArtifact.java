package io.fleetloop.world.model;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A versioned, checksummed model file: an {@link Mlp} with its name, version, the input schema it
 * expects, and free-form metadata (training dataset, generation, ...).
 *
 * <h2>Format (version 1, big-endian)</h2>
 *
 * <pre>
 * magic        4 bytes  "FLMA"
 * format       u16      1
 * name         str      (str = u16 byte length + UTF-8 bytes)
 * version      str
 * inputSchema  str      e.g. "fleetloop.policy-features/v1"
 * metadata     u16 count, then count × (key str, value str), sorted by key
 * layers       u16 count, then count × (u32 in, u32 out, u8 activation: 0 linear, 1 relu)
 * parameters   per layer: float32[out × in] weights (row-major [out][in]), float32[out] bias
 * digest       32 bytes SHA-256 over every preceding byte
 * </pre>
 *
 * Serialisation is deterministic: the same content gives the same bytes and the same {@link
 * #sha256()}, which therefore serves as the artifact's content id. {@link #fromBytes(byte[])}
 * verifies magic, format version and digest before it parses anything else, and refuses a
 * corrupted, truncated or padded artifact with an {@link InvalidArtifactException}.
 */
public final class ModelArtifact {
  /** The current format version. */
  public static final int FORMAT_VERSION = 1;

  private static final ArtifactEnvelope ENVELOPE =
      new ArtifactEnvelope("FLMA", FORMAT_VERSION, "model artifact");
  private static final int MAX_LAYERS = 64;
  private static final int MAX_WIDTH = 1 << 16;
  private static final long MAX_PARAMETERS = 1L << 26;

  private final String name;
  private final String version;
  private final String inputSchema;
  private final SortedMap<String, String> metadata;
  private final Mlp mlp;

  /** An artifact of {@code mlp} (copied, so later training does not change it). */
  public ModelArtifact(
      String name, String version, String inputSchema, Map<String, String> metadata, Mlp mlp) {
    this.name = checkString("name", name);
    this.version = checkString("version", version);
    this.inputSchema = checkString("inputSchema", inputSchema);
    TreeMap<String, String> m = new TreeMap<>();
    for (Map.Entry<String, String> e : metadata.entrySet()) {
      m.put(checkString("metadata key", e.getKey()), checkString("metadata value", e.getValue()));
    }
    if (m.size() > 0xFFFF) {
      throw new IllegalArgumentException("too many metadata entries");
    }
    this.metadata = java.util.Collections.unmodifiableSortedMap(m);
    this.mlp = Objects.requireNonNull(mlp, "mlp").copy();
  }

  public String name() {
    return name;
  }

  public String version() {
    return version;
  }

  /** The input layout the network expects, e.g. {@code fleetloop.policy-features/v1}. */
  public String inputSchema() {
    return inputSchema;
  }

  /** Free-form metadata, sorted by key. */
  public SortedMap<String, String> metadata() {
    return metadata;
  }

  /** A copy of the network. */
  public Mlp mlp() {
    return mlp.copy();
  }

  /** The serialised artifact, digest included. */
  public byte[] toBytes() {
    return ENVELOPE.seal(
        out -> {
          writeString(out, name);
          writeString(out, version);
          writeString(out, inputSchema);
          out.writeShort(metadata.size());
          for (Map.Entry<String, String> e : metadata.entrySet()) {
            writeString(out, e.getKey());
            writeString(out, e.getValue());
          }
          out.writeShort(mlp.layerCount());
          for (int k = 0; k < mlp.layerCount(); k++) {
            Mlp.Layer l = mlp.layer(k);
            out.writeInt(l.in);
            out.writeInt(l.out);
            out.writeByte(l.activation == Activation.RELU ? 1 : 0);
          }
          for (int k = 0; k < mlp.layerCount(); k++) {
            Mlp.Layer l = mlp.layer(k);
            for (float f : l.w) {
              out.writeFloat(f);
            }
            for (float f : l.b) {
              out.writeFloat(f);
            }
          }
        });
  }

  /** The SHA-256 of the content, lower-case hex: the artifact's content id. */
  public String sha256() {
    return ArtifactEnvelope.digestHex(toBytes());
  }

  /** Writes {@link #toBytes()}. */
  public void writeTo(OutputStream out) throws IOException {
    out.write(toBytes());
  }

  /** Reads a whole artifact from {@code in} (to its end) and verifies it. */
  public static ModelArtifact readFrom(InputStream in) throws IOException {
    return fromBytes(in.readAllBytes());
  }

  /** Parses and verifies an artifact. */
  public static ModelArtifact fromBytes(byte[] bytes) {
    ByteBuffer in = ENVELOPE.open(bytes);
    try {
      String name = readString(in);
      String version = readString(in);
      String schema = readString(in);
      int metaCount = in.getShort() & 0xFFFF;
      Map<String, String> meta = new TreeMap<>();
      for (int i = 0; i < metaCount; i++) {
        String k = readString(in);
        meta.put(k, readString(in));
      }
      int layerCount = in.getShort() & 0xFFFF;
      if (layerCount < 1 || layerCount > MAX_LAYERS) {
        throw new InvalidArtifactException("bad layer count " + layerCount);
      }
      int[] ins = new int[layerCount];
      int[] outs = new int[layerCount];
      Activation[] acts = new Activation[layerCount];
      long params = 0;
      for (int k = 0; k < layerCount; k++) {
        ins[k] = in.getInt();
        outs[k] = in.getInt();
        int a = in.get();
        if (ins[k] < 1 || ins[k] > MAX_WIDTH || outs[k] < 1 || outs[k] > MAX_WIDTH) {
          throw new InvalidArtifactException(
              "bad shape of layer " + k + ": " + ins[k] + "x" + outs[k]);
        }
        if (a != 0 && a != 1) {
          throw new InvalidArtifactException("bad activation " + a + " in layer " + k);
        }
        if (k > 0 && ins[k] != outs[k - 1]) {
          throw new InvalidArtifactException(
              "layer " + k + " does not chain with layer " + (k - 1));
        }
        acts[k] = a == 1 ? Activation.RELU : Activation.LINEAR;
        params += (long) ins[k] * outs[k] + outs[k];
      }
      if (params > MAX_PARAMETERS || params * 4 != in.remaining()) {
        throw new InvalidArtifactException(
            "parameter section has "
                + in.remaining()
                + " bytes, the layer shapes need "
                + params * 4);
      }
      List<Mlp.Layer> layers = new ArrayList<>(layerCount);
      for (int k = 0; k < layerCount; k++) {
        float[] w = new float[ins[k] * outs[k]];
        float[] b = new float[outs[k]];
        for (int i = 0; i < w.length; i++) {
          w[i] = finite(in.getFloat(), k);
        }
        for (int i = 0; i < b.length; i++) {
          b[i] = finite(in.getFloat(), k);
        }
        layers.add(new Mlp.Layer(ins[k], outs[k], w, b, acts[k]));
      }
      return new ModelArtifact(name, version, schema, meta, new Mlp(layers));
    } catch (java.nio.BufferUnderflowException e) {
      throw new InvalidArtifactException("model artifact is truncated", e);
    }
  }

  private static float finite(float f, int layer) {
    if (!Float.isFinite(f)) {
      throw new InvalidArtifactException("layer " + layer + " has a non-finite parameter");
    }
    return f;
  }

  private static void writeString(DataOutputStream out, String s) throws IOException {
    ArtifactEnvelope.writeString(out, s);
  }

  private static String readString(ByteBuffer in) {
    return ArtifactEnvelope.readString(in);
  }

  private static String checkString(String what, String s) {
    Objects.requireNonNull(s, what);
    if (s.getBytes(StandardCharsets.UTF_8).length > 0xFFFF) {
      throw new IllegalArgumentException(what + " is too long");
    }
    return s;
  }
}
