package io.fleetloop.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fleetloop.contract.DocumentResult.Outcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every document in {@code manifests/examples/} (multi-document files included) is one the API
 * server would accept. Documents of other API groups are skipped.
 */
class ExamplesAreValidTest {

  @TestFactory
  Stream<DynamicTest> everyExampleIsValid() {
    CrdContract contract = RealContract.get();
    Path examples = RealContract.repositoryRoot().resolve("manifests/examples");
    assumeTrue(Files.isDirectory(examples), "manifests/examples/ does not exist yet");
    ValidationReport report = new ManifestValidator(contract).validate(examples);
    assertThat(report.count(Outcome.VALID) + report.count(Outcome.INVALID))
        .as("Fleetloop resources in %s", examples)
        .isPositive();
    Path root = RealContract.repositoryRoot();
    return report.results().stream()
        .map(
            r ->
                DynamicTest.dynamicTest(
                    root.relativize(Path.of(r.file()).toAbsolutePath()) + " " + r.displayName(),
                    () ->
                        assertThat(r.violations().stream().map(Violation::toString))
                            .as(
                                "%s (%s) must be valid; %s",
                                r.position(), r.displayName(), r.note())
                            .isEmpty()));
  }
}
