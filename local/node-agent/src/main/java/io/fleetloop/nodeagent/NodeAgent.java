package io.fleetloop.nodeagent;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * <strong>LOCAL STACK ONLY — never deploy this to a cluster.</strong> The in-memory API server of
 * the local stack has no nodes, no scheduler, no Job controller and no kubelet, so nothing would
 * ever run a Job there. This agent stands in for all four, for Jobs labelled as Fleetloop training
 * Jobs: it watches them, runs each Job's pods as local processes (a container image maps to a Java
 * main class on a classpath, {@link LocalImage}), and writes Pod objects and the Job's status
 * (active/succeeded/failed, startTime/completionTime, conditions Complete/Failed) back through the
 * API, honouring {@code parallelism}, {@code completions} and {@code backoffLimit}. An image it has
 * no mapping for fails the Job with reason {@code ImageNotRunnable}. The TrainingRun reconciler
 * cannot tell it from a real cluster: the same reconciler drives both.
 *
 * <p>Resource requests, node selectors and tolerations are ignored: every pod runs on this machine.
 * A Job found already started when the agent starts (its processes died with a previous agent) is
 * failed with reason {@code NodeLost}, as a real cluster fails the pods of a lost node.
 */
public final class NodeAgent implements AutoCloseable {

  /** Job Failed reason: the Job had started under an agent that is gone. */
  static final String NODE_LOST = "NodeLost";

  private static final Logger log = LoggerFactory.getLogger(NodeAgent.class);

  private final KubernetesClient client;
  private final NodeAgentSettings settings;
  private final Map<String, JobRunner> runners = new ConcurrentHashMap<>();
  private final Set<String> handled = ConcurrentHashMap.newKeySet();
  private final ExecutorService executor;
  private final SharedIndexInformer<Job> informer;

  private NodeAgent(KubernetesClient client, NodeAgentSettings settings) {
    this.client = client;
    this.settings = settings;
    AtomicInteger n = new AtomicInteger();
    this.executor =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "node-agent-job-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    var jobs = client.batch().v1().jobs();
    var scoped =
        settings.namespace().isPresent()
            ? jobs.inNamespace(settings.namespace().get())
            : jobs.inAnyNamespace();
    this.informer =
        scoped.withLabel(settings.labelKey(), settings.labelValue()).inform(new Handler(), 0);
  }

  /** Starts watching and running Jobs; the client stays the caller's. */
  public static NodeAgent start(KubernetesClient client, NodeAgentSettings settings) {
    NodeAgent agent = new NodeAgent(client, settings);
    log.warn(
        "LOCAL STACK ONLY: node agent runs Jobs labelled {}={} in {} as local processes (images {})",
        settings.labelKey(),
        settings.labelValue(),
        settings.namespace().map(ns -> "namespace " + ns).orElse("every namespace"),
        settings.images().keySet());
    return agent;
  }

  /** How many Jobs run now. */
  public int running() {
    return runners.size();
  }

  private final class Handler implements ResourceEventHandler<Job> {
    @Override
    public void onAdd(Job job) {
      consider(job);
    }

    @Override
    public void onUpdate(Job old, Job job) {
      consider(job);
    }

    @Override
    public void onDelete(Job job, boolean unknownFinalState) {
      handled.remove(job.getMetadata().getUid());
      JobRunner runner = runners.remove(job.getMetadata().getUid());
      if (runner != null) {
        log.info(
            "[{}/{}] deleted: stopping its pods",
            job.getMetadata().getNamespace(),
            job.getMetadata().getName());
        runner.cancel();
      }
    }
  }

  private void consider(Job job) {
    String uid = job.getMetadata().getUid();
    if (uid == null || finished(job) || !handled.add(uid)) {
      return;
    }
    if (job.getStatus() != null && job.getStatus().getStartTime() != null) {
      // started by an agent that is gone: its processes died with it
      new JobStatusWriter(client, settings.clock())
          .failed(
              job,
              new JobStatusWriter.Counts(0, 0, 0),
              NODE_LOST,
              "the node agent that ran this Job is gone; its pods were lost");
      return;
    }
    JobRunner runner = new JobRunner(client, job, settings.images(), settings.clock());
    runners.put(uid, runner);
    executor.submit(
        () -> {
          try {
            runner.run();
          } finally {
            runners.remove(uid, runner);
          }
        });
  }

  private static boolean finished(Job job) {
    return job.getStatus() != null
        && job.getStatus().getConditions() != null
        && job.getStatus().getConditions().stream()
            .anyMatch(
                c ->
                    ("Complete".equals(c.getType()) || "Failed".equals(c.getType()))
                        && "True".equals(c.getStatus()));
  }

  /** Stops watching and kills every pod process it started. */
  @Override
  public void close() {
    informer.stop();
    runners.values().forEach(JobRunner::cancel);
    runners.clear();
    executor.shutdownNow();
  }
}
