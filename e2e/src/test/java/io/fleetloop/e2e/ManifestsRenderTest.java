package io.fleetloop.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code kubectl kustomize manifests/overlays/kind} (and {@code local}) must render, with every
 * object named and the CRDs taken from the generated {@code crds/}: {@code manifests/check.sh}
 * checks that, and this test runs it in the suite.
 */
class ManifestsRenderTest {

  @Test
  void overlaysRender() throws Exception {
    Path root = Path.of(System.getProperty("fleetloop.root", "..")).toAbsolutePath().normalize();
    Process check =
        new ProcessBuilder("bash", root.resolve("manifests/check.sh").toString())
            .directory(root.toFile())
            .redirectErrorStream(true)
            .start();
    String out = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(check.waitFor(120, TimeUnit.SECONDS)).isTrue();
    // exit 2: neither kubectl nor kustomize is installed (the check cannot run here)
    assumeFalse(check.exitValue() == 2, "manifests/check.sh needs kubectl or kustomize: " + out);
    assertThat(check.exitValue()).as("manifests/check.sh output:%n%s", out).isZero();
  }
}
