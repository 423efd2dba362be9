package io.fleetloop.contract;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Parses one YAML document in tests. */
public final class TestYaml {

  private TestYaml() {}

  public static JsonNode parse(String yaml) {
    try {
      return YamlDocuments.parseOne(yaml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
