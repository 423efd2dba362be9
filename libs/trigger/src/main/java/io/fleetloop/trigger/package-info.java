/**
 * DataTrigger conditions: CEL compiled against four typed variables and evaluated on every frame.
 *
 * <ul>
 *   <li>{@link io.fleetloop.trigger.TriggerVariables} — {@code frame}, {@code shadow}, {@code env},
 *       {@code device}: CEL struct types with typed fields, and the generated reference table.
 *   <li>{@link io.fleetloop.trigger.TriggerCompiler} — {@code compile(condition)} to a {@link
 *       io.fleetloop.trigger.CompileResult}: a {@link io.fleetloop.trigger.CompiledTrigger} or
 *       {@link io.fleetloop.trigger.CompileError}s with positions. Never throws.
 *   <li>{@link io.fleetloop.trigger.CompiledTrigger} — {@code evaluate(frame, shadow, env, device)}
 *       over the records {@link io.fleetloop.trigger.Frame}, {@link io.fleetloop.trigger.Shadow},
 *       {@link io.fleetloop.trigger.Env}, {@link io.fleetloop.trigger.Device}; the closure-compiled
 *       fast path where it applies, the cel-java interpreter otherwise; errors are false plus a
 *       count, never an exception.
 * </ul>
 *
 * <p>Plain Java: no Kubernetes, Pulsar or object-store types, so the operator (validation, status),
 * the edge agent (per-frame evaluation) and the simulator share it.
 */
package io.fleetloop.trigger;
