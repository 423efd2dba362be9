package io.fleetloop.curator.server;

import static io.fleetloop.curator.core.TestClips.clip;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.pulsar.client.api.Consumer;
import org.apache.pulsar.client.api.Message;
import org.apache.pulsar.client.api.Messages;
import org.apache.pulsar.client.api.Schema;
import org.apache.pulsar.client.api.SubscriptionInitialPosition;
import org.apache.pulsar.client.api.SubscriptionType;

/**
 * Curator throughput vs the raw Pulsar consume rate of the same messages, in the same run, on the
 * local stack's broker and S3 server (in-memory S3, broker journal not synced):
 *
 * <ol>
 *   <li>clips are stored in S3 and their ClipIngested messages published once, with two
 *       subscriptions created beforehand;
 *   <li>raw: a Key_Shared consumer batch-receives and acknowledges every message;
 *   <li>curator: one replica (parse, read payload from S3, sha256, ClipFormat.read, label, one
 *       batch object per batch, acknowledge) until every clip is labeled.
 * </ol>
 *
 * Run after test-compile: {@code ./mvnw -q -pl services/curator exec:java
 * -Dexec.classpathScope=test -Dexec.mainClass=io.fleetloop.curator.server.CuratorBenchmark
 * [-Dexec.args="<clips> <frames>"]}.
 */
public final class CuratorBenchmark {
  private CuratorBenchmark() {}

  public static void main(String[] args) throws Exception {
    int clips = args.length > 0 ? Integer.parseInt(args[0]) : 5_000;
    int frames = args.length > 1 ? Integer.parseInt(args[1]) : 40;
    try (CuratorEnvironment env = new CuratorEnvironment("bench")) {
      Consumer<byte[]> raw =
          env.pulsar
              .newConsumer(Schema.BYTES)
              .topic(env.topic)
              .subscriptionName("raw")
              .subscriptionType(SubscriptionType.Key_Shared)
              .subscriptionInitialPosition(SubscriptionInitialPosition.Earliest)
              .receiverQueueSize(1000)
              .subscribe();
      env.pulsar
          .newConsumer(Schema.BYTES)
          .topic(env.topic)
          .subscriptionName(env.config.subscription())
          .subscriptionType(SubscriptionType.Key_Shared)
          .subscribe()
          .close();
      List<CuratorEnvironment.Sent> sent = new ArrayList<>(clips);
      for (int i = 0; i < clips; i++) {
        sent.add(
            env.store(
                "dev-" + (i % 64),
                "datatrigger/bench/all",
                clip().seed(i).frames(frames).condition(i % 180).build(),
                i % 4 == 0));
      }
      for (CuratorEnvironment.Sent s : sent) {
        env.publish(s);
      }
      System.out.printf("%d clips of %d frames stored and published%n", clips, frames);

      long t0 = System.nanoTime();
      int received = 0;
      while (received < clips) {
        Messages<byte[]> batch = raw.batchReceive();
        for (Message<byte[]> m : batch) {
          raw.acknowledgeAsync(m.getMessageId());
          received++;
        }
      }
      double rawSeconds = (System.nanoTime() - t0) / 1e9;
      raw.close();

      long t1 = System.nanoTime();
      CuratorServer curator = env.startReplica("curator-bench");
      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
      while (curator.metrics().labeled() < clips && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      double curatorSeconds = (System.nanoTime() - t1) / 1e9;
      if (curator.metrics().labeled() < clips) {
        throw new IllegalStateException(
            "curator labeled only " + curator.metrics().labeled() + " of " + clips);
      }
      double rawRate = clips / rawSeconds;
      double curatorRate = clips / curatorSeconds;
      System.out.printf("raw Pulsar consume : %9.0f msg/s (%.2f s)%n", rawRate, rawSeconds);
      System.out.printf(
          "curator (labeled)  : %9.0f clips/s (%.2f s, incl. replica start)%n",
          curatorRate, curatorSeconds);
      System.out.printf("ratio curator/raw  : %.3f%n", curatorRate / rawRate);
    }
  }
}
