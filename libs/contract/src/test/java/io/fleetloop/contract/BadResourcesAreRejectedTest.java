package io.fleetloop.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every resource in {@code src/test/resources/bad/} is rejected by the real CRDs with the message
 * named in its {@code fleetloop.io/expect-violation} annotation, and for nothing else.
 */
class BadResourcesAreRejectedTest {

  static final String EXPECTATION = "fleetloop.io/expect-violation";

  @TestFactory
  Stream<DynamicTest> eachBadResourceIsRejectedWithItsMessage() throws IOException {
    CrdContract contract = RealContract.get();
    return corpus().stream()
        .map(
            file ->
                DynamicTest.dynamicTest(
                    file.getFileName().toString(), () -> check(contract, file)));
  }

  @Test
  void theCorpusIsNotEmpty() throws IOException {
    assertThat(corpus()).hasSizeGreaterThan(10);
  }

  private static void check(CrdContract contract, Path file) throws IOException {
    List<JsonNode> docs = YamlDocuments.read(file);
    assertThat(docs).as("%s must hold exactly one resource", file.getFileName()).hasSize(1);
    JsonNode resource = docs.get(0);
    String expected = resource.path("metadata").path("annotations").path(EXPECTATION).asText("");
    assertThat(expected)
        .as("%s needs the annotation %s: \"<message fragment>\"", file.getFileName(), EXPECTATION)
        .isNotBlank();

    List<String> violations =
        contract.validate(resource).stream().map(Violation::toString).toList();

    assertThat(violations)
        .as(
            "%s must be rejected with a message containing%n  %s%nbut got",
            file.getFileName(), expected)
        .anyMatch(v -> v.contains(expected));
    assertThat(violations)
        .as("%s must break only the rule it is about; other violations", file.getFileName())
        .allMatch(v -> v.contains(expected) || v.endsWith(CrdContract.RULES_NOT_CHECKED));
  }

  private static List<Path> corpus() throws IOException {
    Path dir;
    try {
      dir =
          Paths.get(
              Objects.requireNonNull(BadResourcesAreRejectedTest.class.getResource("/bad"))
                  .toURI());
    } catch (URISyntaxException e) {
      throw new IOException(e);
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
    }
  }
}
