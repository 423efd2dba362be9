package io.fleetloop.contract.cel;

import static io.fleetloop.contract.cel.CelExpressions.compileError;
import static io.fleetloop.contract.cel.CelExpressions.eval;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The parts of the Kubernetes CEL environment besides the list and regex libraries. */
class StandardEnvironmentTest {

  @Test
  void macros() throws Exception {
    assertThat(eval("[1, 2, 3].all(x, x > 0) && [1, 2].exists(x, x == 2)")).isEqualTo(true);
    assertThat(eval("[1, 2, 3].exists_one(x, x > 2)")).isEqualTo(true);
    assertThat(eval("[1, 2, 3].map(x, x * 2) == [2, 4, 6]")).isEqualTo(true);
    assertThat(eval("[1, 2, 3].map(x, x > 1, x * 2) == [4, 6]")).isEqualTo(true);
    assertThat(eval("[1, 2, 3].filter(x, x > 1) == [2, 3]")).isEqualTo(true);
    assertThat(eval("has({'a': 1}.a)")).isEqualTo(true);
  }

  @Test
  void stringsExtension() throws Exception {
    assertThat(eval("'a,b'.split(',') == ['a', 'b'] && ['a', 'b'].join('-') == 'a-b'"))
        .isEqualTo(true);
    assertThat(eval("' x '.trim().upperAscii() + 'Y'.lowerAscii()")).isEqualTo("Xy");
    assertThat(eval("'hello'.substring(1, 3) + 'hello'.charAt(0) + 'aXa'.replace('X', 'b')"))
        .isEqualTo("elhaba");
  }

  @Test
  void crossTypeNumericComparisonsButNotEquality() throws Exception {
    assertThat(eval("1 < 1.5 && 2.0 > 1")).isEqualTo(true);
    assertThat(compileError("1 == 1.0")).isPresent();
  }

  @Test
  void homogeneousLiterals() {
    assertThat(compileError("[1, 'a']"))
        .hasValueSatisfying(e -> assertThat(e).contains("expected type 'int'"));
  }

  @Test
  void optionalsAndSets() throws Exception {
    assertThat(eval("optional.of(1).orValue(2) + optional.none().orValue(3)")).isEqualTo(4L);
    assertThat(eval("{'a': 1}.?b.orValue(5)")).isEqualTo(5L);
    assertThat(eval("sets.contains([1, 2, 3], [2]) && sets.intersects([1], [1, 4])"))
        .isEqualTo(true);
  }
}
