package io.fleetloop.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.pulsar.client.api.Consumer;
import org.apache.pulsar.client.api.Message;
import org.apache.pulsar.client.api.Producer;
import org.apache.pulsar.client.api.PulsarClient;
import org.apache.pulsar.client.api.Schema;
import org.apache.pulsar.client.api.SubscriptionInitialPosition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The broker of the local stack is a real Pulsar: messages go through it, keyed, in order. */
class PulsarIT {

  private static LocalStack stack;
  private static PulsarClient client;

  @BeforeAll
  static void startPulsar() throws Exception {
    stack = LocalStack.shared(ComponentKind.PULSAR);
    client =
        PulsarClient.builder()
            .serviceUrl(stack.pulsar().serviceUrl())
            .operationTimeout(15, TimeUnit.SECONDS)
            .build();
  }

  @AfterAll
  static void closeClient() throws Exception {
    if (client != null) {
      client.close();
    }
  }

  @Test
  void producedMessagesAreConsumedInOrderWithTheirKeys() throws Exception {
    String topic = "persistent://public/default/pulsar-it-" + UUID.randomUUID();
    List<String> sent = List.of("clip-1", "clip-2", "clip-3");
    try (Consumer<String> consumer =
            client
                .newConsumer(Schema.STRING)
                .topic(topic)
                .subscriptionName("it")
                .subscriptionInitialPosition(SubscriptionInitialPosition.Earliest)
                .subscribe();
        Producer<String> producer = client.newProducer(Schema.STRING).topic(topic).create()) {
      for (String value : sent) {
        producer.newMessage().key("device-7").value(value).send();
      }

      List<String> received = new ArrayList<>();
      while (received.size() < sent.size()) {
        Message<String> message = consumer.receive(20, TimeUnit.SECONDS);
        assertThat(message).as("message %d within 20s", received.size() + 1).isNotNull();
        assertThat(message.getKey()).isEqualTo("device-7");
        received.add(message.getValue());
        consumer.acknowledge(message);
      }
      assertThat(received).containsExactlyElementsOf(sent);
    }
  }

  @Test
  void adminEndpointAnswersHealthCheck() {
    assertThat(stack.pulsar().isReady()).isTrue();
    assertThat(stack.pulsar().webServiceUrl()).startsWith("http://127.0.0.1:");
  }
}
