/**
 * A small neural-network kit for the reference policy and later trainers: {@link
 * io.fleetloop.world.model.Mlp} (dense layers, ReLU, plain {@code float[]} weights row-major {@code
 * [out][in]}, FP32 forward one sample at a time or batched), {@link
 * io.fleetloop.world.model.Trainer} (backpropagation, Adam or SGD, deterministic), {@link
 * io.fleetloop.world.model.Loss}, {@link io.fleetloop.world.model.Dataset}, and {@link
 * io.fleetloop.world.model.ModelArtifact}, the versioned, SHA-256-checked artifact format.
 *
 * <p>Independent of the world: nothing here knows about driving.
 */
package io.fleetloop.world.model;
