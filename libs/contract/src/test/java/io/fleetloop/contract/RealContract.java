package io.fleetloop.contract;

import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * The contract of the real Fleetloop CRDs (from the fleetloop-api jar) for the tests that check it,
 * and the repository root. Those tests skip while no Fleetloop CRD is on the classpath.
 */
final class RealContract {

  private static CrdContract contract;

  private RealContract() {}

  /** The contract of the CRDs on the classpath; skips the calling test when there are none. */
  static synchronized CrdContract get() {
    if (contract == null) {
      contract = CrdContract.fromClasspath();
    }
    assumeFalse(
        contract.isEmpty(),
        "No Fleetloop CRD on the classpath (META-INF/fabric8/*.fleetloop.io-v1.yml from"
            + " fleetloop-api): skipped until the API module generates them");
    return contract;
  }

  /** The repository root: system property fleetloop.root, else the directory holding .mvn/. */
  static Path repositoryRoot() {
    String property = System.getProperty("fleetloop.root");
    if (property != null && !property.isBlank() && Files.isDirectory(Paths.get(property, ".mvn"))) {
      return Paths.get(property).toAbsolutePath().normalize();
    }
    for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isDirectory(dir.resolve(".mvn"))) {
        return dir;
      }
    }
    throw new IllegalStateException(
        "cannot find the repository root: set -Dfleetloop.root or run inside the repository");
  }
}
