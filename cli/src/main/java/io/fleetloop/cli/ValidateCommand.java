package io.fleetloop.cli;

import io.fleetloop.contract.CrdContract;
import io.fleetloop.contract.CrdProblem;
import io.fleetloop.contract.ManifestValidator;
import io.fleetloop.contract.ValidationReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code fleetloop validate -f FILE|DIR [-o text|json]}: checks manifests against the Fleetloop
 * CRDs the way the API server would (unknown fields, metadata, defaults, OpenAPI schema, CEL
 * rules), without a cluster. Usable as a GitOps pre-commit hook: exit 1 when a resource would be
 * rejected, 2 when an input cannot be read.
 */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = {
      "Checks Kubernetes manifests against the Fleetloop CRDs as the API server would: unknown"
          + " fields, metadata, defaults, the OpenAPI schema and the CEL validation rules. No"
          + " cluster needed.",
      "Every YAML document (multi-document files too) and JSON file is checked; directories are"
          + " searched recursively for *.yaml, *.yml and *.json. Resources of other API groups"
          + " (Deployments, Kustomizations, ...) are reported as skipped."
    },
    exitCodeListHeading = "%nExit status:%n",
    exitCodeList = {
      "0:every Fleetloop resource is valid",
      "1:some resource would be rejected by the API server",
      "2:some input (or the CRDs) could not be read"
    })
public final class ValidateCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = {"-f", "--filename"},
      required = true,
      paramLabel = "FILE|DIR",
      description = "A manifest file or a directory of manifests; repeatable.")
  List<Path> paths;

  @Option(
      names = {"-o", "--output"},
      defaultValue = "text",
      paramLabel = "text|json",
      description = "Output format (default: ${DEFAULT-VALUE}).")
  String output;

  @Option(
      names = "--crds",
      paramLabel = "FILE|DIR",
      description =
          "Check against the CRDs in these files instead of the ones built into fleetloop;"
              + " repeatable.")
  List<Path> crds;

  @Override
  public Integer call() {
    if (!output.equals("text") && !output.equals("json")) {
      throw new ParameterException(
          spec.commandLine(), "--output must be text or json, not '" + output + "'");
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    CrdContract contract;
    try {
      contract = loadContract();
    } catch (IOException | UncheckedIOException | IllegalArgumentException e) {
      err.println("fleetloop validate: cannot read the CRDs: " + e.getMessage());
      err.flush();
      return 2;
    }
    if (contract.isEmpty()) {
      err.println("fleetloop validate: no CRDs found" + (crds == null ? " on the classpath" : ""));
      err.flush();
      return 2;
    }
    for (CrdProblem problem : contract.errors()) {
      err.println("fleetloop validate: the API server would reject this CRD: " + problem);
    }
    err.flush();
    ValidationReport report = new ManifestValidator(contract).validate(paths);
    out.print(output.equals("json") ? report.toJson() : report.toText());
    out.flush();
    return report.exitCode();
  }

  private CrdContract loadContract() throws IOException {
    if (crds == null || crds.isEmpty()) {
      return CrdContract.fromClasspath();
    }
    return CrdContract.load(crds.toArray(Path[]::new));
  }
}
