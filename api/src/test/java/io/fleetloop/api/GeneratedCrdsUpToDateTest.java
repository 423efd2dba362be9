package io.fleetloop.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import io.fabric8.kubernetes.client.CustomResource;
import io.fleetloop.api.build.CrdFinisher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The committed CRDs in {@code crds/} must equal what the build generates from the classes. With
 * {@code -Dfleetloop.regenerate=true} the test writes the fresh copies instead of failing.
 */
class GeneratedCrdsUpToDateTest {

  private static final Path GENERATED = Path.of("target/classes/META-INF/fabric8");

  @Test
  void committedCrdsMatchTheGeneratedOnes() throws IOException {
    Path committedDir = RepoRoot.find().resolve("crds");
    boolean regenerate = Boolean.getBoolean("fleetloop.regenerate");
    List<String> stale = new ArrayList<>();
    for (Class<? extends CustomResource<?, ?>> kind : CrdFinisher.KINDS) {
      String name = CrdFinisher.fileName(kind);
      String generated = Files.readString(GENERATED.resolve(name));
      assertThat(generated).as(name).contains("kind: CustomResourceDefinition");
      Path committed = committedDir.resolve(name);
      if (Files.exists(committed) && Files.readString(committed).equals(generated)) {
        continue;
      }
      if (regenerate) {
        Files.createDirectories(committedDir);
        Files.writeString(committed, generated);
      } else {
        stale.add(name);
      }
    }
    if (!stale.isEmpty()) {
      fail(
          "crds/ is stale for "
              + stale
              + ": the API classes changed. Regenerate with\n"
              + "  ./mvnw -pl api verify -Dfleetloop.regenerate=true\n"
              + "and commit crds/.");
    }
  }
}
