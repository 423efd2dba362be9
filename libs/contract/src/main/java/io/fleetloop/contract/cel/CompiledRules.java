package io.fleetloop.contract.cel;

import io.fleetloop.contract.CrdProblem;
import io.fleetloop.contract.crd.Schema;
import java.util.List;
import java.util.Map;

/**
 * The compiled rules of one CRD version, by schema node, with what went wrong compiling them.
 *
 * @param rules compiled rules per schema node (an identity map)
 * @param broken per schema node, why its rules that did not compile failed (an identity map)
 */
public record CompiledRules(
    Map<Schema, List<CompiledRule>> rules,
    Map<Schema, List<String>> broken,
    List<CrdProblem> problems) {

  public List<CompiledRule> at(Schema node) {
    return rules.getOrDefault(node, List.of());
  }

  public List<String> brokenAt(Schema node) {
    return broken.getOrDefault(node, List.of());
  }
}
