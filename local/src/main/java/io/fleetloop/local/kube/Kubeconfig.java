package io.fleetloop.local.kube;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** Writes a kubeconfig for the local API server (plain HTTP on loopback, no credentials). */
public final class Kubeconfig {

  /** Cluster, context and user name in the file. */
  public static final String CONTEXT = "fleetloop-local";

  private Kubeconfig() {}

  /** The kubeconfig text for {@code server} (e.g. {@code http://127.0.0.1:41234}). */
  public static String render(String server, String namespace) {
    return """
        # Written by the fleetloop local stack: the in-memory API server on loopback.
        apiVersion: v1
        kind: Config
        clusters:
        - name: %1$s
          cluster:
            server: %2$s
        contexts:
        - name: %1$s
          context:
            cluster: %1$s
            user: %1$s
            namespace: %3$s
        current-context: %1$s
        users:
        - name: %1$s
          user: {}
        preferences: {}
        """
        .formatted(CONTEXT, server, namespace);
  }

  /** Writes the kubeconfig atomically (readable by the owner only) and returns {@code file}. */
  public static Path write(Path file, String server, String namespace) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(tmp, render(server, namespace), StandardCharsets.UTF_8);
    try {
      Files.setPosixFilePermissions(
          tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system: keep the default permissions
    }
    return Files.move(
        tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
