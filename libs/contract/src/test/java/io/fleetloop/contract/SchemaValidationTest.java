package io.fleetloop.contract;

import static io.fleetloop.contract.TestCrds.violations;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The OpenAPI part of the contract: types, bounds, pruning, defaulting, metadata. */
class SchemaValidationTest {

  static final CrdContract CONTRACT =
      TestCrds.widgets(
          """
          type: object
          required: [size]
          properties:
            size: {type: integer, minimum: 1, maximum: 10}
            ratio: {type: number, minimum: 0, exclusiveMinimum: true, maximum: 1}
            step: {type: integer, multipleOf: 5}
            name: {type: string, minLength: 2, maxLength: 8, pattern: '^[a-z]+$'}
            mode: {type: string, enum: [Fast, Slow]}
            enabled: {type: boolean}
            tags:
              type: array
              minItems: 1
              maxItems: 3
              x-kubernetes-list-type: set
              items: {type: string}
            ports:
              type: array
              x-kubernetes-list-type: map
              x-kubernetes-list-map-keys: [name]
              items:
                type: object
                required: [name]
                properties:
                  name: {type: string}
                  port: {type: integer}
            labels:
              type: object
              maxProperties: 2
              additionalProperties: {type: integer}
            selector:
              type: object
              minProperties: 1
              properties:
                app: {type: string}
            target: {x-kubernetes-int-or-string: true}
            extra: {type: object, x-kubernetes-preserve-unknown-fields: true}
            note: {type: string, nullable: true}
            comment: {type: string}
            timeout: {type: string, format: duration}
            since: {type: string, format: date-time}
            count32: {type: integer, format: int32}
            policy: {type: string, default: Auto, enum: [Auto, Manual]}
          """);

  @Test
  void aValidWidgetHasNoViolations() {
    assertThat(
            violations(
                CONTRACT,
                """
                size: 3
                ratio: 0.5
                step: 10
                name: abc
                mode: Fast
                enabled: true
                tags: [a, b]
                ports: [{name: http, port: 80}, {name: grpc, port: 90}]
                labels: {a: 1}
                selector: {app: x}
                target: 50%
                extra: {anything: [1, {deep: true}]}
                note: null
                timeout: 1h30m
                since: 2025-01-02T03:04:05Z
                count32: 7
                """))
        .isEmpty();
  }

  @Test
  void aWrongTypeIsReportedAndStopsTheRules() {
    assertThat(violations(CONTRACT, "size: three"))
        .containsExactly(
            "spec.size: Invalid value: \"three\": spec.size in body must be of type integer:"
                + " \"string\"",
            "Invalid value: " + CrdContract.RULES_NOT_CHECKED);
  }

  @Test
  void numbersFollowJsonNotYaml() {
    assertThat(violations(CONTRACT, "size: 3.0\nratio: 1")).isEmpty();
    assertThat(violations(CONTRACT, "size: 3.5"))
        .first()
        .asString()
        .contains("must be of type integer: \"number\"");
  }

  @Test
  void requiredFieldsAreReported() {
    assertThat(violations(CONTRACT, "ratio: 0.5")).containsExactly("spec.size: Required value");
  }

  @Test
  void unknownFieldsAreReportedAtAnyDepth() {
    assertThat(violations(CONTRACT, "size: 1\ncolour: red\nports: [{name: a, proto: TCP}]"))
        .containsExactlyInAnyOrder(
            "spec.colour: unknown field \"spec.colour\"",
            "spec.ports[0].proto: unknown field \"spec.ports[0].proto\"");
  }

  @Test
  void unknownTopLevelFieldsToo() {
    var widget = TestCrds.widget("size: 1");
    ((com.fasterxml.jackson.databind.node.ObjectNode) widget).put("spek", "x");
    assertThat(CONTRACT.validate(widget))
        .extracting(Violation::toString)
        .containsExactly("spek: unknown field \"spek\"");
  }

  @Test
  void boundsAreChecked() {
    assertThat(violations(CONTRACT, "size: 11\nratio: 0\nstep: 7"))
        .containsExactly(
            "spec.size: Invalid value: 11: spec.size in body should be less than or equal to 10",
            "spec.ratio: Invalid value: 0: spec.ratio in body should be greater than 0",
            "spec.step: Invalid value: 7: spec.step in body should be a multiple of 5");
    assertThat(violations(CONTRACT, "size: 0"))
        .containsExactly(
            "spec.size: Invalid value: 0: spec.size in body should be greater than or equal to 1");
  }

  @Test
  void stringsAreChecked() {
    assertThat(violations(CONTRACT, "size: 1\nname: abcdefghi"))
        .containsExactly("spec.name: Too long: may not be longer than 8");
    assertThat(violations(CONTRACT, "size: 1\nname: A1"))
        .containsExactly(
            "spec.name: Invalid value: \"A1\": spec.name in body should match '^[a-z]+$'");
    assertThat(violations(CONTRACT, "size: 1\nname: a"))
        .containsExactly(
            "spec.name: Invalid value: \"a\": spec.name in body should be at least 2 chars long");
  }

  @Test
  void enumsAreChecked() {
    assertThat(violations(CONTRACT, "size: 1\nmode: Medium"))
        .containsExactly(
            "spec.mode: Unsupported value: \"Medium\": supported values: \"Fast\", \"Slow\"",
            "Invalid value: " + CrdContract.RULES_NOT_CHECKED);
  }

  @Test
  void listsAreChecked() {
    assertThat(violations(CONTRACT, "size: 1\ntags: []"))
        .containsExactly(
            "spec.tags: Invalid value: []: spec.tags in body should have at least 1 items");
    assertThat(violations(CONTRACT, "size: 1\ntags: [a, b, c, d]"))
        .containsExactly("spec.tags: Too many: 4: must have at most 3 items");
    assertThat(violations(CONTRACT, "size: 1\ntags: [a, b, a]"))
        .containsExactly("spec.tags[2]: Duplicate value: \"a\"");
    assertThat(violations(CONTRACT, "size: 1\nports: [{name: a, port: 1}, {name: a, port: 2}]"))
        .containsExactly("spec.ports[1]: Duplicate value: {\"name\":\"a\"}");
  }

  @Test
  void mapsAreChecked() {
    assertThat(violations(CONTRACT, "size: 1\nlabels: {a: 1, b: 2, c: 3}"))
        .containsExactly("spec.labels: Too many: 3: must have at most 2 items");
    assertThat(violations(CONTRACT, "size: 1\nlabels: {a: x}"))
        .first()
        .asString()
        .startsWith("spec.labels[a]: Invalid value: \"x\": spec.labels[a] in body must be of type");
    assertThat(violations(CONTRACT, "size: 1\nselector: {}"))
        .containsExactly(
            "spec.selector: Invalid value: {}: spec.selector in body should have at least 1"
                + " properties");
  }

  @Test
  void intOrStringTakesEitherButNothingElse() {
    assertThat(violations(CONTRACT, "size: 1\ntarget: 5")).isEmpty();
    assertThat(violations(CONTRACT, "size: 1\ntarget: true"))
        .first()
        .asString()
        .isEqualTo(
            "spec.target: Invalid value: true: spec.target in body must be of type"
                + " integer,string: \"boolean\"");
  }

  @Test
  void nullIsDroppedFromNonNullableFieldsAndKeptOnNullableOnes() {
    assertThat(violations(CONTRACT, "size: 1\ncomment: null\nnote: null")).isEmpty();
    assertThat(violations(CONTRACT, "size: null")).containsExactly("spec.size: Required value");
  }

  @Test
  void defaultsAreAppliedBeforeValidation() {
    CrdContract contract =
        TestCrds.widgets(
            """
            type: object
            properties:
              policy: {type: string, default: Auto}
            x-kubernetes-validations:
            - rule: self.policy == 'Auto'
              message: defaulted
            """);
    assertThat(violations(contract, "{}")).isEmpty();
    assertThat(violations(contract, "policy: Manual"))
        .containsExactly("spec: Invalid value: \"object\": defaulted");
  }

  @Test
  void formatsAreChecked() {
    assertThat(violations(CONTRACT, "size: 1\ntimeout: soon"))
        .first()
        .asString()
        .isEqualTo(
            "spec.timeout: Invalid value: \"soon\": spec.timeout in body must be of type"
                + " duration: \"soon\"");
    assertThat(violations(CONTRACT, "size: 1\nsince: yesterday"))
        .first()
        .asString()
        .contains("must be of type date-time");
    assertThat(violations(CONTRACT, "size: 1\ncount32: 3000000000"))
        .containsExactly(
            "spec.count32: Invalid value: 3000000000: spec.count32 in body should fit in a 32-bit"
                + " integer (format int32)");
  }

  @Test
  void metadataNameIsRequiredAndADnsSubdomain() {
    var noName = TestCrds.yaml("apiVersion: example.io/v1\nkind: Widget\nspec: {size: 1}");
    assertThat(CONTRACT.validate(noName))
        .extracting(Violation::toString)
        .containsExactly("metadata.name: Required value: name or generateName is required");
    var badName =
        TestCrds.yaml(
            "apiVersion: example.io/v1\nkind: Widget\nmetadata: {name: My_Widget}\nspec: {size: 1}");
    assertThat(CONTRACT.validate(badName))
        .extracting(Violation::toString)
        .singleElement()
        .asString()
        .startsWith(
            "metadata.name: Invalid value: \"My_Widget\": a lowercase RFC 1123 subdomain must"
                + " consist of");
  }

  @Test
  void metadataFieldsLabelsAndNamespaceAreChecked() {
    var widget =
        TestCrds.yaml(
            """
            apiVersion: example.io/v1
            kind: Widget
            metadata:
              name: w
              namespace: Team_A
              labels: {"app": "bad value!"}
              colour: red
            spec: {size: 1}
            """);
    assertThat(CONTRACT.validate(widget))
        .extracting(Violation::toString)
        .satisfiesExactlyInAnyOrder(
            v -> assertThat(v).isEqualTo("metadata.colour: unknown field \"metadata.colour\""),
            v ->
                assertThat(v)
                    .startsWith(
                        "metadata.namespace: Invalid value: \"Team_A\": a lowercase RFC 1123 label"),
            v ->
                assertThat(v)
                    .startsWith("metadata.labels: Invalid value: \"bad value!\": a valid label"));
  }

  @Test
  void unknownKindsAndVersionsAreNotFound() {
    var gadget = TestCrds.yaml("apiVersion: example.io/v2\nkind: Widget\nmetadata: {name: g}");
    assertThat(CONTRACT.validate(gadget))
        .extracting(Violation::toString)
        .containsExactly("Not found: no matches for kind \"Widget\" in version \"example.io/v2\"");
  }

  @Test
  void theResourceIsNotModified() {
    var widget = TestCrds.widget("size: 1\ncolour: red");
    String before = widget.toString();
    CONTRACT.validate(widget);
    assertThat(widget.toString()).isEqualTo(before);
  }

  @Test
  void theFixtureCrdHasNoProblems() {
    assertThat(CONTRACT.problems()).isEmpty();
  }
}
