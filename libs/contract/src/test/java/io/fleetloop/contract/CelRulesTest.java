package io.fleetloop.contract;

import static io.fleetloop.contract.TestCrds.violations;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The x-kubernetes-validations part of the contract: typing, presence, messages, CRD errors. */
class CelRulesTest {

  static final CrdContract STAGES =
      TestCrds.widgets(
          """
          type: object
          properties:
            stages:
              type: array
              maxItems: 10
              items:
                type: object
                required: [percent]
                properties:
                  percent: {type: integer}
                  minKm: {type: integer}
              x-kubernetes-validations:
              - rule: self.map(s, s.percent).isSorted() && self[size(self) - 1].percent == 100
                message: stage percentages must be strictly increasing and end at 100
          """);

  @Test
  void aFalseRuleIsReportedWithItsMessage() {
    assertThat(violations(STAGES, "stages: [{percent: 10}, {percent: 50}]"))
        .containsExactly(
            "spec.stages: Invalid value: \"array\": stage percentages must be strictly increasing"
                + " and end at 100");
    assertThat(violations(STAGES, "stages: [{percent: 10}, {percent: 100}]")).isEmpty();
  }

  @Test
  void rulesRunOnlyWhereTheValueIsPresent() {
    assertThat(violations(STAGES, "{}")).isEmpty();
  }

  @Test
  void integersAreIntsAndNumbersAreDoublesEvenWhenWrittenWithoutAPoint() {
    CrdContract contract =
        TestCrds.widgets(
            """
            type: object
            properties:
              count: {type: integer}
              rate: {type: number}
            x-kubernetes-validations:
            - rule: type(self.count) == int && type(self.rate) == double
            - rule: self.rate > 0 && self.rate <= 1.0
              message: rate must be in (0, 1]
            """);
    assertThat(violations(contract, "count: 3\nrate: 1")).isEmpty();
    assertThat(violations(contract, "count: 3\nrate: 0"))
        .containsExactly("spec: Invalid value: \"object\": rate must be in (0, 1]");
  }

  @Test
  void withoutMessageTheRuleIsQuoted() {
    CrdContract contract =
        TestCrds.widgets(
            """
            type: object
            properties:
              a: {type: integer}
            x-kubernetes-validations:
            - rule: self.a > 1
            """);
    assertThat(violations(contract, "a: 1"))
        .containsExactly("spec: Invalid value: \"object\": failed rule: self.a > 1");
  }

  @Test
  void messageExpressionFieldPathAndReasonShapeTheError() {
    CrdContract contract =
        TestCrds.widgets(
            """
            type: object
            properties:
              min: {type: integer}
              max: {type: integer}
            x-kubernetes-validations:
            - rule: "!has(self.min) || !has(self.max) || self.min <= self.max"
              messageExpression: "'min (' + string(self.min) + ') must not exceed max'"
              fieldPath: .min
            - rule: has(self.max)
              message: max is required
              reason: FieldValueRequired
              fieldPath: .max
            """);
    assertThat(violations(contract, "min: 5"))
        .containsExactly("spec.max: Required value: max is required");
    assertThat(violations(contract, "min: 5\nmax: 2"))
        .containsExactly("spec.min: Invalid value: \"object\": min (5) must not exceed max");
  }

  @Test
  void rulesInListItemsAreReportedAtTheItem() {
    CrdContract contract =
        TestCrds.widgets(
            """
            type: object
            properties:
              phases:
                type: array
                maxItems: 4
                items:
                  type: object
                  properties:
                    name: {type: string, maxLength: 10}
                  x-kubernetes-validations:
                  - rule: self.name.startsWith('p-')
                    message: phase names start with p-
            """);
    assertThat(violations(contract, "phases: [{name: p-a}, {name: b}]"))
        .containsExactly("spec.phases[1]: Invalid value: \"object\": phase names start with p-");
  }

  @Test
  void evaluationErrorsAreReportedLikeTheApiServer() {
    CrdContract contract =
        TestCrds.widgets(
            """
            type: object
            properties:
              a: {type: integer}
              b: {type: integer}
            x-kubernetes-validations:
            - rule: self.a > self.b
            """);
    assertThat(violations(contract, "a: 1"))
        .containsExactly(
            "spec: Invalid value: \"object\": no such key: b evaluating rule: self.a > self.b");
  }

  @Test
  void escapedPropertyNamesAndTheStringsExtension() {
    CrdContract contract =
        TestCrds.widgets(
            """
            type: object
            properties:
              max-surge: {type: string, maxLength: 10}
              namespace: {type: string, maxLength: 10}
            x-kubernetes-validations:
            - rule: self.max__dash__surge.upperAscii() == 'A,B' && self.__namespace__.split('-').size() == 2
            """);
    assertThat(contract.errors()).isEmpty();
    assertThat(violations(contract, "max-surge: a,b\nnamespace: x-y")).isEmpty();
    assertThat(violations(contract, "max-surge: a,c\nnamespace: x-y")).hasSize(1);
  }

  @Test
  void durationsAndTimestampsAreTyped() {
    CrdContract contract =
        TestCrds.widgets(
            """
            type: object
            properties:
              timeout: {type: string, format: duration}
              since: {type: string, format: date-time}
            x-kubernetes-validations:
            - rule: self.timeout <= duration('2h') && self.since > timestamp('2020-01-01T00:00:00Z')
              message: too long or too old
            """);
    assertThat(violations(contract, "timeout: 90m\nsince: 2024-05-01T00:00:00Z")).isEmpty();
    assertThat(violations(contract, "timeout: 3h\nsince: 2024-05-01T00:00:00Z"))
        .containsExactly("spec: Invalid value: \"object\": too long or too old");
  }

  @Test
  void intOrStringIsDynamic() {
    CrdContract contract =
        TestCrds.widgets(
            """
            type: object
            properties:
              surge:
                x-kubernetes-int-or-string: true
                x-kubernetes-validations:
                - rule: "type(self) == int ? self <= 10 : self.matches('^[0-9]+%$')"
                  message: at most 10 or a percentage
            """);
    assertThat(violations(contract, "surge: 5")).isEmpty();
    assertThat(violations(contract, "surge: 25%")).isEmpty();
    assertThat(violations(contract, "surge: many"))
        .containsExactly("spec.surge: Invalid value: \"\": at most 10 or a percentage");
  }

  @Test
  void transitionRulesAreSkippedOnCreateUnlessOldSelfIsOptional() {
    CrdContract contract =
        TestCrds.widgets(
            """
            type: object
            properties:
              name: {type: string, maxLength: 10}
            x-kubernetes-validations:
            - rule: self.name == oldSelf.name
              message: name is immutable
            - rule: "!oldSelf.hasValue() && self.name != 'reserved'"
              optionalOldSelf: true
              message: reserved
            """);
    assertThat(contract.errors()).isEmpty();
    assertThat(violations(contract, "name: a")).isEmpty();
    assertThat(violations(contract, "name: reserved"))
        .containsExactly("spec: Invalid value: \"object\": reserved");
  }

  @Test
  void aRuleThatDoesNotCompileIsACrdErrorNamingTheRule() {
    CrdContract contract =
        TestCrds.widgets(
            """
            type: object
            properties:
              rate: {type: number}
            x-kubernetes-validations:
            - rule: self.rat > 0.0
            """);
    assertThat(contract.errors())
        .singleElement()
        .asString()
        .startsWith(
            "ERROR widgets.example.io v1 spec x-kubernetes-validations[0].rule: rule \"self.rat >"
                + " 0.0\": compilation failed: ERROR: <input>:1:5: undefined field 'rat'");
    assertThat(violations(contract, "rate: 1"))
        .singleElement()
        .asString()
        .startsWith("spec: Internal error: rule \"self.rat > 0.0\": compilation failed");
  }

  @Test
  void otherRulesTheApiServerWouldRejectAreCrdErrors() {
    CrdContract contract =
        TestCrds.widgets(
            """
            type: object
            properties:
              a: {type: integer}
            x-kubernetes-validations:
            - rule: self.a + 1
            - rule: self.a > 0
              reason: FieldValueWrong
            - rule: self.a > 0
              fieldPath: .b
            - rule: self.a > 0
              messageExpression: self.a
            - rule: self.a == 'x'
            """);
    assertThat(contract.errors())
        .extracting(CrdProblem::toString)
        .satisfiesExactly(
            e -> assertThat(e).contains("[0].rule").contains("must evaluate to a bool"),
            e ->
                assertThat(e)
                    .contains("[1].reason")
                    .contains("Unsupported value: \"FieldValueWrong\""),
            e ->
                assertThat(e)
                    .contains("[2].fieldPath")
                    .contains("does not refer to a valid field: b"),
            e ->
                assertThat(e)
                    .contains("[3].messageExpression")
                    .contains("must evaluate to a string"),
            e ->
                assertThat(e)
                    .contains("[4].rule")
                    .contains("found no matching overload for '_==_'"));
  }

  @Test
  void aDefaultThatBreaksItsOwnSchemaIsACrdError() {
    CrdContract contract =
        TestCrds.widgets(
            """
            type: object
            properties:
              priority: {type: integer, maximum: 100, default: 500}
            """);
    assertThat(contract.errors())
        .singleElement()
        .asString()
        .contains("spec.priority default: Invalid value: 500:")
        .contains("should be less than or equal to 100");
  }

  @Test
  void rootRulesSeeApiVersionKindAndName() {
    CrdContract contract =
        CrdContractTestSupport.withRootRule(
            "self.metadata.name.startsWith('w') && self.kind == 'Widget'");
    assertThat(contract.errors()).isEmpty();
    assertThat(contract.validate(TestCrds.widget("{}"))).isEmpty();
    var other = TestCrds.yaml("apiVersion: example.io/v1\nkind: Widget\nmetadata: {name: x}");
    assertThat(contract.validate(other))
        .extracting(Violation::toString)
        .singleElement()
        .asString()
        .startsWith("Invalid value: \"object\": failed rule: self.metadata.name.startsWith('w')");
  }
}
