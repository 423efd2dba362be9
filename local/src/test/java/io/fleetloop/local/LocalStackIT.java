package io.fleetloop.local;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetloop.local.process.ProcessRef;
import java.util.EnumSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The shared stack: one instance per JVM, its state file, and its start-up report. */
class LocalStackIT {

  private static LocalStack stack;

  @BeforeAll
  static void startAll() {
    stack = LocalStack.shared(EnumSet.allOf(ComponentKind.class));
  }

  @Test
  void sharedStackIsStartedOncePerJvm() {
    assertThat(LocalStack.shared(ComponentKind.PULSAR)).isSameAs(stack);
    assertThat(LocalStack.shared(ComponentKind.KUBE_API, ComponentKind.S3)).isSameAs(stack);
  }

  @Test
  void stateFileRecordsLiveProcessesAndEndpoints() {
    StackState state = StackState.read(stack.dataDir()).orElseThrow();

    assertThat(state.launcher().pid()).isEqualTo(ProcessHandle.current().pid());
    assertThat(state.components()).containsOnlyKeys("kube-api", "postgres", "s3", "pulsar");
    assertThat(state.components().values()).allMatch(c -> "ready".equals(c.status()));
    assertThat(state.allProcesses()).allMatch(ProcessRef::alive);
    assertThat(state.components().get("pulsar").endpoints().get("serviceUrl"))
        .isEqualTo(stack.pulsar().serviceUrl());
    assertThat(state.kubeconfig()).isEqualTo(stack.kubeApi().kubeconfig().toString());
    assertThat(stack.kubeApi().kubeconfig()).exists();
  }

  @Test
  void reportNamesEveryComponentWithItsTimeAndMemory() {
    StartupReport report = stack.report();
    String table = report.format();
    System.out.print(table);

    assertThat(report.entries())
        .extracting(StartupReport.Entry::kind)
        .containsExactlyInAnyOrder(ComponentKind.values());
    assertThat(report.entries()).allMatch(e -> e.seconds() > 0);
    assertThat(report.entries())
        .filteredOn(e -> e.kind() != ComponentKind.KUBE_API)
        .allMatch(e -> e.rssBytes().orElse(0) > 10L * 1024 * 1024);
    assertThat(table).contains("pulsar", "postgres", "s3", "kube-api", "launcher");
  }
}
