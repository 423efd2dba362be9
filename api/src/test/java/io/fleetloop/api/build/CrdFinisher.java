package io.fleetloop.api.build;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.client.CustomResource;
import io.fleetloop.api.v1alpha1.DataTrigger;
import io.fleetloop.api.v1alpha1.FleetRelease;
import io.fleetloop.api.v1alpha1.HardwarePool;
import io.fleetloop.api.v1alpha1.TrainingRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Build step run after the Fabric8 CRD generator (phase {@code process-test-classes}): it puts the
 * printer columns in the order they are declared on the class (the generator sorts them by JSON
 * path, which would show {@code AGE} first) and writes each CRD with a stable header. The result,
 * in {@code target/classes/META-INF/fabric8/}, is what the jar ships and what {@code crds/} must
 * equal ({@code GeneratedCrdsUpToDateTest}).
 */
public final class CrdFinisher {

  public static final List<Class<? extends CustomResource<?, ?>>> KINDS =
      List.of(DataTrigger.class, HardwarePool.class, TrainingRun.class, FleetRelease.class);

  static final String HEADER =
      "# Generated from the Java classes in api/ by the Fabric8 CRD generator. Do not edit:\n"
          + "# change the classes and run ./mvnw -pl api verify -Dfleetloop.regenerate=true\n";

  private static final ObjectMapper YAML =
      new ObjectMapper(
          new YAMLFactory()
              .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
              .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
              .disable(YAMLGenerator.Feature.SPLIT_LINES));

  private CrdFinisher() {}

  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args.length > 0 ? args[0] : "target/classes/META-INF/fabric8");
    for (Class<? extends CustomResource<?, ?>> kind : KINDS) {
      Path file = dir.resolve(fileName(kind));
      String finished = finish(Files.readString(file), kind);
      Files.writeString(file, finished);
    }
  }

  public static String fileName(Class<? extends CustomResource<?, ?>> kind) {
    return CustomResource.getCRDName(kind) + "-v1.yml";
  }

  static String finish(String generatedYaml, Class<?> kind) throws IOException {
    JsonNode crd = YAML.readTree(generatedYaml);
    AdditionalPrinterColumn[] declared = kind.getAnnotationsByType(AdditionalPrinterColumn.class);
    for (JsonNode version : crd.path("spec").path("versions")) {
      JsonNode columns = version.path("additionalPrinterColumns");
      if (!columns.isArray()) {
        continue;
      }
      List<JsonNode> ordered = new ArrayList<>();
      for (AdditionalPrinterColumn column : declared) {
        for (JsonNode generated : columns) {
          if (generated.path("name").asText().equals(column.name())) {
            ordered.add(generated);
          }
        }
      }
      if (ordered.size() != columns.size()) {
        throw new IllegalStateException(
            kind.getSimpleName() + ": printer columns do not match the annotations");
      }
      ArrayNode replacement = ((ObjectNode) version).putArray("additionalPrinterColumns");
      ordered.forEach(replacement::add);
    }
    return HEADER + YAML.writeValueAsString(crd);
  }
}
