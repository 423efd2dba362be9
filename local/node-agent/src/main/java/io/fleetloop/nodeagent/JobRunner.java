package io.fleetloop.nodeagent;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one Job the way the Job controller and a kubelet would, with local processes for pods:
 * {@code parallelism} pods at once until {@code completions} succeeded, or more than {@code
 * backoffLimit} failed. LOCAL STACK ONLY.
 */
final class JobRunner implements Runnable {

  /** Job Failed reason: the image has no local mapping. */
  static final String IMAGE_NOT_RUNNABLE = "ImageNotRunnable";

  /** Job Failed reason: the container's configuration cannot be resolved. */
  static final String CONFIG_ERROR = "CreateContainerConfigError";

  /** Job Failed reason: too many pods failed. */
  static final String BACKOFF_LIMIT_EXCEEDED = "BackoffLimitExceeded";

  private static final Logger log = LoggerFactory.getLogger(JobRunner.class);

  private final KubernetesClient client;
  private final Job job;
  private final Map<String, LocalImage> images;
  private final JobStatusWriter status;
  private final Clock clock;
  private final String context;
  private final List<Running> running = new ArrayList<>();
  private volatile boolean cancelled;

  private record Running(Pod pod, PodProcess process) {}

  JobRunner(KubernetesClient client, Job job, Map<String, LocalImage> images, Clock clock) {
    this.client = client;
    this.job = job;
    this.images = images;
    this.clock = clock;
    this.status = new JobStatusWriter(client, clock);
    this.context = job.getMetadata().getNamespace() + "/" + job.getMetadata().getName();
  }

  /** Stops the Job's pods (the Job was deleted); writes nothing. */
  void cancel() {
    cancelled = true;
    synchronized (running) {
      running.forEach(r -> r.process().kill());
    }
  }

  @Override
  public void run() {
    try {
      execute();
    } catch (RuntimeException e) {
      if (!cancelled) {
        log.error("[{}] running the Job failed", context, e);
      }
    }
  }

  private void execute() {
    Container container = job.getSpec().getTemplate().getSpec().getContainers().get(0);
    LocalImage image = images.get(container.getImage());
    if (image == null) {
      fail(
          IMAGE_NOT_RUNNABLE,
          "image %s cannot run locally: the node agent runs only %s"
              .formatted(container.getImage(), images.keySet()),
          new JobStatusWriter.Counts(0, 0, 0));
      return;
    }
    Optional<List<String>> entryArgs = image.entryPointArgs(container.getCommand());
    if (entryArgs.isEmpty()) {
      fail(
          IMAGE_NOT_RUNNABLE,
          ("image %s with command %s cannot run locally: the node agent runs the image's entry"
                  + " point only (a command `java ... %s [extra args]` runs it with the extra"
                  + " args)")
              .formatted(container.getImage(), container.getCommand(), image.mainClass()),
          new JobStatusWriter.Counts(0, 0, 0));
      return;
    }
    Map<String, String> env;
    try {
      env = env(container.getEnv());
    } catch (IllegalStateException e) {
      fail(CONFIG_ERROR, e.getMessage(), new JobStatusWriter.Counts(0, 0, 0));
      return;
    }
    int completions = Objects.requireNonNullElse(job.getSpec().getCompletions(), 1);
    int parallelism = Objects.requireNonNullElse(job.getSpec().getParallelism(), 1);
    int backoffLimit = Objects.requireNonNullElse(job.getSpec().getBackoffLimit(), 6);
    List<String> args = new ArrayList<>(entryArgs.get());
    args.addAll(Objects.requireNonNullElse(container.getArgs(), List.of()));
    status.started(job);
    log.info(
        "[{}] running {} as {} (completions {}, parallelism {}, backoffLimit {})",
        context,
        image.image(),
        image.mainClass(),
        completions,
        parallelism,
        backoffLimit);
    int succeeded = 0;
    int failed = 0;
    String lastFailure = null;
    while (!cancelled) {
      while (running.size() < parallelism && succeeded + running.size() < completions) {
        Running pod = startPod(image, args, env);
        if (pod == null) {
          return;
        }
        synchronized (running) {
          running.add(pod);
        }
      }
      status.counts(job, new JobStatusWriter.Counts(running.size(), succeeded, failed));
      CompletableFuture.anyOf(
              running.stream().map(r -> r.process().exit()).toArray(CompletableFuture[]::new))
          .join();
      if (cancelled) {
        return;
      }
      List<Running> exited;
      synchronized (running) {
        exited = running.stream().filter(r -> r.process().exit().isDone()).toList();
        running.removeAll(exited);
      }
      for (Running r : exited) {
        int code = r.process().exit().join();
        podFinished(r.pod(), code);
        if (code == 0) {
          succeeded++;
        } else {
          failed++;
          lastFailure =
              "pod %s exited with code %d".formatted(r.pod().getMetadata().getName(), code);
          log.warn("[{}] {}", context, lastFailure);
        }
      }
      if (failed > backoffLimit) {
        cancelRunning();
        fail(
            BACKOFF_LIMIT_EXCEEDED,
            "Job has reached the specified backoff limit (%d): %s"
                .formatted(backoffLimit, lastFailure),
            new JobStatusWriter.Counts(0, succeeded, failed));
        return;
      }
      if (succeeded >= completions) {
        status.complete(job, new JobStatusWriter.Counts(0, succeeded, failed));
        log.info("[{}] complete: {} pods succeeded, {} failed", context, succeeded, failed);
        return;
      }
    }
  }

  private void cancelRunning() {
    synchronized (running) {
      running.forEach(r -> r.process().kill());
      running.clear();
    }
  }

  private void fail(String reason, String message, JobStatusWriter.Counts counts) {
    if (cancelled) {
      return;
    }
    log.warn("[{}] failed ({}): {}", context, reason, message);
    status.failed(job, counts, reason, message);
  }

  private Running startPod(LocalImage image, List<String> args, Map<String, String> env) {
    String name = job.getMetadata().getName() + "-" + UUID.randomUUID().toString().substring(0, 5);
    Map<String, String> labels = new LinkedHashMap<>();
    if (job.getSpec().getTemplate().getMetadata() != null
        && job.getSpec().getTemplate().getMetadata().getLabels() != null) {
      labels.putAll(job.getSpec().getTemplate().getMetadata().getLabels());
    }
    labels.put("job-name", job.getMetadata().getName());
    Pod pod =
        new PodBuilder()
            .withNewMetadata()
            .withName(name)
            .withNamespace(job.getMetadata().getNamespace())
            .withLabels(labels)
            .addNewOwnerReference()
            .withApiVersion("batch/v1")
            .withKind("Job")
            .withName(job.getMetadata().getName())
            .withUid(job.getMetadata().getUid())
            .withController(true)
            .endOwnerReference()
            .endMetadata()
            .withSpec(job.getSpec().getTemplate().getSpec())
            .withStatus(
                new PodStatusBuilder()
                    .withPhase("Running")
                    .withStartTime(clock.instant().toString())
                    .build())
            .build();
    Pod created = writePod(pod, true);
    String podContext = context + "/" + name;
    try {
      PodProcess process = PodProcess.start(podContext, image.command(args), env);
      log.info("[{}] started", podContext);
      return new Running(created, process);
    } catch (java.io.IOException e) {
      podFinished(created, -1);
      fail(
          CONFIG_ERROR,
          "cannot start %s: %s".formatted(image.mainClass(), e.getMessage()),
          new JobStatusWriter.Counts(0, 0, 1));
      return null;
    }
  }

  private void podFinished(Pod pod, int exitCode) {
    pod.setStatus(
        new PodStatusBuilder(pod.getStatus())
            .withPhase(exitCode == 0 ? "Succeeded" : "Failed")
            .withContainerStatuses(
                new ContainerStatusBuilder()
                    .withName(pod.getSpec().getContainers().get(0).getName())
                    .withImage(pod.getSpec().getContainers().get(0).getImage())
                    .withReady(false)
                    .withState(
                        new ContainerStateBuilder()
                            .withNewTerminated()
                            .withExitCode(exitCode)
                            .withReason(exitCode == 0 ? "Completed" : "Error")
                            .withFinishedAt(clock.instant().toString())
                            .endTerminated()
                            .build())
                    .build())
            .build());
    writePod(pod, false);
  }

  /** Pods are a record for {@code kubectl get pods}; a failed write is logged, not fatal. */
  private Pod writePod(Pod pod, boolean create) {
    try {
      if (create) {
        return client.resource(pod).create();
      }
      Pod latest =
          client
              .pods()
              .inNamespace(pod.getMetadata().getNamespace())
              .withName(pod.getMetadata().getName())
              .get();
      if (latest != null) {
        latest.setStatus(pod.getStatus());
        return client.resource(latest).updateStatus();
      }
    } catch (RuntimeException e) {
      log.warn(
          "[{}] writing Pod {} failed: {}", context, pod.getMetadata().getName(), e.toString());
    }
    return pod;
  }

  private Map<String, String> env(List<EnvVar> vars) {
    Map<String, String> env = new LinkedHashMap<>();
    if (vars == null) {
      return env;
    }
    for (EnvVar v : vars) {
      if (v.getValueFrom() == null) {
        env.put(v.getName(), Objects.requireNonNullElse(v.getValue(), ""));
        continue;
      }
      SecretKeySelector ref = v.getValueFrom().getSecretKeyRef();
      if (ref == null) {
        throw new IllegalStateException(
            "env %s: only values and secretKeyRef can be resolved locally".formatted(v.getName()));
      }
      Secret secret =
          client
              .secrets()
              .inNamespace(job.getMetadata().getNamespace())
              .withName(ref.getName())
              .get();
      String value = null;
      if (secret != null
          && secret.getData() != null
          && secret.getData().get(ref.getKey()) != null) {
        value =
            new String(
                Base64.getDecoder().decode(secret.getData().get(ref.getKey())),
                StandardCharsets.UTF_8);
      } else if (secret != null && secret.getStringData() != null) {
        value = secret.getStringData().get(ref.getKey());
      }
      if (value == null) {
        if (Boolean.TRUE.equals(ref.getOptional())) {
          continue;
        }
        throw new IllegalStateException(
            "env %s: secret \"%s\" (key %s) not found in namespace %s"
                .formatted(
                    v.getName(), ref.getName(), ref.getKey(), job.getMetadata().getNamespace()));
      }
      env.put(v.getName(), value);
    }
    return env;
  }
}
