/**
 * The edge agent every device and simulated vehicle runs (docs/edge.md): {@link
 * io.fleetloop.edge.EdgeAgent} evaluates a shared, compiled {@link io.fleetloop.edge.TriggerSet} on
 * every frame, captures pre/post-roll windows within each trigger's sampling, cooldown and daily
 * budget, and keeps the encoded clips in a bounded, priority-ordered {@link
 * io.fleetloop.edge.EdgeOutbox}; an {@link io.fleetloop.edge.Uplink} uploads them to ingest over
 * gRPC, store-and-forward; {@link io.fleetloop.edge.SimulatedFleet} runs a whole simulated fleet.
 */
package io.fleetloop.edge;
