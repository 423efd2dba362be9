package io.fleetloop.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fleetloop.contract.DocumentResult.Outcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestValidatorTest {

  static final CrdContract CONTRACT =
      TestCrds.widgets(
          """
          type: object
          required: [size]
          properties:
            size: {type: integer, maximum: 10}
          """);

  @TempDir Path dir;
  ManifestValidator validator;

  @BeforeEach
  void setUp() throws IOException {
    validator = new ManifestValidator(CONTRACT);
    write(
        "widgets.yaml",
        """
        apiVersion: example.io/v1
        kind: Widget
        metadata: {name: small}
        spec: {size: 1}
        ---
        apiVersion: example.io/v1
        kind: Widget
        metadata: {name: big}
        spec: {size: 11}
        """);
    write(
        "sub/mixed.yml",
        """
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: settings}
        data: {a: b}
        ---
        ---
        kind: Widget
        metadata: {name: nogroup}
        spec: {size: 1}
        """);
    write(
        "list.json",
        """
        {"apiVersion": "v1", "kind": "List", "items": [
          {"apiVersion": "example.io/v1", "kind": "Widget", "metadata": {"name": "fromjson"}, "spec": {"size": 2}}
        ]}
        """);
    write(".git/ignored.yaml", "kind: Widget\nspec: {size: 99}\n");
    write("README.md", "not yaml: [");
  }

  @Test
  void validatesEveryDocumentUnderADirectory() {
    ValidationReport report = validator.validate(dir);
    assertThat(report.results())
        .extracting(r -> r.displayName() + " " + r.outcome())
        .containsExactly(
            "Widget/fromjson VALID",
            "ConfigMap/settings SKIPPED",
            "Widget/nogroup INVALID",
            "Widget/small VALID",
            "Widget/big INVALID");
    assertThat(report.exitCode()).isEqualTo(1);
  }

  @Test
  void printsOneLinePerDocumentOrViolation() {
    String text = validator.validate(dir.resolve("widgets.yaml")).toText();
    String file = dir.resolve("widgets.yaml").toString();
    assertThat(text.lines())
        .containsExactly(
            file + ": Widget/small: OK",
            file
                + ":doc#2 Widget/big: spec.size: Invalid value: 11: spec.size in body should be less"
                + " than or equal to 10",
            "2 documents: 1 valid, 1 invalid, 0 skipped");
  }

  @Test
  void skippedDocumentsSayWhy() {
    String text = validator.validate(dir.resolve("sub")).toText();
    assertThat(text)
        .contains(":doc#1 ConfigMap/settings: skipped (v1 is not a group of the loaded CRDs)")
        .contains(":doc#2 Widget/nogroup: apiVersion: Required value");
  }

  @Test
  void unreadableInputExitsWithTwo() throws IOException {
    write("broken/bad.yaml", "spec: [unclosed\n");
    ValidationReport report =
        validator.validate(dir.resolve("broken"), dir.resolve("missing.yaml"));
    assertThat(report.results())
        .extracting(DocumentResult::outcome)
        .containsOnly(Outcome.UNREADABLE);
    assertThat(report.toText())
        .contains("bad.yaml: error: cannot parse:")
        .contains("missing.yaml: error: no such file or directory");
    assertThat(report.exitCode()).isEqualTo(2);
  }

  @Test
  void duplicateKeysAreRejectedAsTheApiServerDoes() throws IOException {
    write("dup.yaml", "apiVersion: example.io/v1\nkind: Widget\nkind: Widget\n");
    assertThat(validator.validate(dir.resolve("dup.yaml")).toText())
        .contains("error: cannot parse: Duplicate field 'kind'");
  }

  @Test
  void validInputExitsWithZero() {
    ValidationReport report = validator.validate(dir.resolve("list.json"));
    assertThat(report.exitCode()).isZero();
    assertThat(report.results().get(0).position()).endsWith("list.json:doc#1.items[0]");
  }

  @Test
  void jsonOutputCarriesTheSameFacts() throws IOException {
    JsonNode json = new ObjectMapper().readTree(validator.validate(dir).toJson());
    assertThat(json.path("valid").asBoolean()).isFalse();
    assertThat(json.path("summary").path("documents").asInt()).isEqualTo(5);
    assertThat(json.path("summary").path("skipped").asInt()).isEqualTo(1);
    JsonNode big = json.path("results").get(4);
    assertThat(big.path("name").asText()).isEqualTo("big");
    assertThat(big.path("outcome").asText()).isEqualTo("invalid");
    assertThat(big.path("violations").get(0).path("field").asText()).isEqualTo("spec.size");
    assertThat(big.path("violations").get(0).path("reason").asText())
        .isEqualTo("FieldValueInvalid");
    assertThat(big.path("violations").get(0).path("rule").asText()).isEqualTo("maximum");
  }

  private void write(String name, String content) throws IOException {
    Path file = dir.resolve(name);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
  }
}
