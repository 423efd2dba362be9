package io.fleetloop.contract.cel;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.ast.CelExpr;
import io.fleetloop.contract.crd.Schema;
import io.fleetloop.contract.crd.SchemaPaths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Finds what makes the API server's cost estimate of a rule unbounded: a list the rule iterates
 * without {@code maxItems}, a map it iterates without {@code maxProperties}, a string it reads
 * without {@code maxLength} (or {@code enum}). Without those bounds the API server sizes them from
 * the 3 MiB request limit and may reject the CRD with "estimated rule cost exceeds budget".
 */
public final class CostHints {

  /** One unbounded field a rule depends on. */
  public record Hint(String field, String keyword, String message) {}

  private static final Set<String> LIST_FUNCTIONS =
      Set.of("isSorted", "sum", "min", "max", "indexOf", "lastIndexOf", "join");

  private final SchemaPaths paths;
  private final String rule;
  private final Set<String> seen = new LinkedHashSet<>();
  private final List<Hint> hints = new ArrayList<>();

  private CostHints(SchemaPaths paths, String rule) {
    this.paths = paths;
    this.rule = rule;
  }

  /** The unbounded fields that the rule (compiled at {@code self}) depends on. */
  public static List<Hint> of(
      CelAbstractSyntaxTree ast, String rule, Schema self, SchemaPaths paths) {
    CostHints hints = new CostHints(paths, rule);
    Map<String, Schema> vars = new HashMap<>();
    vars.put("self", self);
    vars.put("oldSelf", self);
    hints.visit(ast.getExpr(), vars);
    return List.copyOf(hints.hints);
  }

  private void visit(CelExpr e, Map<String, Schema> vars) {
    switch (e.getKind()) {
      case IDENT -> noteString(vars.get(e.ident().name()));
      case SELECT -> {
        visit(e.select().operand(), vars);
        if (!e.select().testOnly()) {
          noteString(resolve(e, vars));
        }
      }
      case CALL -> visitCall(e, vars);
      case LIST -> e.list().elements().forEach(x -> visit(x, vars));
      case MAP ->
          e.map()
              .entries()
              .forEach(
                  entry -> {
                    visit(entry.key(), vars);
                    visit(entry.value(), vars);
                  });
      case STRUCT -> e.struct().entries().forEach(entry -> visit(entry.value(), vars));
      case COMPREHENSION -> visitComprehension(e.comprehension(), vars);
      default -> {
        // constants cost nothing
      }
    }
  }

  private void visitCall(CelExpr e, Map<String, Schema> vars) {
    var call = e.call();
    if (call.function().equals("_[_]")) {
      noteString(resolve(e, vars));
    } else if (call.function().equals("@in") && call.args().size() == 2) {
      noteCollection(resolve(call.args().get(1), vars), "searched with 'in'");
    } else if (call.target().isPresent() && LIST_FUNCTIONS.contains(call.function())) {
      noteCollection(resolve(call.target().get(), vars), "passed to " + call.function() + "()");
    }
    call.target().ifPresent(t -> visit(t, vars));
    call.args().forEach(a -> visit(a, vars));
  }

  private void visitComprehension(CelExpr.CelComprehension c, Map<String, Schema> vars) {
    Schema range = resolve(c.iterRange(), vars);
    noteCollection(range, "iterated");
    visit(c.iterRange(), vars);
    visit(c.accuInit(), vars);
    Map<String, Schema> inner = new HashMap<>(vars);
    Schema element = null;
    if (range != null && range.isType("array")) {
      element = range.items();
    }
    inner.put(c.iterVar(), element);
    if (!c.iterVar2().isEmpty()) {
      inner.put(c.iterVar2(), null);
    }
    inner.put(c.accuVar(), null);
    visit(c.loopCondition(), inner);
    visit(c.loopStep(), inner);
    visit(c.result(), inner);
  }

  private Schema resolve(CelExpr e, Map<String, Schema> vars) {
    switch (e.getKind()) {
      case IDENT:
        return vars.get(e.ident().name());
      case SELECT:
        if (e.select().testOnly()) {
          return null;
        }
        return member(resolve(e.select().operand(), vars), e.select().field());
      case CALL:
        if (e.call().function().equals("_[_]") && e.call().args().size() == 2) {
          Schema container = resolve(e.call().args().get(0), vars);
          if (container == null) {
            return null;
          }
          return container.isType("array") ? container.items() : container.additionalProperties();
        }
        return null;
      default:
        return null;
    }
  }

  private static Schema member(Schema object, String celName) {
    if (object == null) {
      return null;
    }
    if (object.additionalProperties() != null) {
      return object.additionalProperties();
    }
    for (Map.Entry<String, Schema> p : object.properties().entrySet()) {
      Optional<String> escaped = CelNames.escape(p.getKey());
      if (escaped.isPresent() && escaped.get().equals(celName)) {
        return p.getValue();
      }
    }
    return null;
  }

  private void noteCollection(Schema s, String how) {
    if (s == null) {
      return;
    }
    if (s.isType("array") && s.maxItems() == null) {
      add(s, "maxItems", "list " + how + " by rule " + quoted() + " declares no maxItems");
    } else if (s.additionalProperties() != null && s.maxProperties() == null) {
      add(s, "maxProperties", "map " + how + " by rule " + quoted() + " declares no maxProperties");
    }
  }

  private void noteString(Schema s) {
    if (s == null || !s.isType("string") || s.maxLength() != null || !s.enumValues().isEmpty()) {
      return;
    }
    String format = s.format() == null ? "" : s.format();
    if (format.equals("duration") || format.equals("date") || format.equals("date-time")) {
      return;
    }
    add(s, "maxLength", "string read by rule " + quoted() + " declares no maxLength (or enum)");
  }

  private void add(Schema s, String keyword, String what) {
    String field = paths.pathOf(s);
    if (seen.add(field + "/" + keyword)) {
      hints.add(
          new Hint(
              field,
              keyword,
              what
                  + "; the API server then sizes it from the 3 MiB request limit and may reject"
                  + " the rule as too expensive"));
    }
  }

  private String quoted() {
    String oneLine = rule.strip().replaceAll("\\s+", " ");
    return "\"" + (oneLine.length() > 80 ? oneLine.substring(0, 77) + "..." : oneLine) + "\"";
  }
}
