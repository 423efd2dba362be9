package io.fleetloop.contract;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads YAML (multi-document) and JSON files into Jackson trees. Duplicate keys are an error, as
 * with the API server's strict decoding. Empty documents (a stray {@code ---}) are dropped.
 */
public final class YamlDocuments {

  private static final ObjectMapper YAML =
      YAMLMapper.builder().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  private YamlDocuments() {}

  /** The documents of a file: JSON when it ends in {@code .json}, YAML otherwise. */
  public static List<JsonNode> read(Path file) throws IOException {
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      boolean json = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".json");
      return readAll(json ? JSON : YAML, reader);
    }
  }

  /** The documents of a YAML (or JSON) stream. */
  public static List<JsonNode> read(InputStream in) throws IOException {
    return readAll(YAML, new InputStreamReader(in, StandardCharsets.UTF_8));
  }

  /** The documents of a YAML (or JSON) text. */
  public static List<JsonNode> parse(String text) throws IOException {
    return readAll(YAML, new StringReader(text));
  }

  /** One YAML (or JSON) document; fails when the text holds none or several. */
  public static JsonNode parseOne(String text) throws IOException {
    List<JsonNode> docs = parse(text);
    if (docs.size() != 1) {
      throw new IOException("expected one document, found " + docs.size());
    }
    return docs.get(0);
  }

  private static List<JsonNode> readAll(ObjectMapper mapper, Reader reader) throws IOException {
    List<JsonNode> docs = new ArrayList<>();
    try (MappingIterator<JsonNode> it = mapper.readerFor(JsonNode.class).readValues(reader)) {
      while (it.hasNextValue()) {
        JsonNode doc = it.nextValue();
        if (doc != null && !doc.isNull() && !doc.isMissingNode()) {
          docs.add(doc);
        }
      }
    }
    return docs;
  }
}
