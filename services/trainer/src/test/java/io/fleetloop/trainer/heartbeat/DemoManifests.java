package io.fleetloop.trainer.heartbeat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fleetloop.chip.ChipArithmetic;
import io.fleetloop.chip.Rounding;
import io.fleetloop.edge.EdgeTrigger;
import io.fleetloop.edge.SpecValues;
import io.fleetloop.edge.TriggerSet;
import io.fleetloop.trainer.Precision;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The local demo's resources as {@code ./fleetloop up} applies them (manifests/demo), read from the
 * YAML so the heartbeat harness trains and samples with the demo's current numbers: the
 * DataTriggers the release's training template names, the template's phases, and the HardwarePools'
 * chip arithmetic.
 *
 * @param triggers the training template's triggers, as every demo vehicle runs them (canary 100%)
 * @param triggerNames their names, in template order
 * @param phases the template's phases, in order
 * @param retrainWhenNewSamples new labelled clips that make the loop train the next generation
 */
public record DemoManifests(
    TriggerSet triggers, List<String> triggerNames, List<Phase> phases, int retrainWhenNewSamples) {

  /**
   * One phase of the training template, with the chip arithmetic the operator passes the trainer
   * ({@code --rounding}, {@code --saturate}) from the phase's pool.
   */
  public record Phase(String name, Precision precision, int epochs, ChipArithmetic arithmetic) {}

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /** The demo's directory: {@code manifests/demo} of the checkout this test runs in. */
  public static Path directory() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null) {
      Path demo = dir.resolve("manifests").resolve("demo");
      if (Files.isDirectory(demo)) {
        return demo;
      }
      dir = dir.getParent();
    }
    throw new IllegalStateException(
        "manifests/demo not found above " + Path.of("").toAbsolutePath());
  }

  /** Reads the demo's resources from {@link #directory()}. */
  public static DemoManifests load() {
    Map<String, JsonNode> triggers = new HashMap<>();
    Map<String, JsonNode> pools = new HashMap<>();
    JsonNode release = null;
    try (Stream<Path> files = Files.list(directory())) {
      for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
        JsonNode doc = YAML.readTree(f.toFile());
        String kind = doc.path("kind").asText();
        String name = doc.path("metadata").path("name").asText();
        switch (kind) {
          case "DataTrigger" -> triggers.put(name, doc);
          case "HardwarePool" -> pools.put(name, doc);
          case "FleetRelease" -> release = doc;
          default -> {}
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the demo manifests: " + e.getMessage(), e);
    }
    if (release == null) {
      throw new IllegalStateException("no FleetRelease in " + directory());
    }
    JsonNode loop = release.path("spec").path("loop");
    JsonNode template = loop.path("trainingTemplate");
    List<String> names = new ArrayList<>();
    List<EdgeTrigger> edge = new ArrayList<>();
    for (JsonNode n : template.path("dataset").path("triggers")) {
      JsonNode t = triggers.get(n.asText());
      if (t == null) {
        throw new IllegalStateException("the training template names trigger " + n + ": not found");
      }
      names.add(n.asText());
      edge.add(trigger(t));
    }
    List<Phase> phases = new ArrayList<>();
    for (JsonNode p : template.path("phases")) {
      JsonNode arithmetic =
          pools
              .getOrDefault(p.path("pool").asText(), YAML.createObjectNode())
              .path("spec")
              .path("accelerator")
              .path("arithmetic");
      ChipArithmetic chip =
          new ChipArithmetic(
              Rounding.fromSpec(arithmetic.path("rounding").asText("HalfEven")),
              arithmetic.path("saturate").asBoolean(true));
      phases.add(
          new Phase(
              p.path("name").asText(),
              Precision.fromSpec(p.path("precision").asText()),
              p.path("epochs").asInt(),
              chip));
    }
    return new DemoManifests(
        TriggerSet.compile(edge),
        List.copyOf(names),
        List.copyOf(phases),
        loop.path("retrainWhenNewSamples").asInt());
  }

  private static EdgeTrigger trigger(JsonNode doc) {
    String ns = doc.path("metadata").path("namespace").asText();
    String name = doc.path("metadata").path("name").asText();
    JsonNode spec = doc.path("spec");
    EdgeTrigger.Builder b =
        EdgeTrigger.builder(EdgeTrigger.idOf(ns, name), spec.path("condition").asText())
            .priority(spec.path("priority").asInt(50))
            .samplingRate(spec.path("sampling").path("rate").asDouble(1.0));
    JsonNode budget = spec.path("budget");
    if (budget.has("clipsPerDevicePerDay")) {
      b.clipsPerDevicePerDay(budget.path("clipsPerDevicePerDay").asInt());
    }
    if (budget.has("bytesPerDevicePerDay")) {
      b.bytesPerDevicePerDay(SpecValues.bytes(budget.path("bytesPerDevicePerDay").asText()));
    }
    JsonNode window = spec.path("window");
    if (window.has("preRoll")) {
      b.preRoll(SpecValues.duration(window.path("preRoll").asText()));
    }
    if (window.has("postRoll")) {
      b.postRoll(SpecValues.duration(window.path("postRoll").asText()));
    }
    if (spec.has("cooldown")) {
      b.cooldown(SpecValues.duration(spec.path("cooldown").asText()));
    }
    return b.build();
  }
}
