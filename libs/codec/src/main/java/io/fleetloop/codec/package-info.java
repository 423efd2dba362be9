/**
 * The clip payload devices upload ({@link io.fleetloop.codec.ClipFormat}) and the feature codecs
 * that encode it: {@link io.fleetloop.codec.RawFeatureCodec} as the baseline, and the learned codec
 * the platform trains on fleet data ({@code io.fleetloop.codec.learned}, see {@code
 * docs/codec.md}).
 */
package io.fleetloop.codec;
