/**
 * The learned feature codec: {@link io.fleetloop.codec.learned.LearnedFeatureCodec} (a
 * policy-sensitivity-weighted linear projection with quantized, delta- and Rice-coded latents, plus
 * the lossless condition index), {@link io.fleetloop.codec.learned.CodecTrainer} that trains it for
 * a policy from fleet clips, {@link io.fleetloop.codec.learned.FleetClips} that records such clips
 * from the simulator, and {@link io.fleetloop.codec.learned.CodecEvaluation} that measures its
 * compression and the policy's accuracy on decoded vs raw frames. See {@code docs/codec.md}.
 */
package io.fleetloop.codec.learned;
