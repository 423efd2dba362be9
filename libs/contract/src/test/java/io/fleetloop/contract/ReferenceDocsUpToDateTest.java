package io.fleetloop.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The committed {@code docs/reference/} pages match the CRDs on the classpath. With {@code
 * -Dfleetloop.regenerate=true} the pages are written instead.
 */
class ReferenceDocsUpToDateTest {

  @Test
  void referenceDocsMatchTheCrds() throws IOException {
    CrdContract contract = RealContract.get();
    Path dir = RealContract.repositoryRoot().resolve("docs/reference");
    ReferenceDocGenerator generator = new ReferenceDocGenerator(contract.crds());
    if (Boolean.getBoolean("fleetloop.regenerate")) {
      generator.write(dir);
      System.out.println("Regenerated " + dir);
      return;
    }
    List<String> differences = generator.differences(dir);
    assertThat(differences)
        .as(
            "docs/reference/ does not match the CRDs. Regenerate it (from the repository root)"
                + " with:%n  %s%n",
            ReferenceDocGenerator.REGENERATE_COMMAND)
        .isEmpty();
  }
}
