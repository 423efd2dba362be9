package io.fleetloop.local.kube;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceColumnDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Printer columns as the API server evaluates them for kubectl. */
class TablePrinterTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-01-01T12:00:00Z"), ZoneOffset.UTC);

  @Test
  void evaluatesFiltersIndexesAndTypedCells() throws Exception {
    CustomResourceDefinition crd = TestCrds.gadgetCrd();
    crd.getSpec()
        .getVersions()
        .get(0)
        .setAdditionalPrinterColumns(
            List.of(
                column("Ready", "string", ".status.conditions[?(@.type==\"Ready\")].status"),
                column("Size", "integer", ".spec.size"),
                column("First", "string", ".spec.tags[0]"),
                column("Missing", "string", ".status.nothing"),
                column("Age", "date", ".metadata.creationTimestamp")));
    JsonNode gadget =
        MAPPER.readTree(
            """
            {"metadata":{"name":"g","namespace":"n","creationTimestamp":"2026-01-01T11:55:00Z"},
             "spec":{"size":3,"tags":["a","b"]},
             "status":{"conditions":[{"type":"Compiled","status":"False"},{"type":"Ready","status":"True"}]}}
            """);

    JsonNode table = TablePrinter.forCrd(crd, "v1", CLOCK).orElseThrow().print(gadget);

    assertThat(table.get("kind").asText()).isEqualTo("Table");
    assertThat(table.get("columnDefinitions").findValuesAsText("name"))
        .containsExactly("Name", "Ready", "Size", "First", "Missing", "Age");
    JsonNode cells = table.get("rows").get(0).get("cells");
    assertThat(cells.get(0).asText()).isEqualTo("g");
    assertThat(cells.get(1).asText()).isEqualTo("True");
    assertThat(cells.get(2).isIntegralNumber()).isTrue();
    assertThat(cells.get(2).asInt()).isEqualTo(3);
    assertThat(cells.get(3).asText()).isEqualTo("a");
    assertThat(cells.get(4).isNull()).isTrue();
    assertThat(cells.get(5).asText()).isEqualTo("5m");
    assertThat(table.get("rows").get(0).get("object").get("metadata").get("namespace").asText())
        .isEqualTo("n");
  }

  @Test
  void listsGetOneRowPerItemAndCrdsWithoutColumnsGetAge() throws Exception {
    JsonNode list =
        MAPPER.readTree(
            """
            {"kind":"GadgetList","metadata":{"resourceVersion":"7"},"items":[
              {"metadata":{"name":"a","creationTimestamp":"2026-01-01T11:00:00Z"}},
              {"metadata":{"name":"b","creationTimestamp":"2025-12-30T12:00:00Z"}}]}
            """);

    CustomResourceDefinition crd = TestCrds.gadgetCrd();
    crd.getSpec().getVersions().get(0).setAdditionalPrinterColumns(null);

    JsonNode table = TablePrinter.forCrd(crd, "v1", CLOCK).orElseThrow().print(list);

    assertThat(table.get("metadata").get("resourceVersion").asText()).isEqualTo("7");
    assertThat(table.get("columnDefinitions").findValuesAsText("name"))
        .containsExactly("Name", "Age");
    assertThat(table.get("rows").findValues("cells").stream().map(c -> c.get(1).asText()))
        .containsExactly("60m", "2d");
  }

  @Test
  void formatsAgesLikeKubectl() {
    assertThat(TablePrinter.humanDuration(Duration.ofSeconds(45))).isEqualTo("45s");
    assertThat(TablePrinter.humanDuration(Duration.ofSeconds(150))).isEqualTo("2m30s");
    assertThat(TablePrinter.humanDuration(Duration.ofMinutes(42))).isEqualTo("42m");
    assertThat(TablePrinter.humanDuration(Duration.ofMinutes(5 * 60 + 7))).isEqualTo("5h7m");
    assertThat(TablePrinter.humanDuration(Duration.ofHours(30))).isEqualTo("30h");
    assertThat(TablePrinter.humanDuration(Duration.ofHours(24 * 3 + 4))).isEqualTo("3d4h");
    assertThat(TablePrinter.humanDuration(Duration.ofDays(800))).isEqualTo("2y");
  }

  private static CustomResourceColumnDefinition column(String name, String type, String path) {
    CustomResourceColumnDefinition c = new CustomResourceColumnDefinition();
    c.setName(name);
    c.setType(type);
    c.setJsonPath(path);
    return c;
  }
}
