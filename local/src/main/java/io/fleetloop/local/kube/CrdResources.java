package io.fleetloop.local.kube;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds CRD YAML on the classpath: the fleetloop-api jar carries the generated CRDs as {@code
 * META-INF/fabric8/<plural>.fleetloop.io-v1.yml}.
 */
public final class CrdResources {

  /** Where the Fabric8 CRD generator puts its output. */
  public static final String DIRECTORY = "META-INF/fabric8";

  /** The project's CRDs: {@code <plural>.fleetloop.io-v1.yml}. */
  public static final Pattern FLEETLOOP_CRDS =
      Pattern.compile("[a-z0-9-]+\\.fleetloop\\.io-v1\\.yml");

  private CrdResources() {}

  /** The project's CRDs found on the classpath of this class, sorted by file name. */
  public static List<CustomResourceDefinition> fleetloopCrds() {
    return load(CrdResources.class.getClassLoader(), FLEETLOOP_CRDS);
  }

  /** Every {@code META-INF/fabric8/*} resource whose file name matches {@code fileName}. */
  public static List<CustomResourceDefinition> load(ClassLoader loader, Pattern fileName) {
    TreeMap<String, URL> found = new TreeMap<>();
    try {
      Enumeration<URL> roots = loader.getResources(DIRECTORY);
      for (URL root : Collections.list(roots)) {
        list(root).stream()
            .filter(name -> fileName.matcher(name).matches())
            .forEach(
                name -> {
                  URL url = loader.getResource(DIRECTORY + "/" + name);
                  if (url != null) {
                    found.putIfAbsent(name, url);
                  }
                });
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot scan the classpath for " + DIRECTORY, e);
    }
    List<CustomResourceDefinition> crds = new ArrayList<>();
    found.forEach((name, url) -> crds.add(read(url)));
    return crds;
  }

  /** Reads one CRD from YAML or JSON. */
  public static CustomResourceDefinition read(URL url) {
    try (InputStream in = url.openStream()) {
      return Serialization.unmarshal(in, CustomResourceDefinition.class);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read CRD " + url, e);
    }
  }

  private static List<String> list(URL directory) throws IOException {
    List<String> names = new ArrayList<>();
    if ("jar".equals(directory.getProtocol())) {
      JarURLConnection connection = (JarURLConnection) directory.openConnection();
      connection.setUseCaches(false);
      try (JarFile jar = connection.getJarFile()) {
        for (JarEntry entry : Collections.list(jar.entries())) {
          String name = entry.getName();
          if (name.startsWith(DIRECTORY + "/") && !entry.isDirectory()) {
            String rest = name.substring(DIRECTORY.length() + 1);
            if (!rest.contains("/")) {
              names.add(rest);
            }
          }
        }
      }
    } else if ("file".equals(directory.getProtocol())) {
      try (Stream<Path> files = Files.list(Path.of(directory.toURI()))) {
        files.filter(Files::isRegularFile).forEach(p -> names.add(p.getFileName().toString()));
      } catch (URISyntaxException e) {
        throw new IOException("unexpected URL " + directory, e);
      }
    }
    return names;
  }
}
