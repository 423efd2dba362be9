package io.fleetloop.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where a real cluster's audit query endpoint comes from (no cluster is contacted). */
class ClusterTargetTest {

  @TempDir Path dir;

  @Test
  void aClusterWithoutAnAuditEndpointSaysHowToGiveOne() throws Exception {
    ClusterTarget target = ClusterTarget.choose(kubeconfig(), Map.of());

    assertThat(target.embedded()).isFalse();
    assertThat(target.audit()).isEmpty();
    assertThat(target.noAuditReason())
        .contains(
            "-D" + ClusterTarget.AUDIT_ENDPOINT_PROPERTY,
            ClusterTarget.AUDIT_ENDPOINT_ENV,
            "skipped");
    target.client().close();
  }

  @Test
  void theAuditEndpointComesFromThePropertyOrTheEnvironment() throws Exception {
    Properties properties = kubeconfig();
    ClusterTarget fromEnv =
        ClusterTarget.choose(
            properties, Map.of(ClusterTarget.AUDIT_ENDPOINT_ENV, "127.0.0.1:17443"));
    assertThat(fromEnv.audit()).isPresent();
    assertThat(fromEnv.description()).contains("audit query endpoint 127.0.0.1:17443");

    properties.setProperty(ClusterTarget.AUDIT_ENDPOINT_PROPERTY, "audit.example:7443");
    ClusterTarget fromProperty =
        ClusterTarget.choose(
            properties, Map.of(ClusterTarget.AUDIT_ENDPOINT_ENV, "127.0.0.1:17443"));
    assertThat(fromProperty.description()).contains("audit query endpoint audit.example:7443");

    for (ClusterTarget t : new ClusterTarget[] {fromEnv, fromProperty}) {
      t.audit().orElseThrow().close();
      t.client().close();
    }
  }

  private Properties kubeconfig() throws Exception {
    Path file = dir.resolve("kubeconfig");
    Files.writeString(
        file,
        """
        apiVersion: v1
        kind: Config
        clusters:
        - name: nowhere
          cluster:
            server: https://127.0.0.1:1
        users:
        - name: nobody
          user:
            token: none
        contexts:
        - name: nowhere
          context:
            cluster: nowhere
            user: nobody
        current-context: nowhere
        """);
    Properties properties = new Properties();
    properties.setProperty(ClusterTarget.KUBECONFIG_PROPERTY, file.toString());
    return properties;
  }
}
