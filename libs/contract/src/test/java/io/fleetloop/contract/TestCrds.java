package io.fleetloop.contract;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Small CRDs for unit tests: a namespaced kind {@code Widget} in {@code example.io/v1} whose {@code
 * spec} schema the test writes, and resources of it.
 */
final class TestCrds {

  static final String API_VERSION = "example.io/v1";

  private TestCrds() {}

  /** A CRD whose {@code spec} has the given schema (YAML, as at column 0). */
  static String widgetCrd(String specSchema) {
    return """
        apiVersion: apiextensions.k8s.io/v1
        kind: CustomResourceDefinition
        metadata:
          name: widgets.example.io
        spec:
          group: example.io
          names:
            kind: Widget
            plural: widgets
            singular: widget
            shortNames: [wdg]
            categories: [examples]
          scope: Namespaced
          versions:
          - name: v1
            served: true
            storage: true
            subresources:
              status: {}
            additionalPrinterColumns:
            - name: Size
              type: integer
              jsonPath: .spec.size
            - name: Age
              type: date
              jsonPath: .metadata.creationTimestamp
            schema:
              openAPIV3Schema:
                type: object
                properties:
                  spec:
        %s
                  status:
                    type: object
                    x-kubernetes-preserve-unknown-fields: true
        """
        .formatted(indent(specSchema, 12));
  }

  /** The contract of a Widget CRD with this spec schema. */
  static CrdContract widgets(String specSchema) {
    try {
      return CrdContract.parse(widgetCrd(specSchema));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A Widget named {@code w} with this spec (YAML, as at column 0). */
  static JsonNode widget(String spec) {
    return yaml(
        """
        apiVersion: example.io/v1
        kind: Widget
        metadata:
          name: w
        spec:
        %s
        """
            .formatted(indent(spec, 2)));
  }

  static JsonNode yaml(String text) {
    try {
      return YamlDocuments.parseOne(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The violations of a Widget with this spec, as the API server prints them. */
  static List<String> violations(CrdContract contract, String spec) {
    return contract.validate(widget(spec)).stream().map(Violation::toString).toList();
  }

  static String indent(String text, int spaces) {
    return text.strip()
        .lines()
        .map(l -> " ".repeat(spaces) + l)
        .reduce((a, b) -> a + "\n" + b)
        .orElse("");
  }
}
