package io.fleetloop.api;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the repository root: system property {@code fleetloop.root}, else the dir with .mvn/. */
public final class RepoRoot {

  private RepoRoot() {}

  public static Path find() {
    String configured = System.getProperty("fleetloop.root");
    if (configured != null && Files.isDirectory(Path.of(configured, ".mvn"))) {
      return Path.of(configured);
    }
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isDirectory(dir.resolve(".mvn"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException("cannot find the repository root (no .mvn/ above)");
    }
    return dir;
  }
}
