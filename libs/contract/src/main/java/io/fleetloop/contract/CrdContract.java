package io.fleetloop.contract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleetloop.contract.CrdProblem.Severity;
import io.fleetloop.contract.Violation.Type;
import io.fleetloop.contract.cel.CompiledRules;
import io.fleetloop.contract.cel.RuleCompiler;
import io.fleetloop.contract.cel.RuleEvaluator;
import io.fleetloop.contract.crd.Crd;
import io.fleetloop.contract.crd.CrdLoader;
import io.fleetloop.contract.crd.Schema;
import io.fleetloop.contract.schema.ObjectMetaValidator;
import io.fleetloop.contract.schema.SchemaValidator;
import io.fleetloop.contract.schema.StructuralDefaulting;
import io.fleetloop.contract.schema.StructuralPruning;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The API contract a set of CRDs defines, checked the way kube-apiserver checks a create request:
 * strict decoding (unknown fields), metadata, defaulting, the OpenAPI v3 schema, then the CEL
 * {@code x-kubernetes-validations} rules. Also reports what the API server would reject in the CRDs
 * themselves ({@link #problems()}).
 *
 * <pre>{@code
 * CrdContract contract = CrdContract.fromClasspath();
 * List<Violation> violations = contract.validate(YamlDocuments.parseOne(yaml));
 * }</pre>
 *
 * <p>Immutable and thread-safe once built; building compiles every rule (about a second).
 */
public final class CrdContract {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  static final String RULES_NOT_CHECKED =
      "some validation rules were not checked because the object was invalid; correct the"
          + " existing errors to complete validation";

  private final List<Crd> crds;
  private final Map<String, VersionContract> versions = new LinkedHashMap<>();
  private final List<CrdProblem> problems = new ArrayList<>();

  private record VersionContract(Crd crd, Crd.Version version, RuleEvaluator rules) {}

  private CrdContract(List<Crd> crds) {
    this.crds = List.copyOf(crds);
    for (Crd crd : crds) {
      long storage = crd.versions().stream().filter(Crd.Version::storage).count();
      if (storage != 1) {
        problems.add(
            new CrdProblem(
                Severity.ERROR,
                crd.name(),
                "",
                "",
                "spec.versions",
                "must have exactly one storage version, has " + storage));
      }
      for (Crd.Version version : crd.versions()) {
        CompiledRules compiled = RuleCompiler.compile(crd, version);
        RuleEvaluator evaluator = new RuleEvaluator(compiled);
        problems.addAll(compiled.problems());
        problems.addAll(CrdChecks.check(crd, version, evaluator));
        versions.put(
            key(crd.group() + "/" + version.name(), crd.kind()),
            new VersionContract(crd, version, evaluator));
      }
    }
  }

  /** The Fleetloop CRDs on the classpath ({@code META-INF/fabric8/*.fleetloop.io-v1.yml}). */
  public static CrdContract fromClasspath() {
    return new CrdContract(CrdLoader.fleetloopCrdsOnClasspath());
  }

  /** The CRDs in these YAML files, or in every YAML file under these directories. */
  public static CrdContract load(Path... filesOrDirs) throws IOException {
    List<Crd> crds = new ArrayList<>();
    for (Path path : filesOrDirs) {
      crds.addAll(CrdLoader.read(path));
    }
    return new CrdContract(crds);
  }

  /** The CRDs in a YAML text (multi-document). */
  public static CrdContract parse(String yaml) throws IOException {
    return new CrdContract(CrdLoader.parse(yaml, "<yaml>"));
  }

  public static CrdContract of(List<Crd> crds) {
    return new CrdContract(crds);
  }

  public List<Crd> crds() {
    return crds;
  }

  public boolean isEmpty() {
    return crds.isEmpty();
  }

  /** The CRD that serves {@code kind} in {@code apiVersion} ({@code group/version}). */
  public Optional<Crd> crdFor(String apiVersion, String kind) {
    return Optional.ofNullable(versions.get(key(apiVersion, kind))).map(VersionContract::crd);
  }

  /** Whether one of the CRDs belongs to {@code group} (resources of other groups are not ours). */
  public boolean definesGroup(String group) {
    return crds.stream().anyMatch(c -> c.group().equals(group));
  }

  /** Whether one of the CRDs defines {@code kind}, in any group. */
  public boolean definesKind(String kind) {
    return crds.stream().anyMatch(c -> c.kind().equals(kind));
  }

  /** Everything wrong with the CRDs: errors the API server would reject them for, and warnings. */
  public List<CrdProblem> problems() {
    return List.copyOf(problems);
  }

  public List<CrdProblem> errors() {
    return problems.stream().filter(CrdProblem::isError).toList();
  }

  public List<CrdProblem> warnings() {
    return problems.stream().filter(p -> !p.isError()).toList();
  }

  /** Validates a resource given as nested maps and lists (e.g. from SnakeYAML or Jackson). */
  public List<Violation> validate(Map<String, ?> resource) {
    JsonNode tree = MAPPER.valueToTree(resource);
    return validate(tree);
  }

  /**
   * Validates one resource as the API server validates a create request; an empty list means it
   * would be accepted. The resource is not modified.
   */
  public List<Violation> validate(JsonNode resource) {
    if (resource == null || !resource.isObject()) {
      return List.of(
          new Violation(
              "",
              Type.TYPE_INVALID,
              Violation.render(resource),
              "a resource must be an object",
              "type"));
    }
    List<Violation> out = new ArrayList<>();
    String apiVersion = resource.path("apiVersion").asText("");
    String kind = resource.path("kind").asText("");
    if (apiVersion.isEmpty()) {
      out.add(new Violation("apiVersion", Type.REQUIRED, null, "", "apiVersion"));
    }
    if (kind.isEmpty()) {
      out.add(new Violation("kind", Type.REQUIRED, null, "", "kind"));
    }
    if (!out.isEmpty()) {
      return out;
    }
    VersionContract contract = versions.get(key(apiVersion, kind));
    if (contract == null) {
      return List.of(
          new Violation(
              "",
              Type.NOT_FOUND,
              null,
              "no matches for kind \"" + kind + "\" in version \"" + apiVersion + "\"",
              "kind"));
    }
    if (!contract.version().served()) {
      return List.of(
          new Violation(
              "",
              Type.NOT_FOUND,
              null,
              "version \"" + apiVersion + "\" of kind \"" + kind + "\" is not served",
              "served"));
    }
    Schema root = contract.version().schema();
    ObjectNode object = resource.deepCopy();
    ObjectMetaValidator.validate(object.get("metadata"), out);
    StructuralPruning.prune(object, root, out);
    StructuralDefaulting.apply(object, root);
    SchemaValidator.validateResource(object, root, out);
    if (out.stream().anyMatch(CrdContract::blocksRules)) {
      out.add(new Violation("", Type.INVALID, null, RULES_NOT_CHECKED, "x-kubernetes-validations"));
    } else {
      contract.rules().validateResource(object, root, out);
    }
    return List.copyOf(out);
  }

  /** Errors after which the API server does not run CEL rules (the types are not as declared). */
  private static boolean blocksRules(Violation v) {
    return v.type() == Type.TYPE_INVALID || v.type() == Type.UNSUPPORTED;
  }

  private static String key(String apiVersion, String kind) {
    return apiVersion + "|" + kind;
  }
}
