package io.fleetloop.nodeagent;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.jdkhttp.JdkHttpClientFactory;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * LOCAL STACK ONLY: runs a {@link NodeAgent} against the cluster of {@code KUBECONFIG} until
 * stopped.
 *
 * <pre>
 * java -cp NODE_AGENT_CP io.fleetloop.nodeagent.NodeAgentMain \
 *     --classpath TRAINER_CP \
 *     --image ghcr.io/fleetloop/trainer:0.1.0=io.fleetloop.trainer.TrainerMain \
 *     [--namespace NS]
 * </pre>
 */
public final class NodeAgentMain {

  private NodeAgentMain() {}

  public static void main(String[] args) throws InterruptedException {
    String classpath = null;
    String namespace = null;
    java.util.List<String> images = new java.util.ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String value = i + 1 < args.length ? args[i + 1] : null;
      switch (args[i]) {
        case "--classpath" -> classpath = value;
        case "--image" -> images.add(value);
        case "--namespace" -> namespace = value;
        default -> usage("unknown argument " + args[i]);
      }
      if (value == null) {
        usage(args[i] + " needs a value");
      }
      i++;
    }
    if (classpath == null || images.isEmpty()) {
      usage("--classpath and at least one --image are required");
    }
    Map<String, LocalImage> mapped = new LinkedHashMap<>();
    for (String image : images) {
      LocalImage local = LocalImage.parse(image, classpath);
      mapped.put(local.image(), local);
    }
    NodeAgentSettings settings = NodeAgentSettings.training(mapped);
    if (namespace != null) {
      settings = settings.inNamespace(namespace);
    }
    KubernetesClient client =
        new KubernetesClientBuilder().withHttpClientFactory(new JdkHttpClientFactory()).build();
    NodeAgent agent = NodeAgent.start(client, settings);
    CountDownLatch stop = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  agent.close();
                  client.close();
                  stop.countDown();
                },
                "node-agent-shutdown"));
    stop.await();
  }

  private static void usage(String problem) {
    System.err.println(
        problem
            + "\nusage: NodeAgentMain --classpath CP --image IMAGE=MAIN_CLASS [--image ...]"
            + " [--namespace NS]");
    System.exit(2);
  }
}
