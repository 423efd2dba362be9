package io.fleetloop.cli;

import com.fasterxml.jackson.databind.SerializationFeature;
import io.fleetloop.audit.api.AuditJson;
import io.fleetloop.audit.api.event.Measurement;
import io.fleetloop.audit.api.query.ClipLineage;
import io.fleetloop.audit.api.query.ClipRef;
import io.fleetloop.audit.api.query.CohortRef;
import io.fleetloop.audit.api.query.DatasetLineage;
import io.fleetloop.audit.api.query.Decision;
import io.fleetloop.audit.api.query.ModelLineage;
import io.fleetloop.audit.api.query.PhaseRef;
import io.fleetloop.audit.api.query.ReleaseHistory;
import io.fleetloop.audit.api.query.RunRef;
import io.fleetloop.audit.api.query.TimelineEntry;
import io.fleetloop.audit.api.query.VerifyReport;
import io.fleetloop.audit.client.AuditClient;
import io.fleetloop.audit.client.AuditException;
import io.fleetloop.audit.grpc.LineageRequest;
import io.fleetloop.audit.grpc.LineageResponse;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code fleetloop audit}: asks the audit service (the event-sourced log of every decision the loop
 * made) for a resource's timeline, lineage answers, or a verification of the hash chain.
 */
@Command(
    name = "audit",
    mixinStandardHelpOptions = true,
    description = "Query and verify the audit log: timeline, lineage, verify.",
    subcommands = {
      AuditCommand.Timeline.class,
      AuditCommand.Lineage.class,
      AuditCommand.Verify.class
    })
public final class AuditCommand implements Runnable {

  /** Default endpoint of the audit query service. */
  public static final String DEFAULT_ENDPOINT = "127.0.0.1:7443";

  @Option(
      names = "--endpoint",
      paramLabel = "HOST:PORT",
      description =
          "The audit service's query endpoint (default: $FLEETLOOP_AUDIT_ENDPOINT or "
              + DEFAULT_ENDPOINT
              + ").",
      scope = picocli.CommandLine.ScopeType.INHERIT)
  String endpoint;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      description = "text (default) or json.",
      scope = picocli.CommandLine.ScopeType.INHERIT)
  String output = "text";

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  String endpoint() {
    if (endpoint != null) {
      return endpoint;
    }
    String env = System.getenv("FLEETLOOP_AUDIT_ENDPOINT");
    return env == null || env.isBlank() ? DEFAULT_ENDPOINT : env;
  }

  boolean json() {
    if (!"json".equals(output) && !"text".equals(output)) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "-o must be text or json, not " + output);
    }
    return "json".equals(output);
  }

  static String pretty(Object value) {
    try {
      return AuditJson.mapper()
          .writer(SerializationFeature.INDENT_OUTPUT)
          .writeValueAsString(value);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static int failed(PrintWriter err, AuditException e) {
    err.println("audit: " + e.getMessage());
    return "NOT_FOUND".equals(e.code()) ? 1 : 3;
  }

  /** {@code fleetloop audit timeline STREAM}. */
  @Command(
      name = "timeline",
      mixinStandardHelpOptions = true,
      description = "The history of one resource, oldest first.",
      exitCodeListHeading = "%nExit status:%n",
      exitCodeList = {"0:ok", "3:the audit service refused or is unreachable"})
  static final class Timeline implements Callable<Integer> {
    @ParentCommand AuditCommand parent;
    @Spec CommandSpec spec;

    @Parameters(
        paramLabel = "STREAM",
        description =
            "e.g. fleetrelease/prod/model-y-na, datatrigger/fleet/fog, trainingrun/ml/g4,"
                + " hardwarepool/edge-hw4, dataset/<snapshot>, device/<id>")
    String stream;

    @Option(names = "--after", description = "Only events after this global index.")
    long after;

    @Option(names = "--limit", description = "At most this many events (default 1000).")
    int limit;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      boolean json = parent.json();
      try (AuditClient client = AuditClient.connect(parent.endpoint())) {
        List<TimelineEntry> entries = client.timeline(stream, after, limit);
        if (json) {
          out.println(pretty(entries));
        } else if (entries.isEmpty()) {
          out.println("no events for " + stream);
        } else {
          for (TimelineEntry e : entries) {
            out.printf(
                Locale.ROOT,
                "%6d  %s  #%-3d %-22s %s%s%n",
                e.globalIndex(),
                e.timestamp(),
                e.sequence(),
                e.eventType(),
                e.summary(),
                e.actor() == null ? "" : "  (" + e.actor() + ")");
          }
        }
        return 0;
      } catch (AuditException e) {
        return failed(spec.commandLine().getErr(), e);
      }
    }
  }

  /** {@code fleetloop audit lineage dataset|model|release|clip ID}. */
  @Command(
      name = "lineage",
      mixinStandardHelpOptions = true,
      description = {
        "Lineage questions:",
        "  --dataset dataset/<snapshot>   which clips and triggers fed it, which runs used it",
        "  --model <version>              which runs and datasets produced it, which cohorts ran it",
        "  --release fleetrelease/<ns>/<name>  why it moved, paused, promoted or rolled back",
        "  --clip <clip-id>               which datasets and models it fed"
      },
      exitCodeListHeading = "%nExit status:%n",
      exitCodeList = {"0:answered", "1:not in the log", "3:refused or unreachable"})
  static final class Lineage implements Callable<Integer> {
    @ParentCommand AuditCommand parent;
    @Spec CommandSpec spec;

    @ArgGroup(multiplicity = "1")
    Subject subject;

    static final class Subject {
      @Option(names = "--dataset", paramLabel = "ID")
      String dataset;

      @Option(names = "--model", paramLabel = "VERSION")
      String model;

      @Option(names = "--release", paramLabel = "ID")
      String release;

      @Option(names = "--clip", paramLabel = "ID")
      String clip;
    }

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      boolean json = parent.json();
      LineageRequest.Builder request = LineageRequest.newBuilder();
      if (subject.dataset != null) {
        request.setDataset(subject.dataset);
      } else if (subject.model != null) {
        request.setModel(subject.model);
      } else if (subject.release != null) {
        request.setRelease(subject.release);
      } else {
        request.setClip(subject.clip);
      }
      try (AuditClient client = AuditClient.connect(parent.endpoint())) {
        LineageResponse response = client.lineage(request.build());
        if (json) {
          out.println(pretty(AuditJson.mapper().readTree(response.getJson())));
          return 0;
        }
        var mapper = AuditJson.mapper();
        switch (response.getKind()) {
          case "DatasetLineage" ->
              print(out, mapper.readValue(response.getJson(), DatasetLineage.class));
          case "ModelLineage" ->
              print(out, mapper.readValue(response.getJson(), ModelLineage.class));
          case "ReleaseHistory" ->
              print(out, mapper.readValue(response.getJson(), ReleaseHistory.class));
          case "ClipLineage" -> print(out, mapper.readValue(response.getJson(), ClipLineage.class));
          default -> out.println(response.getJson());
        }
        return 0;
      } catch (AuditException e) {
        return failed(spec.commandLine().getErr(), e);
      }
    }
  }

  /** {@code fleetloop audit verify [STREAM]}. */
  @Command(
      name = "verify",
      mixinStandardHelpOptions = true,
      description =
          "Re-computes the hash chain (the whole log, or one stream) and names the first"
              + " event that does not verify.",
      exitCodeListHeading = "%nExit status:%n",
      exitCodeList = {
        "0:intact",
        "2:tampered: the first broken event is named",
        "3:refused or unreachable"
      })
  static final class Verify implements Callable<Integer> {
    @ParentCommand AuditCommand parent;
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "STREAM", arity = "0..1", description = "Only this stream's chain.")
    String stream;

    @Override
    public Integer call() {
      PrintWriter out = spec.commandLine().getOut();
      boolean json = parent.json();
      try (AuditClient client = AuditClient.connect(parent.endpoint())) {
        VerifyReport r = client.verify(stream);
        if (json) {
          out.println(pretty(r));
        } else if (r.intact()) {
          out.printf(
              Locale.ROOT,
              "intact: %,d events verified; head %d %s%n",
              r.eventsChecked(),
              r.headGlobalIndex(),
              r.headHash());
        } else {
          VerifyReport.Break b = r.firstBreak();
          out.printf(
              Locale.ROOT,
              "TAMPERED: first broken event is #%d (%s sequence %d, %s): %s%n  %s%n"
                  + "  the %,d events before it verify (head %d %s)%n",
              b.globalIndex(),
              b.streamId(),
              b.sequence(),
              b.eventType(),
              b.problem(),
              b.detail(),
              r.eventsChecked() - 1,
              r.headGlobalIndex(),
              r.headHash());
        }
        return r.intact() ? 0 : 2;
      } catch (AuditException e) {
        return failed(spec.commandLine().getErr(), e);
      }
    }
  }

  // ---- text rendering ----

  static void print(PrintWriter out, DatasetLineage d) {
    out.printf("%s: %d clips, cut %s%n", d.datasetId(), d.clipCount(), d.cutAt());
    out.printf("  manifest %s (%s)%n", d.manifestUri(), d.manifestDigest());
    out.println("  triggers:");
    for (Map.Entry<String, Long> t : d.triggers().entrySet()) {
      out.printf("    %-40s %d clips%n", t.getKey(), t.getValue());
    }
    out.printf("  clips (%d listed):%n", d.clips().size());
    for (ClipRef c : d.clips()) {
      out.printf(
          "    %-24s %-18s %-36s %s%n",
          c.clipId(), nz(c.deviceId()), nz(c.triggerId()), nz(c.modelVersion()));
    }
    out.println("  trained: " + (d.trainingRuns().isEmpty() ? "-" : d.trainingRuns()));
  }

  static void print(PrintWriter out, ModelLineage m) {
    out.printf("%s: %s (%s)%n", m.modelVersion(), nz(m.artifact()), nz(m.digest()));
    out.println("  produced by:");
    for (RunRef r : m.producedBy()) {
      out.printf(
          "    %s -> %s from %s on %s [%s, %s]%n",
          r.runId(),
          r.modelVersion(),
          r.baseVersion() == null ? "scratch" : r.baseVersion(),
          nz(r.datasetId()),
          nz(r.outcome()),
          nz(r.validation()));
      for (PhaseRef p : r.phases()) {
        out.printf(
            "      %-14s %-12s %-5s %s %s%n",
            p.phase(),
            nz(p.pool()),
            nz(p.precision()),
            p.succeeded() == null ? "running" : p.succeeded() ? "ok" : "failed",
            p.metrics());
      }
    }
    out.println("  ran in:");
    for (CohortRef c : m.ranIn()) {
      printCohort(out, c);
    }
  }

  static void print(PrintWriter out, ReleaseHistory r) {
    out.printf(
        "%s: %s, stable %s, candidate %s, stage %d%n",
        r.releaseId(), r.state(), nz(r.stableVersion()), nz(r.candidateVersion()), r.stage());
    out.println("  cohorts:");
    for (CohortRef c : r.cohorts()) {
      printCohort(out, c);
    }
    out.println("  decisions:");
    for (Decision d : r.decisions()) {
      out.printf(
          "    #%d %s %s %s%s%n",
          d.globalIndex(),
          d.at(),
          d.event(),
          nz(d.version()),
          d.toStage() == null ? "" : " stage " + d.fromStage() + " -> " + d.toStage());
      if (d.rule() != null) {
        out.println("       rule:   " + d.rule());
      }
      if (d.reason() != null) {
        out.println("       reason: " + d.reason());
      }
      for (Measurement m : d.measured()) {
        out.printf(
            Locale.ROOT,
            "       %-8s %,.0f km, %d interventions, %.3f/1000 km [%.3f, %.3f] vs %.3f: %s%n",
            m.condition(),
            m.km(),
            m.interventions(),
            m.rate(),
            m.ciLow(),
            m.ciHigh(),
            m.baselineRate(),
            m.verdict());
      }
    }
  }

  static void print(PrintWriter out, ClipLineage c) {
    ClipRef clip = c.clip();
    out.printf(
        "%s: device %s, trigger %s, model %s, captured %s%n",
        clip.clipId(),
        nz(clip.deviceId()),
        nz(clip.triggerId()),
        nz(clip.modelVersion()),
        clip.capturedAt() == null ? "-" : clip.capturedAt());
    out.println("  datasets: " + (c.datasets().isEmpty() ? "-" : c.datasets()));
    out.println("  models:   " + (c.models().isEmpty() ? "-" : c.models()));
  }

  private static void printCohort(PrintWriter out, CohortRef c) {
    out.printf(
        "    %-36s %-9s %-10s stage %2d %3d%% (%d devices) %s .. %s %s%n",
        c.releaseId(),
        c.role(),
        nz(c.cohort()),
        c.stage(),
        c.percent(),
        c.devices(),
        c.since(),
        c.until() == null ? "now" : c.until(),
        nz(c.outcome()));
  }

  private static String nz(String s) {
    return s == null ? "-" : s;
  }
}
