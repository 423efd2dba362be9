package io.fleetloop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetloop.audit.api.AuditJson;
import io.fleetloop.audit.api.event.Measurement;
import io.fleetloop.audit.api.query.Decision;
import io.fleetloop.audit.api.query.ReleaseHistory;
import io.fleetloop.audit.grpc.AuditQueryGrpc;
import io.fleetloop.audit.grpc.LineageRequest;
import io.fleetloop.audit.grpc.LineageResponse;
import io.fleetloop.audit.grpc.VerifyRequest;
import io.fleetloop.audit.grpc.VerifyResponse;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * How {@code fleetloop audit} prints answers and sets its exit status, against a scripted query
 * service on loopback (the real service is exercised in the audit service's integration tests).
 */
class AuditCommandTest {

  private Server server;

  @BeforeEach
  void start() throws Exception {
    server =
        ServerBuilder.forPort(0)
            .addService(
                new AuditQueryGrpc.AuditQueryImplBase() {
                  @Override
                  public void verify(VerifyRequest request, StreamObserver<VerifyResponse> out) {
                    out.onNext(
                        VerifyResponse.newBuilder()
                            .setIntact(false)
                            .setEventsChecked(8)
                            .setHeadGlobalIndex(7)
                            .setHeadHash("ab12")
                            .setFirstBreak(
                                VerifyResponse.Break.newBuilder()
                                    .setGlobalIndex(8)
                                    .setStreamId("fleetrelease/prod/r")
                                    .setSequence(2)
                                    .setEventType("StageAdvanced")
                                    .setProblem("ContentMismatch")
                                    .setDetail("the stored columns hash to ..."))
                            .build());
                    out.onCompleted();
                  }

                  @Override
                  public void lineage(LineageRequest request, StreamObserver<LineageResponse> out) {
                    if (!request.getRelease().equals("fleetrelease/prod/r")) {
                      out.onError(Status.NOT_FOUND.withDescription("no such").asException());
                      return;
                    }
                    ReleaseHistory history =
                        new ReleaseHistory(
                            "fleetrelease/prod/r",
                            "g3",
                            null,
                            -1,
                            "RolledBack",
                            List.of(),
                            List.of(
                                new Decision(
                                    9,
                                    Instant.parse("2026-11-21T10:00:00Z"),
                                    "ReleaseRolledBack",
                                    "g4",
                                    2,
                                    null,
                                    List.of(
                                        new Measurement(
                                            "fog", 310, 3, 9.7, 2.0, 28.2, 0.45, "Fail")),
                                    "ciLow 2.0 > baseline 0.45",
                                    "InterventionRateRegressed")));
                    out.onNext(
                        LineageResponse.newBuilder()
                            .setKind("ReleaseHistory")
                            .setJson(AuditJson.write(history))
                            .build());
                    out.onCompleted();
                  }
                })
            .build()
            .start();
  }

  @AfterEach
  void stop() {
    server.shutdownNow();
  }

  private record Run(int status, String out, String err) {}

  private Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cli = new CommandLine(new AuditCommand());
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    String[] all = new String[args.length + 2];
    all[0] = "--endpoint";
    all[1] = "127.0.0.1:" + server.getPort();
    System.arraycopy(args, 0, all, 2, args.length);
    return new Run(cli.execute(all), out.toString(), err.toString());
  }

  @Test
  void verifyNamesTheFirstBrokenEventAndExitsTwo() {
    Run r = run("verify");
    assertThat(r.status()).isEqualTo(2);
    assertThat(r.out())
        .contains("TAMPERED")
        .contains("#8")
        .contains("fleetrelease/prod/r")
        .contains("ContentMismatch");
    Run json = run("verify", "-o", "json");
    assertThat(json.out()).contains("\"intact\" : false").contains("\"globalIndex\" : 8");
  }

  @Test
  void lineageExplainsARollbackWithTheRuleAndTheMeasuredValues() {
    Run r = run("lineage", "--release", "fleetrelease/prod/r");
    assertThat(r.status()).isZero();
    assertThat(r.out())
        .contains("RolledBack")
        .contains("rule:   ciLow 2.0 > baseline 0.45")
        .contains("reason: InterventionRateRegressed")
        .contains("fog")
        .contains("9.700/1000 km");
    assertThat(run("lineage", "--release", "fleetrelease/prod/r", "-o", "json").out())
        .contains("\"decisions\"");
  }

  @Test
  void unknownSubjectsExitOne() {
    Run r = run("lineage", "--release", "fleetrelease/prod/other");
    assertThat(r.status()).isEqualTo(1);
    assertThat(r.err()).contains("NOT_FOUND");
  }
}
