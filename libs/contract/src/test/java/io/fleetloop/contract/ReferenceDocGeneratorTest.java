package io.fleetloop.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReferenceDocGeneratorTest {

  static final CrdContract CONTRACT =
      TestCrds.widgets(
          """
          type: object
          required: [size]
          description: What the widget should be.
          properties:
            size:
              type: integer
              minimum: 1
              maximum: 10
              description: How big | in units.
            mode: {type: string, enum: [Fast, Slow], default: Fast}
            stages:
              type: array
              maxItems: 5
              items:
                type: object
                properties:
                  percent: {type: integer, exclusiveMinimum: true, minimum: 0}
              x-kubernetes-validations:
              - rule: self.all(s, s.percent <= 100)
                message: at most 100 || nothing
            labels: {type: object, additionalProperties: {type: string, maxLength: 63}}
            digest: {type: string, pattern: '^sha256:[a-f0-9]{64}$'}
          """);

  final ReferenceDocGenerator generator = new ReferenceDocGenerator(CONTRACT.crds());

  @Test
  void thePageDescribesTheKind() {
    String page = generator.page(CONTRACT.crds().get(0));
    assertThat(page)
        .startsWith(ReferenceDocGenerator.MARKER)
        .contains("# Widget\n")
        .contains("| API group | `example.io` |")
        .contains("| Versions | `v1` (served, storage) |")
        .contains("| Scope | Namespaced |")
        .contains("| Short names | `wdg` |")
        .contains("| Categories | `examples` |")
        .contains("Subresources: status.")
        .contains("| Size | integer | `.spec.size` | always |  |");
  }

  @Test
  void everyFieldHasARowWithItsConstraints() {
    String page = generator.page(CONTRACT.crds().get(0));
    assertThat(page)
        .contains("| `spec` | object |  |  |  | What the widget should be. |")
        .contains("| `spec.size` | integer | yes |  | ≥ 1<br>≤ 10 | How big \\| in units. |")
        .contains("| `spec.mode` | string |  | `\"Fast\"` | one of `Fast`, `Slow` |  |")
        .contains(
            "| `spec.stages` | []object |  |  | items ≤ 5<br>rule `self.all(s, s.percent <= 100)`:"
                + " *at most 100 \\|\\| nothing* |  |")
        .contains("| `spec.stages[*].percent` | integer |  |  | > 0 |  |")
        .contains("| `spec.labels` | map[string]string |")
        .contains("| `spec.labels[*]` | string |  |  | length ≤ 63 |  |")
        .contains("pattern `^sha256:[a-f0-9]{64}$`")
        .contains("### status");
  }

  @Test
  void theIndexLinksEveryKind() {
    assertThat(generator.index())
        .contains(
            "| [Widget](widget.md) | `example.io` | `v1` | Namespaced | `wdg` | `examples` |");
    assertThat(generator.render()).containsOnlyKeys("README.md", "widget.md");
  }

  @Test
  void writtenPagesAreUpToDateAndChangesAreFound(@TempDir Path dir) throws IOException {
    assertThat(generator.differences(dir))
        .containsExactly("README.md: missing", "widget.md: missing");
    generator.write(dir);
    assertThat(generator.differences(dir)).isEmpty();

    Files.writeString(
        dir.resolve("widget.md"), generator.page(CONTRACT.crds().get(0)).replace("≤ 10", "≤ 11"));
    Files.writeString(dir.resolve("gadget.md"), ReferenceDocGenerator.MARKER + " -->\n# Gadget\n");
    Files.writeString(dir.resolve("guide.md"), "# A hand-written page\n");
    assertThat(generator.differences(dir))
        .satisfiesExactly(
            d -> assertThat(d).startsWith("widget.md: stale from line").contains("≤ 10"),
            d -> assertThat(d).isEqualTo("gadget.md: generated for a kind that no longer exists"));

    generator.write(dir);
    assertThat(generator.differences(dir)).isEmpty();
    assertThat(dir.resolve("gadget.md")).doesNotExist();
    assertThat(dir.resolve("guide.md")).exists();
  }
}
