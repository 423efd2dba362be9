package io.fleetloop.trigger;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelSourceLocation;
import dev.cel.common.ast.CelConstant;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.types.CelKind;
import dev.cel.common.types.CelType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Compiles a checked condition once into a tree of Java closures over the typed records: the fast
 * engine ({@link Engine#FAST_PATH}). No boxing and no allocation per evaluation.
 *
 * <p>Covers what conditions are made of: literals; field selects on the four variables; {@code
 * device.labels['k']}, {@code device.labels.k}, {@code 'k' in device.labels}; {@code has()}; {@code
 * == != < <= > >=} on numbers (including int against double, as CEL's heterogeneous comparisons),
 * {@code == !=} on bools and strings; {@code && || !} and {@code ?:}; {@code + - * / %} and unary
 * minus on ints and doubles; {@code double(int)}; {@code in} on list literals. Anything else
 * (string functions, comprehensions, {@code dyn}, uint, ...) raises {@link Unsupported} and the
 * trigger runs on the interpreter instead.
 *
 * <p>Semantics follow cel-java 0.11.0's interpreter exactly, quirks included (the equivalence test
 * holds the two together): int overflow, division or modulus by zero are errors; for doubles,
 * {@code ==} holds for no NaN and -0.0 differs from 0.0 ({@link #doubleEquals}), while {@code in}
 * finds a NaN in a list holding one ({@link #doubleInList}); an int compared with a double is
 * ordered by {@link Double#compare} ({@link #compareDoubleInt}); {@code &&} and {@code ||} absorb
 * an error from either side when the other side decides.
 */
final class FastPath {

  /** The condition uses something the fast path does not compile; the interpreter runs it. */
  static final class Unsupported extends Exception {
    private static final long serialVersionUID = 1L;

    Unsupported(String message) {
      super(message, null, false, false);
    }
  }

  @FunctionalInterface
  interface Int {
    long eval(Frame f, Shadow s, Env e, Device d);
  }

  @FunctionalInterface
  interface Dbl {
    double eval(Frame f, Shadow s, Env e, Device d);
  }

  @FunctionalInterface
  interface Str {
    String eval(Frame f, Shadow s, Env e, Device d);
  }

  private static final Condition TRUE = (f, s, e, d) -> true;
  private static final Condition FALSE = (f, s, e, d) -> false;

  private final CelAbstractSyntaxTree ast;

  private FastPath(CelAbstractSyntaxTree ast) {
    this.ast = ast;
  }

  /** The closure tree for a checked, bool-typed condition. */
  static Condition compile(CelAbstractSyntaxTree ast) throws Unsupported {
    return new FastPath(ast).bool(ast.getExpr());
  }

  // ---- bool ----------------------------------------------------------------------------------

  private Condition bool(CelExpr x) throws Unsupported {
    expectKind(x, CelKind.BOOL);
    switch (x.getKind()) {
      case CONSTANT:
        return constant(x).booleanValue() ? TRUE : FALSE;
      case SELECT:
        if (x.select().testOnly()) {
          return has(x);
        }
        if (fieldOf(x).equals("frame.takeover")) {
          return (f, s, e, d) -> f.takeover();
        }
        throw unsupported(x, "select");
      case CALL:
        return boolCall(x);
      default:
        throw unsupported(x, x.getKind().name().toLowerCase(Locale.ROOT));
    }
  }

  private Condition boolCall(CelExpr x) throws Unsupported {
    List<CelExpr> args = x.call().args();
    String fn = x.call().function();
    if (x.call().target().isPresent()) {
      throw unsupported(x, "function '" + fn + "'");
    }
    switch (fn) {
      case "_&&_":
      case "_||_":
        return logical(fn, x);
      case "!_":
        {
          Condition a = bool(args.get(0));
          return (f, s, e, d) -> !a.eval(f, s, e, d);
        }
      case "_?_:_":
        {
          Condition c = bool(args.get(0));
          Condition a = bool(args.get(1));
          Condition b = bool(args.get(2));
          return (f, s, e, d) -> c.eval(f, s, e, d) ? a.eval(f, s, e, d) : b.eval(f, s, e, d);
        }
      case "_==_":
        return equality(x, args.get(0), args.get(1), false);
      case "_!=_":
        return equality(x, args.get(0), args.get(1), true);
      case "_<_":
      case "_<=_":
      case "_>_":
      case "_>=_":
        return ordering(x, fn, args.get(0), args.get(1));
      case "@in":
        return in(x, args.get(0), args.get(1));
      default:
        throw unsupported(x, "function '" + fn + "'");
    }
  }

  /**
   * A chain of {@code &&} (or {@code ||}), flattened: the parser nests {@code a || b || c || d} as
   * a balanced tree, and one node looping over the terms costs fewer calls than the tree.
   */
  private Condition logical(String fn, CelExpr x) throws Unsupported {
    List<CelExpr> terms = new ArrayList<>();
    flatten(fn, x, terms);
    boolean and = fn.equals("_&&_");
    Condition[] conditions = new Condition[terms.size()];
    boolean anyButLastMayFail = false;
    for (int i = 0; i < conditions.length; i++) {
      conditions[i] = bool(terms.get(i));
      anyButLastMayFail |= i < conditions.length - 1 && mayFail(terms.get(i));
    }
    if (conditions.length == 2) {
      return and
          ? and(conditions[0], anyButLastMayFail, conditions[1])
          : or(conditions[0], anyButLastMayFail, conditions[1]);
    }
    if (!anyButLastMayFail) { // only the last term can fail, and only if it is reached: plain Java
      return and
          ? (f, s, e, d) -> {
            for (Condition c : conditions) {
              if (!c.eval(f, s, e, d)) {
                return false;
              }
            }
            return true;
          }
          : (f, s, e, d) -> {
            for (Condition c : conditions) {
              if (c.eval(f, s, e, d)) {
                return true;
              }
            }
            return false;
          };
    }
    // CEL: the deciding value (false for &&, true for ||) on any term wins over errors on others.
    boolean decides = !and;
    return (f, s, e, d) -> {
      EvaluationException error = null;
      for (Condition c : conditions) {
        try {
          if (c.eval(f, s, e, d) == decides) {
            return decides;
          }
        } catch (EvaluationException termError) {
          if (error == null) {
            error = termError;
          }
        }
      }
      if (error != null) {
        throw error;
      }
      return !decides;
    };
  }

  private static void flatten(String fn, CelExpr x, List<CelExpr> terms) {
    if (x.getKind() == CelExpr.ExprKind.Kind.CALL
        && x.call().function().equals(fn)
        && x.call().target().isEmpty()) {
      for (CelExpr arg : x.call().args()) {
        flatten(fn, arg, terms);
      }
    } else {
      terms.add(x);
    }
  }

  /**
   * {@code a && b}. CEL: false wins over an error on either side, so an error on the left waits for
   * the right. An error on the right only matters when the left is true, which plain Java {@code
   * &&} gets right already.
   */
  private static Condition and(Condition a, boolean aMayFail, Condition b) {
    if (!aMayFail) {
      return (f, s, e, d) -> a.eval(f, s, e, d) && b.eval(f, s, e, d);
    }
    return (f, s, e, d) -> {
      boolean left;
      try {
        left = a.eval(f, s, e, d);
      } catch (EvaluationException leftError) {
        if (!b.eval(f, s, e, d)) {
          return false;
        }
        throw leftError;
      }
      return left && b.eval(f, s, e, d);
    };
  }

  /** {@code a || b}: as {@link #and} with true winning over an error. */
  private static Condition or(Condition a, boolean aMayFail, Condition b) {
    if (!aMayFail) {
      return (f, s, e, d) -> a.eval(f, s, e, d) || b.eval(f, s, e, d);
    }
    return (f, s, e, d) -> {
      boolean left;
      try {
        left = a.eval(f, s, e, d);
      } catch (EvaluationException leftError) {
        if (b.eval(f, s, e, d)) {
          return true;
        }
        throw leftError;
      }
      return left || b.eval(f, s, e, d);
    };
  }

  /** {@code has(v.field)}: declared fields are always present; a label may be missing. */
  private Condition has(CelExpr x) throws Unsupported {
    CelExpr operand = x.select().operand();
    if (variableOf(operand) != null) {
      return TRUE;
    }
    if (fieldOf(operand).equals("device.labels")) {
      String key = x.select().field();
      return (f, s, e, d) -> d.labels().containsKey(key);
    }
    throw unsupported(x, "has()");
  }

  private Condition equality(CelExpr x, CelExpr l, CelExpr r, boolean negate) throws Unsupported {
    CelKind kind = kind(l);
    if (kind != kind(r)) {
      throw unsupported(x, "comparison of " + kind + " with " + kind(r));
    }
    Condition eq;
    switch (kind) {
      case BOOL:
        {
          Condition a = bool(l);
          Condition b = bool(r);
          eq = (f, s, e, d) -> a.eval(f, s, e, d) == b.eval(f, s, e, d);
          break;
        }
      case INT:
        {
          if (isConstant(r)) {
            Int a = integer(l);
            long c = constant(r).int64Value();
            return negate
                ? (f, s, e, d) -> a.eval(f, s, e, d) != c
                : (f, s, e, d) -> a.eval(f, s, e, d) == c;
          }
          Int a = integer(l);
          Int b = integer(r);
          eq = (f, s, e, d) -> a.eval(f, s, e, d) == b.eval(f, s, e, d);
          break;
        }
      case DOUBLE:
        {
          Dbl a = dbl(l);
          Dbl b = dbl(r);
          eq = (f, s, e, d) -> doubleEquals(a.eval(f, s, e, d), b.eval(f, s, e, d));
          break;
        }
      case STRING:
        {
          Condition tag = tagEquals(l, r, negate);
          if (tag == null) {
            tag = tagEquals(r, l, negate);
          }
          if (tag != null) {
            return tag;
          }
          Str a = str(l);
          Str b = str(r);
          eq = (f, s, e, d) -> a.eval(f, s, e, d).equals(b.eval(f, s, e, d));
          break;
        }
      default:
        throw unsupported(x, "comparison of " + kind);
    }
    if (!negate) {
      return eq;
    }
    Condition positive = eq;
    return (f, s, e, d) -> !positive.eval(f, s, e, d);
  }

  /** {@code env.weather == 'fog'} as an enum identity test; null when not that shape. */
  private Condition tagEquals(CelExpr field, CelExpr literal, boolean negate) {
    if (!isConstant(literal) || !fieldOf(field).startsWith("env.")) {
      return null;
    }
    String wire = constant(literal).stringValue();
    switch (fieldOf(field)) {
      case "env.weather":
        {
          Env.Weather v = Env.Weather.fromWire(wire).orElse(null);
          return negate ? (f, s, e, d) -> e.weather() != v : (f, s, e, d) -> e.weather() == v;
        }
      case "env.zone":
        {
          Env.Zone v = Env.Zone.fromWire(wire).orElse(null);
          return negate ? (f, s, e, d) -> e.zone() != v : (f, s, e, d) -> e.zone() == v;
        }
      case "env.light":
        {
          Env.Light v = Env.Light.fromWire(wire).orElse(null);
          return negate ? (f, s, e, d) -> e.light() != v : (f, s, e, d) -> e.light() == v;
        }
      case "env.road":
        {
          Env.Road v = Env.Road.fromWire(wire).orElse(null);
          return negate ? (f, s, e, d) -> e.road() != v : (f, s, e, d) -> e.road() == v;
        }
      default:
        return null;
    }
  }

  private Condition ordering(CelExpr x, String fn, CelExpr l, CelExpr r) throws Unsupported {
    CelKind lk = kind(l);
    CelKind rk = kind(r);
    if (lk == CelKind.DOUBLE && rk == CelKind.DOUBLE) {
      Dbl a = dbl(l);
      if (isConstant(r)) {
        double c = constant(r).doubleValue();
        return switch (fn) {
          case "_<_" -> (f, s, e, d) -> a.eval(f, s, e, d) < c;
          case "_<=_" -> (f, s, e, d) -> a.eval(f, s, e, d) <= c;
          case "_>_" -> (f, s, e, d) -> a.eval(f, s, e, d) > c;
          default -> (f, s, e, d) -> a.eval(f, s, e, d) >= c;
        };
      }
      Dbl b = dbl(r);
      return switch (fn) {
        case "_<_" -> (f, s, e, d) -> a.eval(f, s, e, d) < b.eval(f, s, e, d);
        case "_<=_" -> (f, s, e, d) -> a.eval(f, s, e, d) <= b.eval(f, s, e, d);
        case "_>_" -> (f, s, e, d) -> a.eval(f, s, e, d) > b.eval(f, s, e, d);
        default -> (f, s, e, d) -> a.eval(f, s, e, d) >= b.eval(f, s, e, d);
      };
    }
    if (lk == CelKind.INT && rk == CelKind.INT) {
      Int a = integer(l);
      if (isConstant(r)) {
        long c = constant(r).int64Value();
        return switch (fn) {
          case "_<_" -> (f, s, e, d) -> a.eval(f, s, e, d) < c;
          case "_<=_" -> (f, s, e, d) -> a.eval(f, s, e, d) <= c;
          case "_>_" -> (f, s, e, d) -> a.eval(f, s, e, d) > c;
          default -> (f, s, e, d) -> a.eval(f, s, e, d) >= c;
        };
      }
      Int b = integer(r);
      return switch (fn) {
        case "_<_" -> (f, s, e, d) -> a.eval(f, s, e, d) < b.eval(f, s, e, d);
        case "_<=_" -> (f, s, e, d) -> a.eval(f, s, e, d) <= b.eval(f, s, e, d);
        case "_>_" -> (f, s, e, d) -> a.eval(f, s, e, d) > b.eval(f, s, e, d);
        default -> (f, s, e, d) -> a.eval(f, s, e, d) >= b.eval(f, s, e, d);
      };
    }
    Int cmp; // -1, 0 or 1: l compared with r
    if (lk == CelKind.DOUBLE && rk == CelKind.INT) {
      Dbl a = dbl(l);
      Int b = integer(r);
      cmp = (f, s, e, d) -> compareDoubleInt(a.eval(f, s, e, d), b.eval(f, s, e, d));
    } else if (lk == CelKind.INT && rk == CelKind.DOUBLE) {
      Int a = integer(l);
      Dbl b = dbl(r);
      cmp = (f, s, e, d) -> -compareDoubleInt(b.eval(f, s, e, d), a.eval(f, s, e, d));
    } else {
      throw unsupported(x, "ordering of " + lk + " and " + rk);
    }
    return switch (fn) {
      case "_<_" -> (f, s, e, d) -> cmp.eval(f, s, e, d) < 0;
      case "_<=_" -> (f, s, e, d) -> cmp.eval(f, s, e, d) <= 0;
      case "_>_" -> (f, s, e, d) -> cmp.eval(f, s, e, d) > 0;
      default -> (f, s, e, d) -> cmp.eval(f, s, e, d) >= 0;
    };
  }

  /** {@code x in [..]} on a list literal, or {@code 'k' in device.labels}. */
  private Condition in(CelExpr x, CelExpr l, CelExpr r) throws Unsupported {
    if (r.getKind() == CelExpr.ExprKind.Kind.SELECT && fieldOf(r).equals("device.labels")) {
      Str key = str(l);
      return (f, s, e, d) -> d.labels().containsKey(key.eval(f, s, e, d));
    }
    if (r.getKind() != CelExpr.ExprKind.Kind.LIST || !r.list().optionalIndices().isEmpty()) {
      throw unsupported(x, "'in' on anything but a list literal or device.labels");
    }
    List<CelExpr> elements = r.list().elements();
    CelKind kind = kind(l);
    for (CelExpr element : elements) {
      if (kind(element) != kind) {
        throw unsupported(x, "'in' on a list of mixed types");
      }
    }
    boolean constants = elements.stream().allMatch(FastPath::isConstant);
    switch (kind) {
      case INT:
        {
          Int a = integer(l);
          if (constants) {
            long[] set = elements.stream().mapToLong(c -> constant(c).int64Value()).toArray();
            return (f, s, e, d) -> {
              long v = a.eval(f, s, e, d);
              for (long c : set) {
                if (c == v) {
                  return true;
                }
              }
              return false;
            };
          }
          Int[] items = new Int[elements.size()];
          for (int i = 0; i < items.length; i++) {
            items[i] = integer(elements.get(i));
          }
          return (f, s, e, d) -> {
            long v = a.eval(f, s, e, d);
            boolean found = false;
            for (Int item : items) { // every element is evaluated: a failing one fails the list
              found |= item.eval(f, s, e, d) == v;
            }
            return found;
          };
        }
      case DOUBLE:
        {
          Dbl a = dbl(l);
          Dbl[] items = new Dbl[elements.size()];
          for (int i = 0; i < items.length; i++) {
            items[i] = dbl(elements.get(i));
          }
          return (f, s, e, d) -> {
            double v = a.eval(f, s, e, d);
            boolean found = false;
            for (Dbl item : items) {
              found |= doubleInList(v, item.eval(f, s, e, d));
            }
            return found;
          };
        }
      case STRING:
        {
          if (constants) {
            Set<String> set =
                Set.copyOf(elements.stream().map(c -> constant(c).stringValue()).toList());
            Condition tags = tagIn(l, set);
            if (tags != null) {
              return tags;
            }
            Str a = str(l);
            return (f, s, e, d) -> set.contains(a.eval(f, s, e, d));
          }
          Str a = str(l);
          Str[] items = new Str[elements.size()];
          for (int i = 0; i < items.length; i++) {
            items[i] = str(elements.get(i));
          }
          return (f, s, e, d) -> {
            String v = a.eval(f, s, e, d);
            boolean found = false;
            for (Str item : items) {
              found |= item.eval(f, s, e, d).equals(v);
            }
            return found;
          };
        }
      default:
        throw unsupported(x, "'in' on a list of " + kind);
    }
  }

  /** {@code env.zone in ['school', 'construction']} as a lookup by ordinal; null otherwise. */
  private Condition tagIn(CelExpr field, Set<String> wires) {
    switch (fieldOf(field)) {
      case "env.weather":
        {
          boolean[] hit = mask(Env.Weather.values(), wires);
          return (f, s, e, d) -> hit[e.weather().ordinal()];
        }
      case "env.zone":
        {
          boolean[] hit = mask(Env.Zone.values(), wires);
          return (f, s, e, d) -> hit[e.zone().ordinal()];
        }
      case "env.light":
        {
          boolean[] hit = mask(Env.Light.values(), wires);
          return (f, s, e, d) -> hit[e.light().ordinal()];
        }
      case "env.road":
        {
          boolean[] hit = mask(Env.Road.values(), wires);
          return (f, s, e, d) -> hit[e.road().ordinal()];
        }
      default:
        return null;
    }
  }

  private static boolean[] mask(Env.Tag[] values, Set<String> wires) {
    boolean[] hit = new boolean[values.length];
    for (int i = 0; i < values.length; i++) {
      hit[i] = wires.contains(values[i].wire());
    }
    return hit;
  }

  // ---- int -----------------------------------------------------------------------------------

  private Int integer(CelExpr x) throws Unsupported {
    expectKind(x, CelKind.INT);
    switch (x.getKind()) {
      case CONSTANT:
        {
          long c = constant(x).int64Value();
          return (f, s, e, d) -> c;
        }
      case SELECT:
        switch (fieldOf(x)) {
          case "frame.pedestrians":
            return (f, s, e, d) -> f.pedestrians();
          case "frame.vehiclesNearby":
            return (f, s, e, d) -> f.vehiclesNearby();
          case "frame.timestampMs":
            return (f, s, e, d) -> f.timestampMs();
          default:
            throw unsupported(x, "select");
        }
      case CALL:
        break;
      default:
        throw unsupported(x, x.getKind().name().toLowerCase(Locale.ROOT));
    }
    List<CelExpr> args = x.call().args();
    String fn = x.call().function();
    if (x.call().target().isPresent()) {
      throw unsupported(x, "function '" + fn + "'");
    }
    switch (fn) {
      case "-_":
        {
          Int a = integer(args.get(0));
          return (f, s, e, d) -> {
            long v = a.eval(f, s, e, d);
            if (v == Long.MIN_VALUE) {
              throw new EvaluationException("int overflow: -(" + v + ")");
            }
            return -v;
          };
        }
      case "_?_:_":
        {
          Condition c = bool(args.get(0));
          Int a = integer(args.get(1));
          Int b = integer(args.get(2));
          return (f, s, e, d) -> c.eval(f, s, e, d) ? a.eval(f, s, e, d) : b.eval(f, s, e, d);
        }
      default:
        break;
    }
    if (args.size() != 2) {
      throw unsupported(x, "function '" + fn + "'");
    }
    Int a = integer(args.get(0));
    Int b = integer(args.get(1));
    return switch (fn) {
      case "_+_" -> (f, s, e, d) -> exact(a.eval(f, s, e, d), b.eval(f, s, e, d), '+');
      case "_-_" -> (f, s, e, d) -> exact(a.eval(f, s, e, d), b.eval(f, s, e, d), '-');
      case "_*_" -> (f, s, e, d) -> exact(a.eval(f, s, e, d), b.eval(f, s, e, d), '*');
      case "_/_" ->
          (f, s, e, d) -> {
            long l = a.eval(f, s, e, d);
            long r = b.eval(f, s, e, d);
            if (r == 0) {
              throw new EvaluationException("division by zero: " + l + " / 0");
            }
            if (l == Long.MIN_VALUE && r == -1) {
              throw new EvaluationException("int overflow: " + l + " / -1");
            }
            return l / r;
          };
      case "_%_" ->
          (f, s, e, d) -> {
            long l = a.eval(f, s, e, d);
            long r = b.eval(f, s, e, d);
            if (r == 0) {
              throw new EvaluationException("modulus by zero: " + l + " % 0");
            }
            return l % r;
          };
      default -> throw unsupported(x, "function '" + fn + "'");
    };
  }

  /** {@code l op r} on CEL ints: 64-bit, an error instead of wrapping around. */
  private static long exact(long l, long r, char op) {
    try {
      return switch (op) {
        case '+' -> Math.addExact(l, r);
        case '-' -> Math.subtractExact(l, r);
        default -> Math.multiplyExact(l, r);
      };
    } catch (ArithmeticException overflow) {
      throw new EvaluationException("int overflow: " + l + " " + op + " " + r);
    }
  }

  // ---- double --------------------------------------------------------------------------------

  private Dbl dbl(CelExpr x) throws Unsupported {
    expectKind(x, CelKind.DOUBLE);
    switch (x.getKind()) {
      case CONSTANT:
        {
          double c = constant(x).doubleValue();
          return (f, s, e, d) -> c;
        }
      case SELECT:
        return switch (fieldOf(x)) {
          case "frame.speedMps" -> (f, s, e, d) -> f.speedMps();
          case "frame.accelMps2" -> (f, s, e, d) -> f.accelMps2();
          case "frame.steering" -> (f, s, e, d) -> f.steering();
          case "frame.brake" -> (f, s, e, d) -> f.brake();
          case "frame.ttcSeconds" -> (f, s, e, d) -> f.ttcSeconds();
          case "frame.lateralOffsetM" -> (f, s, e, d) -> f.lateralOffsetM();
          case "shadow.disagreement" -> (f, s, e, d) -> s.disagreement();
          case "shadow.activeSteering" -> (f, s, e, d) -> s.activeSteering();
          case "shadow.shadowSteering" -> (f, s, e, d) -> s.shadowSteering();
          default -> throw unsupported(x, "select");
        };
      case CALL:
        break;
      default:
        throw unsupported(x, x.getKind().name().toLowerCase(Locale.ROOT));
    }
    List<CelExpr> args = x.call().args();
    String fn = x.call().function();
    if (x.call().target().isPresent()) {
      throw unsupported(x, "function '" + fn + "'");
    }
    switch (fn) {
      case "-_":
        {
          Dbl a = dbl(args.get(0));
          return (f, s, e, d) -> -a.eval(f, s, e, d);
        }
      case "double":
        {
          if (kind(args.get(0)) != CelKind.INT) {
            throw unsupported(x, "double() of " + kind(args.get(0)));
          }
          Int a = integer(args.get(0));
          return (f, s, e, d) -> (double) a.eval(f, s, e, d);
        }
      case "_?_:_":
        {
          Condition c = bool(args.get(0));
          Dbl a = dbl(args.get(1));
          Dbl b = dbl(args.get(2));
          return (f, s, e, d) -> c.eval(f, s, e, d) ? a.eval(f, s, e, d) : b.eval(f, s, e, d);
        }
      default:
        break;
    }
    if (args.size() != 2) {
      throw unsupported(x, "function '" + fn + "'");
    }
    Dbl a = dbl(args.get(0));
    Dbl b = dbl(args.get(1));
    return switch (fn) {
      case "_+_" -> (f, s, e, d) -> a.eval(f, s, e, d) + b.eval(f, s, e, d);
      case "_-_" -> (f, s, e, d) -> a.eval(f, s, e, d) - b.eval(f, s, e, d);
      case "_*_" -> (f, s, e, d) -> a.eval(f, s, e, d) * b.eval(f, s, e, d);
      case "_/_" -> (f, s, e, d) -> a.eval(f, s, e, d) / b.eval(f, s, e, d);
      default -> throw unsupported(x, "function '" + fn + "'");
    };
  }

  // ---- string --------------------------------------------------------------------------------

  private Str str(CelExpr x) throws Unsupported {
    expectKind(x, CelKind.STRING);
    switch (x.getKind()) {
      case CONSTANT:
        {
          String c = constant(x).stringValue();
          return (f, s, e, d) -> c;
        }
      case SELECT:
        {
          CelExpr operand = x.select().operand();
          if (fieldOf(operand).equals("device.labels")) {
            String key = x.select().field();
            return (f, s, e, d) -> label(d.labels(), key);
          }
          return switch (fieldOf(x)) {
            case "shadow.activeAction" -> (f, s, e, d) -> s.activeAction();
            case "shadow.shadowAction" -> (f, s, e, d) -> s.shadowAction();
            case "env.weather" -> (f, s, e, d) -> e.weather().wire();
            case "env.zone" -> (f, s, e, d) -> e.zone().wire();
            case "env.light" -> (f, s, e, d) -> e.light().wire();
            case "env.road" -> (f, s, e, d) -> e.road().wire();
            case "device.id" -> (f, s, e, d) -> d.id();
            case "device.hardware" -> (f, s, e, d) -> d.hardware();
            default -> throw unsupported(x, "select");
          };
        }
      case CALL:
        break;
      default:
        throw unsupported(x, x.getKind().name().toLowerCase(Locale.ROOT));
    }
    List<CelExpr> args = x.call().args();
    String fn = x.call().function();
    if (fn.equals("_[_]") && fieldOf(args.get(0)).equals("device.labels")) {
      Str key = str(args.get(1));
      return (f, s, e, d) -> label(d.labels(), key.eval(f, s, e, d));
    }
    if (fn.equals("_?_:_")) {
      Condition c = bool(args.get(0));
      Str a = str(args.get(1));
      Str b = str(args.get(2));
      return (f, s, e, d) -> c.eval(f, s, e, d) ? a.eval(f, s, e, d) : b.eval(f, s, e, d);
    }
    throw unsupported(x, "function '" + fn + "'");
  }

  private static String label(Map<String, String> labels, String key) {
    String value = labels.get(key);
    if (value == null) {
      throw new EvaluationException("no such key: device.labels['" + key + "']");
    }
    return value;
  }

  // ---- semantics shared with the interpreter -------------------------------------------------

  /**
   * cel-java's double equality ({@code ComparisonFunctions.numericEquals}): NaN equals nothing, and
   * otherwise {@link Double#equals}, so -0.0 != 0.0.
   */
  static boolean doubleEquals(double a, double b) {
    return a == b && Double.doubleToLongBits(a) == Double.doubleToLongBits(b);
  }

  /**
   * cel-java's list membership of a double ({@code RuntimeEquality.inList}: {@code List.contains}
   * first): {@link Double#equals}, so NaN is in a list holding NaN, and -0.0 is not in [0.0].
   */
  static boolean doubleInList(double a, double b) {
    return Double.doubleToLongBits(a) == Double.doubleToLongBits(b);
  }

  /**
   * cel-java's order of a double and an int (as {@code ComparisonFunctions.compareDoubleInt}): -1,
   * 0 or 1; doubles beyond the int range are beyond every int, the rest compare as {@link
   * Double#compare} does (NaN above everything, -0.0 below 0).
   */
  static int compareDoubleInt(double a, long b) {
    if (a < -9.223372036854775808E18) {
      return -1;
    }
    if (a > 9.223372036854775807E18) {
      return 1;
    }
    return Double.compare(a, (double) b);
  }

  // ---- the checked AST -----------------------------------------------------------------------

  /** Whether evaluating {@code x} can raise an error (and so needs CEL's error absorption). */
  private boolean mayFail(CelExpr x) {
    switch (x.getKind()) {
      case SELECT:
        return !x.select().testOnly() && kind(x.select().operand()) == CelKind.MAP
            || mayFail(x.select().operand());
      case CALL:
        {
          String fn = x.call().function();
          if (fn.equals("_[_]")) {
            return true;
          }
          if (kind(x) == CelKind.INT
              && (fn.equals("_+_")
                  || fn.equals("_-_")
                  || fn.equals("_*_")
                  || fn.equals("_/_")
                  || fn.equals("_%_")
                  || fn.equals("-_"))) {
            return true;
          }
          return x.call().args().stream().anyMatch(this::mayFail);
        }
      case LIST:
        return x.list().elements().stream().anyMatch(this::mayFail);
      default:
        return false;
    }
  }

  private CelKind kind(CelExpr x) {
    return ast.getType(x.id()).map(CelType::kind).orElse(CelKind.UNSPECIFIED);
  }

  private void expectKind(CelExpr x, CelKind expected) throws Unsupported {
    CelKind actual = kind(x);
    if (actual != expected) {
      throw unsupported(x, actual.name().toLowerCase(Locale.ROOT) + " value");
    }
  }

  private static boolean isConstant(CelExpr x) {
    return x.getKind() == CelExpr.ExprKind.Kind.CONSTANT;
  }

  private static CelConstant constant(CelExpr x) {
    return x.constant();
  }

  /** The variable an identifier names ({@code frame}, ...), or null. */
  private String variableOf(CelExpr x) {
    if (x.getKind() != CelExpr.ExprKind.Kind.IDENT) {
      return null;
    }
    String name = x.ident().name();
    boolean declared =
        ast.getReference(x.id()).map(ref -> ref.name().equals(name)).orElse(false)
            && TriggerVariables.variable(name).isPresent();
    return declared ? name : null;
  }

  /** {@code "frame.speedMps"} for a select of a declared field on a variable, else {@code ""}. */
  private String fieldOf(CelExpr x) {
    if (x.getKind() != CelExpr.ExprKind.Kind.SELECT || x.select().testOnly()) {
      return "";
    }
    String variable = variableOf(x.select().operand());
    return variable == null ? "" : variable + "." + x.select().field();
  }

  private Unsupported unsupported(CelExpr x, String what) {
    int offset = ast.getSource().getPositionsMap().getOrDefault(x.id(), -1);
    String where =
        ast.getSource()
            .getOffsetLocation(offset)
            .map(CelSourceLocation::getLine)
            .map(line -> " at " + line + ":" + column(offset))
            .orElse("");
    return new Unsupported(what + where);
  }

  private int column(int offset) {
    return ast.getSource().getOffsetLocation(offset).map(l -> l.getColumn() + 1).orElse(0);
  }
}
