package io.fleetloop.contract;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.fleetloop.contract.DocumentResult.Outcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Validates manifest files (YAML, multi-document, or JSON) against a {@link CrdContract}: every
 * document of a file, every {@code .yaml}/{@code .yml}/{@code .json} file under a directory (hidden
 * ones excepted), and the items of a {@code kind: List}. Documents of groups the contract does not
 * define are skipped, not failed. Used by {@code fleetloop validate} and by tests.
 */
public final class ManifestValidator {

  private final CrdContract contract;

  public ManifestValidator(CrdContract contract) {
    this.contract = contract;
  }

  public ValidationReport validate(Path... filesOrDirs) {
    return validate(List.of(filesOrDirs));
  }

  public ValidationReport validate(List<Path> filesOrDirs) {
    List<DocumentResult> results = new ArrayList<>();
    for (Path path : filesOrDirs) {
      if (Files.isDirectory(path)) {
        List<Path> files;
        try {
          files = manifestsUnder(path);
        } catch (IOException e) {
          results.add(DocumentResult.unreadable(path.toString(), "cannot list directory: " + e));
          continue;
        }
        files.forEach(f -> results.addAll(validateFile(f)));
      } else {
        results.addAll(validateFile(path));
      }
    }
    return new ValidationReport(results);
  }

  /** Validates the documents of one file. */
  public List<DocumentResult> validateFile(Path file) {
    List<JsonNode> docs;
    try {
      docs = YamlDocuments.read(file);
    } catch (NoSuchFileException e) {
      return List.of(DocumentResult.unreadable(file.toString(), "no such file or directory"));
    } catch (JsonProcessingException e) {
      return List.of(
          DocumentResult.unreadable(
              file.toString(), "cannot parse: " + e.getOriginalMessage() + location(e)));
    } catch (IOException e) {
      return List.of(DocumentResult.unreadable(file.toString(), "cannot read: " + e.getMessage()));
    }
    List<DocumentResult> results = new ArrayList<>();
    for (int i = 0; i < docs.size(); i++) {
      JsonNode doc = docs.get(i);
      if (isList(doc)) {
        JsonNode items = doc.path("items");
        for (int j = 0; j < items.size(); j++) {
          results.add(validateDocument(file.toString(), i + 1, j, items.get(j)));
        }
      } else {
        results.add(validateDocument(file.toString(), i + 1, -1, doc));
      }
    }
    return results;
  }

  /** Validates one parsed document. */
  public DocumentResult validateDocument(String file, int document, int item, JsonNode doc) {
    String apiVersion = text(doc, "apiVersion");
    String kind = text(doc, "kind");
    String name = text(doc.path("metadata"), "name");
    if (name == null && text(doc.path("metadata"), "generateName") != null) {
      name = text(doc.path("metadata"), "generateName") + "*";
    }
    String namespace = text(doc.path("metadata"), "namespace");
    if (!isOurs(doc, apiVersion, kind)) {
      String note =
          !doc.isObject() || apiVersion == null || kind == null
              ? "not a Kubernetes resource: no apiVersion and kind"
              : apiVersion + " is not a group of the loaded CRDs";
      return new DocumentResult(
          file,
          document,
          item,
          apiVersion,
          kind,
          name,
          namespace,
          Outcome.SKIPPED,
          List.of(),
          note);
    }
    List<Violation> violations = contract.validate(doc);
    return new DocumentResult(
        file,
        document,
        item,
        apiVersion,
        kind,
        name,
        namespace,
        violations.isEmpty() ? Outcome.VALID : Outcome.INVALID,
        violations,
        null);
  }

  private boolean isOurs(JsonNode doc, String apiVersion, String kind) {
    if (!doc.isObject()) {
      return false;
    }
    if (apiVersion == null) {
      return kind != null && contract.definesKind(kind);
    }
    int slash = apiVersion.indexOf('/');
    return contract.definesGroup(slash < 0 ? "" : apiVersion.substring(0, slash));
  }

  private static boolean isList(JsonNode doc) {
    return doc.isObject()
        && "v1".equals(text(doc, "apiVersion"))
        && "List".equals(text(doc, "kind"))
        && doc.path("items").isArray();
  }

  private static List<Path> manifestsUnder(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      return files
          .filter(Files::isRegularFile)
          .filter(f -> !isHidden(dir.relativize(f)))
          .filter(ManifestValidator::isManifest)
          .sorted()
          .toList();
    }
  }

  private static boolean isHidden(Path relative) {
    for (Path part : relative) {
      if (part.toString().startsWith(".")) {
        return true;
      }
    }
    return false;
  }

  private static boolean isManifest(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    return name.endsWith(".yaml") || name.endsWith(".yml") || name.endsWith(".json");
  }

  private static String location(JsonProcessingException e) {
    return e.getLocation() == null
        ? ""
        : " (line "
            + e.getLocation().getLineNr()
            + ", column "
            + e.getLocation().getColumnNr()
            + ")";
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value != null && value.isTextual() ? value.textValue() : null;
  }
}
