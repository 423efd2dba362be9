package io.fleetloop.contract.cel;

import static io.fleetloop.contract.cel.CelExpressions.eval;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class KubernetesRegexLibraryTest {

  @Test
  void findReturnsTheFirstMatchOrEmpty() throws Exception {
    assertThat(eval("'abc 123 def 456'.find('[0-9]+')")).isEqualTo("123");
    assertThat(eval("'abc'.find('[0-9]+')")).isEqualTo("");
  }

  @Test
  void findAllReturnsMatchesUpToALimit() throws Exception {
    assertThat(eval("'abc 123 def 456'.findAll('[0-9]+')")).isEqualTo(List.of("123", "456"));
    assertThat(eval("'abc 123 def 456'.findAll('[0-9]+', 1)")).isEqualTo(List.of("123"));
    assertThat(eval("'abc 123 def 456'.findAll('[0-9]+', -1)")).isEqualTo(List.of("123", "456"));
  }
}
