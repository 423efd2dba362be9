package io.fleetloop.contract.cel;

import com.google.common.collect.ImmutableList;
import com.google.common.primitives.UnsignedLong;
import com.google.protobuf.ByteString;
import com.google.protobuf.Duration;
import com.google.protobuf.Timestamp;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelFunctionDecl;
import dev.cel.common.CelOverloadDecl;
import dev.cel.common.ast.CelReference;
import dev.cel.common.types.CelType;
import dev.cel.common.types.ListType;
import dev.cel.common.types.SimpleType;
import dev.cel.common.types.TypeParamType;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelFunctionBinding;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The Kubernetes CEL list library ({@code k8s.io/apiserver/pkg/cel/library/lists.go}) as cel-java
 * declarations and bindings, with the same overloads (so the same rules compile):
 *
 * <ul>
 *   <li>{@code <list<T>>.isSorted() -> bool}, T comparable (int, uint, double, bool, duration,
 *       timestamp, string, bytes); equal neighbours count as sorted
 *   <li>{@code <list<T>>.sum() -> T}, T int, uint, double or duration; 0 for an empty list
 *   <li>{@code <list<T>>.min() -> T}, {@code <list<T>>.max() -> T}, T comparable; an error on an
 *       empty list
 *   <li>{@code <list<T>>.indexOf(T) -> int}, {@code <list<T>>.lastIndexOf(T) -> int}; -1 when
 *       absent
 * </ul>
 */
public final class KubernetesListsLibrary {

  private static final Map<String, CelType> COMPARABLE = new LinkedHashMap<>();
  private static final Map<String, CelType> SUMMABLE = new LinkedHashMap<>();

  static {
    COMPARABLE.put("int", SimpleType.INT);
    COMPARABLE.put("uint", SimpleType.UINT);
    COMPARABLE.put("double", SimpleType.DOUBLE);
    COMPARABLE.put("bool", SimpleType.BOOL);
    COMPARABLE.put("duration", SimpleType.DURATION);
    COMPARABLE.put("timestamp", SimpleType.TIMESTAMP);
    COMPARABLE.put("string", SimpleType.STRING);
    COMPARABLE.put("bytes", SimpleType.BYTES);
    SUMMABLE.put("int", SimpleType.INT);
    SUMMABLE.put("uint", SimpleType.UINT);
    SUMMABLE.put("double", SimpleType.DOUBLE);
    SUMMABLE.put("duration", SimpleType.DURATION);
  }

  private static final String PREFIX = "list_";

  private KubernetesListsLibrary() {}

  /** The function declarations for the checker. */
  public static List<CelFunctionDecl> declarations() {
    List<CelFunctionDecl> decls = new ArrayList<>();
    decls.add(
        perType(
            "isSorted", COMPARABLE, (n, t) -> overload(n + "_is_sorted_bool", SimpleType.BOOL, t)));
    decls.add(perType("sum", SUMMABLE, (n, t) -> overload(n + "_sum_" + n, t, t)));
    decls.add(perType("max", COMPARABLE, (n, t) -> overload(n + "_max_" + n, t, t)));
    decls.add(perType("min", COMPARABLE, (n, t) -> overload(n + "_min_" + n, t, t)));
    TypeParamType a = TypeParamType.create("A");
    decls.add(
        CelFunctionDecl.newFunctionDeclaration(
            "indexOf",
            CelOverloadDecl.newMemberOverload(
                "list_a_index_of_int", SimpleType.INT, ListType.create(a), a)));
    decls.add(
        CelFunctionDecl.newFunctionDeclaration(
            "lastIndexOf",
            CelOverloadDecl.newMemberOverload(
                "list_a_last_index_of_int", SimpleType.INT, ListType.create(a), a)));
    return decls;
  }

  /** The runtime bindings, one per overload. */
  public static List<CelFunctionBinding> bindings() {
    List<CelFunctionBinding> bindings = new ArrayList<>();
    for (String name : COMPARABLE.keySet()) {
      bindings.add(
          CelFunctionBinding.from(
              PREFIX + name + "_is_sorted_bool", List.class, KubernetesListsLibrary::isSorted));
      bindings.add(
          CelFunctionBinding.from(
              PREFIX + name + "_max_" + name, List.class, l -> extreme(l, "max", 1)));
      bindings.add(
          CelFunctionBinding.from(
              PREFIX + name + "_min_" + name, List.class, l -> extreme(l, "min", -1)));
    }
    for (String name : SUMMABLE.keySet()) {
      Object zero = zero(name);
      bindings.add(
          CelFunctionBinding.from(PREFIX + name + "_sum_" + name, List.class, l -> sum(l, zero)));
    }
    bindings.add(
        CelFunctionBinding.from(
            "list_a_index_of_int", List.class, Object.class, (l, x) -> indexOf(l, x, false)));
    bindings.add(
        CelFunctionBinding.from(
            "list_a_last_index_of_int", List.class, Object.class, (l, x) -> indexOf(l, x, true)));
    return bindings;
  }

  /**
   * Where the checker could not pick one overload (the list's element type is {@code dyn}), keeps
   * the first of this library's candidates, as cel-go's dynamic dispatch does; the bindings work on
   * any element type, so only the result for an empty list depends on the choice.
   */
  public static CelAbstractSyntaxTree resolveDynamicDispatch(CelAbstractSyntaxTree ast) {
    Map<Long, CelReference> references = new LinkedHashMap<>(ast.getReferenceMap());
    boolean changed = false;
    for (Map.Entry<Long, CelReference> e : references.entrySet()) {
      List<String> ids = e.getValue().overloadIds();
      List<String> ours = ids.stream().filter(KubernetesListsLibrary::isOurs).toList();
      if (ours.size() > 1) {
        List<String> kept = new ArrayList<>(ids.stream().filter(id -> !isOurs(id)).toList());
        kept.add(0, ours.get(0));
        CelReference.Builder replacement = CelReference.newBuilder().setName(e.getValue().name());
        e.getValue().value().ifPresent(replacement::setValue);
        e.setValue(replacement.addOverloadIds(kept).build());
        changed = true;
      }
    }
    if (!changed) {
      return ast;
    }
    return CelAbstractSyntaxTree.newCheckedAst(
        ast.getExpr(), ast.getSource(), references, ast.getTypeMap());
  }

  private static boolean isOurs(String overloadId) {
    return overloadId.startsWith(PREFIX)
        && (overloadId.endsWith("_is_sorted_bool")
            || overloadId.contains("_sum_")
            || overloadId.contains("_max_")
            || overloadId.contains("_min_"));
  }

  private interface OverloadFactory {
    CelOverloadDecl make(String typeName, CelType type);
  }

  private static CelFunctionDecl perType(
      String function, Map<String, CelType> types, OverloadFactory factory) {
    List<CelOverloadDecl> overloads = new ArrayList<>();
    types.forEach((name, type) -> overloads.add(factory.make(name, type)));
    return CelFunctionDecl.newFunctionDeclaration(function, overloads);
  }

  private static CelOverloadDecl overload(String idSuffix, CelType result, CelType element) {
    return CelOverloadDecl.newMemberOverload(
        PREFIX + idSuffix, result, ImmutableList.of(ListType.create(element)));
  }

  static Object isSorted(List<?> list) throws CelEvaluationException {
    for (int i = 1; i < list.size(); i++) {
      if (compare(list.get(i - 1), list.get(i)) > 0) {
        return false;
      }
    }
    return true;
  }

  static Object extreme(List<?> list, String name, int prefer) throws CelEvaluationException {
    if (list.isEmpty()) {
      throw new CelEvaluationException(name + " called on empty list");
    }
    Object result = list.get(0);
    for (int i = 1; i < list.size(); i++) {
      if (Integer.signum(compare(list.get(i), result)) == prefer) {
        result = list.get(i);
      }
    }
    return result;
  }

  static Object sum(List<?> list, Object zero) throws CelEvaluationException {
    Object total = list.isEmpty() ? zero : list.get(0);
    for (int i = 1; i < list.size(); i++) {
      total = add(total, list.get(i));
    }
    return total;
  }

  static Object indexOf(List<?> list, Object item, boolean last) {
    if (last) {
      for (int i = list.size() - 1; i >= 0; i--) {
        if (celEquals(list.get(i), item)) {
          return (long) i;
        }
      }
    } else {
      for (int i = 0; i < list.size(); i++) {
        if (celEquals(list.get(i), item)) {
          return (long) i;
        }
      }
    }
    return -1L;
  }

  private static Object zero(String typeName) {
    return switch (typeName) {
      case "int" -> 0L;
      case "uint" -> UnsignedLong.ZERO;
      case "double" -> 0.0;
      default -> Duration.getDefaultInstance();
    };
  }

  private static Object add(Object a, Object b) throws CelEvaluationException {
    try {
      if (a instanceof Long x && b instanceof Long y) {
        return Math.addExact(x, y);
      }
      if (a instanceof UnsignedLong x && b instanceof UnsignedLong y) {
        UnsignedLong s = x.plus(y);
        if (s.compareTo(x) < 0) {
          throw new ArithmeticException("unsigned integer overflow");
        }
        return s;
      }
      if (a instanceof Double x && b instanceof Double y) {
        return x + y;
      }
      if (a instanceof Duration x && b instanceof Duration y) {
        java.time.Duration s = toJava(x).plus(toJava(y));
        return Duration.newBuilder().setSeconds(s.getSeconds()).setNanos(s.getNano()).build();
      }
    } catch (ArithmeticException e) {
      throw new CelEvaluationException("integer overflow", e);
    }
    throw noSuchOverload("_+_", a, b);
  }

  /** CEL ordering of two values of one comparable type (numbers compare across types). */
  static int compare(Object a, Object b) throws CelEvaluationException {
    if (a instanceof Number x && b instanceof Number y) {
      return compareNumbers(x, y);
    }
    if (a instanceof String x && b instanceof String y) {
      return compareCodePoints(x, y);
    }
    if (a instanceof Boolean x && b instanceof Boolean y) {
      return Boolean.compare(x, y);
    }
    if (a instanceof ByteString x && b instanceof ByteString y) {
      return ByteString.unsignedLexicographicalComparator().compare(x, y);
    }
    if (a instanceof Duration x && b instanceof Duration y) {
      return toJava(x).compareTo(toJava(y));
    }
    if (a instanceof Timestamp x && b instanceof Timestamp y) {
      int c = Long.compare(x.getSeconds(), y.getSeconds());
      return c != 0 ? c : Integer.compare(x.getNanos(), y.getNanos());
    }
    throw noSuchOverload("_<_", a, b);
  }

  /** CEL equality: numbers by value across int, uint and double; NaN equals nothing. */
  static boolean celEquals(Object a, Object b) {
    if (a instanceof Number x && b instanceof Number y) {
      if (x instanceof Double d && d.isNaN() || y instanceof Double e && e.isNaN()) {
        return false;
      }
      return compareNumbers(x, y) == 0;
    }
    return Objects.equals(a, b);
  }

  private static int compareNumbers(Number x, Number y) {
    if (x instanceof Double || y instanceof Double) {
      double a = x.doubleValue();
      double b = y.doubleValue();
      return a < b ? -1 : (a > b ? 1 : 0);
    }
    return integral(x).compareTo(integral(y));
  }

  private static BigInteger integral(Number n) {
    return n instanceof UnsignedLong u ? u.bigIntegerValue() : BigInteger.valueOf(n.longValue());
  }

  private static int compareCodePoints(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }

  private static java.time.Duration toJava(Duration d) {
    return java.time.Duration.ofSeconds(d.getSeconds(), d.getNanos());
  }

  private static CelEvaluationException noSuchOverload(String function, Object a, Object b) {
    return new CelEvaluationException(
        "no such overload: "
            + function
            + " applied to ("
            + a.getClass().getSimpleName()
            + ", "
            + b.getClass().getSimpleName()
            + ")");
  }
}
