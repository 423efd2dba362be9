package io.fleetloop.contract.cel;

import dev.cel.runtime.CelRuntime;
import io.fleetloop.contract.crd.ValidationRule;

/**
 * A rule ready to run.
 *
 * @param index its position in the node's {@code x-kubernetes-validations}
 * @param messageProgram the compiled {@code messageExpression}, or null
 * @param transition whether the rule uses {@code oldSelf} (runs on updates only, or on create too
 *     with {@code optionalOldSelf})
 * @param fieldPath where errors are reported below the node, or null for the node itself
 */
public record CompiledRule(
    int index,
    ValidationRule rule,
    CelRuntime.Program program,
    CelRuntime.Program messageProgram,
    boolean transition,
    RuleFieldPath fieldPath) {}
