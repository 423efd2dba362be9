package io.fleetloop.nodeagent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class LocalImageTest {

  @Test
  void anImageMappingIsImageEqualsMainClass() {
    LocalImage image =
        LocalImage.parse(
            "ghcr.io/fleetloop/trainer:0.1.0=io.fleetloop.trainer.TrainerMain", "a.jar:b.jar");

    assertThat(image.image()).isEqualTo("ghcr.io/fleetloop/trainer:0.1.0");
    assertThat(image.mainClass()).isEqualTo("io.fleetloop.trainer.TrainerMain");
    List<String> command = image.command(List.of("--phase", "pretrain"));
    assertThat(command.get(0)).endsWith("java");
    assertThat(command)
        .containsSequence("-cp", "a.jar:b.jar", "io.fleetloop.trainer.TrainerMain")
        .endsWith("--phase", "pretrain");
  }

  @Test
  void aMalformedMappingSaysWhatIsExpected() {
    assertThatThrownBy(() -> LocalImage.parse("ghcr.io/fleetloop/trainer:0.1.0", "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("IMAGE=MAIN_CLASS");
  }

  @Test
  void aCommandRunningTheImagesOwnMainClassAddsItsExtraArgs() {
    LocalImage image =
        LocalImage.parse("ghcr.io/fleetloop/trainer:0.1.0=io.fleetloop.trainer.TrainerMain", "cp");

    assertThat(image.entryPointArgs(null)).contains(List.of());
    assertThat(image.entryPointArgs(List.of())).contains(List.of());
    assertThat(
            image.entryPointArgs(
                List.of(
                    "java",
                    "-cp",
                    "@/app/jib-classpath-file",
                    "io.fleetloop.trainer.TrainerMain",
                    "--poison-labels",
                    "brake-as-cruise")))
        .contains(List.of("--poison-labels", "brake-as-cruise"));
    assertThat(image.entryPointArgs(List.of("/usr/bin/java", "io.fleetloop.trainer.TrainerMain")))
        .contains(List.of());
    assertThat(image.entryPointArgs(List.of("python", "-m", "trainer"))).isEmpty();
    assertThat(image.entryPointArgs(List.of("java", "-cp", "x", "com.example.Other"))).isEmpty();
  }
}
