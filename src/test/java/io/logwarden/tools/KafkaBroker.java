package io.logwarden.tools;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import java.util.concurrent.CountDownLatch;

/**
 * A single-node Apache Kafka broker in KRaft mode, in this JVM, from the Maven artifacts (no Docker, no
 * download): {@code make kafka} and {@code make kafka-demo} start it. Its log directory is temporary,
 * so the topic and the consumer offsets are gone when it stops. A tool, not a test.
 * <p>
 * Arguments: {@code [port] [topic] [partitions]}, default {@code 9092 logwarden-lines 6}.
 */
public final class KafkaBroker {

    private KafkaBroker() {
    }

    public static void main(String[] args) throws InterruptedException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 9092;
        String topic = args.length > 1 ? args[1] : "logwarden-lines";
        int partitions = args.length > 2 ? Integer.parseInt(args[2]) : 6;
        // kafkaPorts(...) is ignored by spring-kafka-test 3.3's KRaft broker: the listener sets the port
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, partitions, topic);
        broker.brokerProperty("listeners", "EXTERNAL://localhost:" + port + ",CONTROLLER://localhost:0");
        broker.afterPropertiesSet();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            broker.destroy();
            stopped.countDown();
        }, "kafka-broker-stop"));
        System.out.printf("Kafka broker (KRaft, single node) ready at %s, topic %s with %d partitions; Ctrl-C stops it%n",
                broker.getBrokersAsString(), topic, partitions);
        stopped.await();
    }
}
