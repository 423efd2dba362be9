package io.fleetloop.contract;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Warnings for rules over lists, maps and strings without bounds. */
class CostHintsTest {

  @Test
  void unboundedListsMapsAndStringsThatRulesUseAreReported() {
    CrdContract contract =
        TestCrds.widgets(
            """
            type: object
            properties:
              names:
                type: array
                items: {type: string}
              sizes:
                type: array
                items: {type: integer}
              labels:
                type: object
                additionalProperties: {type: string, maxLength: 63}
              kind: {type: string}
              untouched: {type: array, items: {type: string}}
            x-kubernetes-validations:
            - rule: self.names.all(n, n.startsWith('x'))
            - rule: self.sizes.sum() < 10
            - rule: self.labels.all(k, k != 'forbidden')
            - rule: self.kind == 'A' && has(self.untouched)
            """);
    assertThat(contract.errors()).isEmpty();
    assertThat(contract.warnings())
        .extracting(p -> p.field() + " " + p.location())
        .containsExactlyInAnyOrder(
            "spec.names maxItems",
            "spec.names[*] maxLength",
            "spec.sizes maxItems",
            "spec.labels maxProperties",
            "spec.kind maxLength");
    assertThat(contract.warnings().get(0).message())
        .contains("rule \"self.names.all(n, n.startsWith('x'))\"");
  }

  @Test
  void boundedOnesAreNot() {
    CrdContract contract =
        TestCrds.widgets(
            """
            type: object
            properties:
              names:
                type: array
                maxItems: 5
                items: {type: string, maxLength: 10}
              mode: {type: string, enum: [A, B]}
              timeout: {type: string, format: duration}
            x-kubernetes-validations:
            - rule: self.names.all(n, n != self.mode) && self.timeout < duration('1h')
            """);
    assertThat(contract.problems()).isEmpty();
  }
}
