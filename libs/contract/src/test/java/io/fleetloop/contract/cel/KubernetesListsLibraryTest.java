package io.fleetloop.contract.cel;

import static io.fleetloop.contract.cel.CelExpressions.compileError;
import static io.fleetloop.contract.cel.CelExpressions.eval;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Duration;
import dev.cel.runtime.CelEvaluationException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Kubernetes list library, with the examples from k8s.io/apiserver/pkg/cel/library/lists.go.
 */
class KubernetesListsLibraryTest {

  private static final String INTS = "{type: array, items: {type: integer}}";
  private static final String DOUBLES = "{type: array, items: {type: number}}";
  private static final String DYNS = "{type: array, items: {x-kubernetes-int-or-string: true}}";

  @Test
  void isSorted() throws Exception {
    assertThat(eval("[1, 2, 3].isSorted()")).isEqualTo(true);
    assertThat(eval("['a', 'b', 'b', 'c'].isSorted()")).isEqualTo(true);
    assertThat(eval("[2.0, 1.0].isSorted()")).isEqualTo(false);
    assertThat(eval("[1].isSorted()")).isEqualTo(true);
    assertThat(eval("[].isSorted()")).isEqualTo(true);
    assertThat(eval("[false, true].isSorted() && ![true, false].isSorted()")).isEqualTo(true);
    assertThat(eval("[duration('1s'), duration('1m')].isSorted()")).isEqualTo(true);
    assertThat(
            eval(
                "[timestamp('2024-01-02T00:00:00Z'), timestamp('2024-01-01T00:00:00Z')].isSorted()"))
        .isEqualTo(false);
    assertThat(eval("[b'a', b'b'].isSorted()")).isEqualTo(true);
  }

  @Test
  void sum() throws Exception {
    assertThat(eval("[1, 3].sum()")).isEqualTo(4L);
    assertThat(eval("[1.0, 3.0].sum()")).isEqualTo(4.0);
    assertThat(eval("[duration('1m'), duration('1s')].sum() == duration('1m1s')")).isEqualTo(true);
    assertThat(eval("self.sum()", INTS, List.of())).isEqualTo(0L);
    assertThat(eval("self.sum()", DOUBLES, List.of())).isEqualTo(0.0);
    assertThat(eval("self.sum()", INTS, List.of(5L, 7L))).isEqualTo(12L);
  }

  @Test
  void sumOverflowIsAnError() {
    assertThatThrownBy(() -> eval("[9223372036854775807, 1].sum()"))
        .isInstanceOf(CelEvaluationException.class)
        .satisfies(
            e ->
                assertThat(CelErrors.describe((CelEvaluationException) e))
                    .isEqualTo("integer overflow"));
  }

  @Test
  void minAndMax() throws Exception {
    assertThat(eval("[1, 3].min()")).isEqualTo(1L);
    assertThat(eval("[1, 3].max()")).isEqualTo(3L);
    assertThat(eval("[1].min()")).isEqualTo(1L);
    assertThat(eval("([0] + self).min()", INTS, List.of())).isEqualTo(0L);
    assertThat(eval("['b', 'a', 'c'].max()")).isEqualTo("c");
    assertThat(eval("[2.5, -1.0].min()")).isEqualTo(-1.0);
    assertThat(eval("[duration('1h'), duration('2s')].min()"))
        .isEqualTo(Duration.newBuilder().setSeconds(2).build());
  }

  @Test
  void minOfAnEmptyListIsAnError() {
    assertThatThrownBy(() -> eval("self.min()", INTS, List.of()))
        .isInstanceOf(CelEvaluationException.class)
        .satisfies(
            e ->
                assertThat(CelErrors.describe((CelEvaluationException) e))
                    .isEqualTo("min called on empty list"));
    assertThatThrownBy(() -> eval("self.max()", INTS, List.of()))
        .satisfies(
            e ->
                assertThat(CelErrors.describe((CelEvaluationException) e))
                    .isEqualTo("max called on empty list"));
  }

  @Test
  void indexOfAndLastIndexOf() throws Exception {
    assertThat(eval("[1, 2, 2, 3].indexOf(2)")).isEqualTo(1L);
    assertThat(eval("['a', 'b', 'b', 'c'].lastIndexOf('b')")).isEqualTo(2L);
    assertThat(eval("[1.0].indexOf(1.1)")).isEqualTo(-1L);
    assertThat(eval("[].indexOf('string')")).isEqualTo(-1L);
    assertThat(eval("[[1], [2]].indexOf([2])")).isEqualTo(1L);
    assertThat(eval("'abcabc'.lastIndexOf('b')"))
        .as("the strings extension still works")
        .isEqualTo(4L);
  }

  @Test
  void listsOfDynamicElementsUseTheFirstOverloadAsCelGoDoes() throws Exception {
    assertThat(eval("self.sum()", DYNS, List.of(1L, 2L))).isEqualTo(3L);
    assertThat(eval("self.sum()", DYNS, List.of())).isEqualTo(0L);
    assertThat(eval("self.max()", DYNS, List.of("a", "b"))).isEqualTo("b");
    assertThat(eval("self.isSorted()", DYNS, List.of(1L, 2L))).isEqualTo(true);
  }

  @Test
  void onlyTheApiServersElementTypesCompile() {
    assertThat(compileError("['a'].sum()"))
        .hasValueSatisfying(e -> assertThat(e).contains("found no matching overload for 'sum'"));
    assertThat(compileError("[true].sum()")).isPresent();
    assertThat(compileError("[{'a': 1}].isSorted()")).isPresent();
    assertThat(compileError("[[1]].max()")).isPresent();
    assertThat(compileError("[1].indexOf('a')")).isPresent();
    assertThat(compileError("[1].isSorted() && [1.0].sum() > 0.0 && ['a'].min() == 'a'")).isEmpty();
  }
}
