package io.fleetloop.nodeagent;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One pod's container as a local process; its output goes to the log with the pod's context. */
final class PodProcess {

  private static final Logger log = LoggerFactory.getLogger("fleetloop.node-agent.pod");

  private final String context;
  private final Process process;
  private final CompletableFuture<Integer> exit = new CompletableFuture<>();

  private PodProcess(String context, Process process) {
    this.context = context;
    this.process = process;
  }

  /** Starts {@code command} with {@code env} added to the agent's environment. */
  static PodProcess start(String context, List<String> command, Map<String, String> env)
      throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(env);
    PodProcess pod = new PodProcess(context, builder.start());
    Thread pump = new Thread(pod::pump, "pod-output-" + context);
    pump.setDaemon(true);
    pump.start();
    return pod;
  }

  private void pump() {
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        log.info("[{}] {}", context, line);
      }
    } catch (IOException e) {
      log.debug("[{}] output closed: {}", context, e.toString());
    }
    try {
      exit.complete(process.waitFor());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      exit.complete(-1);
    }
  }

  /** Completes with the exit code. */
  CompletableFuture<Integer> exit() {
    return exit;
  }

  /** Kills the process (and its children); waits up to 5 s. */
  void kill() {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    try {
      process.waitFor(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
