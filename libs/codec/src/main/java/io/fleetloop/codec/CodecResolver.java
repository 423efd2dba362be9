package io.fleetloop.codec;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds the {@link FeatureCodec} a clip names. The raw codec is always known; learned codecs are
 * registered as the platform trains or loads them.
 */
public final class CodecResolver {
  private final Map<String, FeatureCodec> codecs = new ConcurrentHashMap<>();

  /** A resolver that knows the raw codec only. */
  public CodecResolver() {
    register(RawFeatureCodec.INSTANCE);
  }

  /** A resolver that knows the raw codec and {@code extra}. */
  public static CodecResolver of(FeatureCodec... extra) {
    CodecResolver resolver = new CodecResolver();
    for (FeatureCodec codec : extra) {
      resolver.register(codec);
    }
    return resolver;
  }

  /** Makes {@code codec} known under its version; returns this resolver. */
  public CodecResolver register(FeatureCodec codec) {
    codecs.put(codec.version(), codec);
    return this;
  }

  /** The codec of {@code version}, if known. */
  public Optional<FeatureCodec> find(String version) {
    return Optional.ofNullable(codecs.get(version));
  }

  /**
   * The codec of {@code version}.
   *
   * @throws ClipFormatException when it is not known
   */
  public FeatureCodec require(String version) {
    FeatureCodec codec = codecs.get(version);
    if (codec == null) {
      throw new ClipFormatException(
          "clip is encoded with codec '" + version + "', which this reader does not know");
    }
    return codec;
  }
}
