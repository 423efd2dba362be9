package io.fleetloop.contract.crd;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleetloop.contract.YamlDocuments;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/** Finds and reads CRD YAML files: from the classpath (the generated ones) or from disk. */
public final class CrdLoader {

  /** Where the Fabric8 CRD generator puts the CRDs inside a jar. */
  public static final String CLASSPATH_DIR = "META-INF/fabric8/";

  /** File-name suffix of the generated Fleetloop CRDs. */
  public static final String FLEETLOOP_SUFFIX = ".fleetloop.io-v1.yml";

  /** Probed by name when a jar has no directory entries to list. */
  private static final List<String> FLEETLOOP_PLURALS =
      List.of("datatriggers", "fleetreleases", "hardwarepools", "trainingruns");

  private CrdLoader() {}

  /** The Fleetloop CRDs on the classpath ({@code META-INF/fabric8/*.fleetloop.io-v1.yml}). */
  public static List<Crd> fleetloopCrdsOnClasspath() {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    if (loader == null) {
      loader = CrdLoader.class.getClassLoader();
    }
    try {
      List<Crd> crds = fromClasspath(loader, CLASSPATH_DIR, FLEETLOOP_SUFFIX);
      if (crds.isEmpty()) {
        for (String plural : FLEETLOOP_PLURALS) {
          URL url = loader.getResource(CLASSPATH_DIR + plural + FLEETLOOP_SUFFIX);
          if (url != null) {
            crds.addAll(read(url));
          }
        }
      }
      return List.copyOf(crds);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the CRDs on the classpath", e);
    }
  }

  /**
   * Every CRD in the files under {@code dir} on the classpath whose names end with {@code suffix},
   * in file-name order; a name found in several classpath entries is read from the first.
   */
  public static List<Crd> fromClasspath(ClassLoader loader, String dir, String suffix)
      throws IOException {
    String prefix = dir.endsWith("/") ? dir : dir + "/";
    Map<String, URL> files = new TreeMap<>();
    Enumeration<URL> roots = loader.getResources(prefix);
    while (roots.hasMoreElements()) {
      URL root = roots.nextElement();
      for (String name : list(root, prefix)) {
        if (name.endsWith(suffix) && !files.containsKey(name)) {
          URL url = loader.getResource(prefix + name);
          if (url != null) {
            files.put(name, url);
          }
        }
      }
    }
    List<Crd> crds = new ArrayList<>();
    for (URL url : files.values()) {
      crds.addAll(read(url));
    }
    return crds;
  }

  /** The CRDs in a YAML file, or in every {@code .yaml}/{@code .yml} file under a directory. */
  public static List<Crd> read(Path fileOrDir) throws IOException {
    if (!Files.isDirectory(fileOrDir)) {
      return parse(YamlDocuments.read(fileOrDir), fileOrDir.toString());
    }
    List<Crd> crds = new ArrayList<>();
    try (Stream<Path> files = Files.walk(fileOrDir)) {
      for (Path file : files.filter(CrdLoader::isYaml).sorted().toList()) {
        crds.addAll(parse(YamlDocuments.read(file), file.toString()));
      }
    }
    return crds;
  }

  /** The CRDs in a YAML text; documents of other kinds are ignored. */
  public static List<Crd> parse(String yaml, String source) throws IOException {
    return parse(YamlDocuments.parse(yaml), source);
  }

  private static List<Crd> read(URL url) throws IOException {
    try (InputStream in = url.openStream()) {
      return parse(YamlDocuments.read(in), url.toString());
    }
  }

  private static List<Crd> parse(List<JsonNode> docs, String source) {
    List<Crd> crds = new ArrayList<>();
    for (JsonNode doc : docs) {
      if ("CustomResourceDefinition".equals(doc.path("kind").asText())) {
        crds.add(Crd.parse(doc, source));
      }
    }
    return crds;
  }

  private static boolean isYaml(Path file) {
    String name = file.getFileName().toString();
    return Files.isRegularFile(file) && (name.endsWith(".yaml") || name.endsWith(".yml"));
  }

  private static List<String> list(URL root, String prefix) throws IOException {
    List<String> names = new ArrayList<>();
    switch (root.getProtocol()) {
      case "file" -> {
        Path dir;
        try {
          dir = Paths.get(root.toURI());
        } catch (URISyntaxException e) {
          throw new IOException("bad classpath URL " + root, e);
        }
        try (Stream<Path> files = Files.list(dir)) {
          files.filter(Files::isRegularFile).forEach(f -> names.add(f.getFileName().toString()));
        }
      }
      case "jar" -> {
        JarURLConnection connection = (JarURLConnection) root.openConnection();
        connection.setUseCaches(false);
        try (JarFile jar = connection.getJarFile()) {
          for (Enumeration<JarEntry> entries = jar.entries(); entries.hasMoreElements(); ) {
            String entry = entries.nextElement().getName();
            if (entry.startsWith(prefix) && entry.indexOf('/', prefix.length()) < 0) {
              String name = entry.substring(prefix.length());
              if (!name.isEmpty()) {
                names.add(name);
              }
            }
          }
        }
      }
      default -> {
        // other URL schemes cannot be listed; the caller probes known names instead
      }
    }
    return names;
  }
}
