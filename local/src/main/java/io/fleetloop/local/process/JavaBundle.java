package io.fleetloop.local.process;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A runtime bundle for a child JVM: a small wrapper jar (or classes directory) that carries its own
 * runtime classpath in the resource {@code fleetloop/<name>.classpath}, written at build time by
 * maven-dependency-plugin. The bundle's classpath is never mixed with this JVM's.
 *
 * @param name the bundle name ({@code pulsar-standalone}, {@code s3-server})
 * @param classpath the wrapper location followed by its dependencies
 */
public record JavaBundle(String name, List<Path> classpath) {

  /** Loads the bundle whose classpath resource is visible to this class loader. */
  public static JavaBundle load(String name) {
    String resource = "fleetloop/" + name + ".classpath";
    URL url = JavaBundle.class.getClassLoader().getResource(resource);
    if (url == null) {
      throw new IllegalStateException(
          "the "
              + name
              + " bundle is not on the classpath (resource "
              + resource
              + "); build it with ./mvnw -pl local/"
              + name
              + " install");
    }
    List<Path> classpath = new ArrayList<>();
    classpath.add(locationOf(url, resource));
    try (InputStream in = url.openStream()) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
      Arrays.stream(text.split(java.io.File.pathSeparator))
          .filter(s -> !s.isBlank())
          .map(Path::of)
          .forEach(classpath::add);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + url, e);
    }
    List<Path> missing = classpath.stream().filter(p -> !Files.exists(p)).toList();
    if (!missing.isEmpty()) {
      throw new IllegalStateException(
          "the "
              + name
              + " bundle refers to missing files (was ~/.m2 cleaned?); rebuild it with ./mvnw"
              + " -pl local/"
              + name
              + " install. Missing: "
              + missing.subList(0, Math.min(3, missing.size())));
    }
    return new JavaBundle(name, List.copyOf(classpath));
  }

  /** The jar or directory that holds {@code resource} at {@code url}. */
  static Path locationOf(URL url, String resource) {
    try {
      String external = url.toExternalForm();
      if (external.startsWith("jar:")) {
        String file = external.substring(4, external.indexOf("!/"));
        return Path.of(new URI(file));
      }
      Path path = Path.of(url.toURI());
      Path root = path;
      for (int i = 0; i < resource.split("/").length; i++) {
        root = root.getParent();
      }
      return root;
    } catch (URISyntaxException e) {
      throw new IllegalStateException("unexpected resource URL " + url, e);
    }
  }

  /** The classpath as one {@code -cp} argument. */
  public String classpathString() {
    return String.join(java.io.File.pathSeparator, classpath.stream().map(Path::toString).toList());
  }
}
