package io.logwarden.tools;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code make kafka}'s broker keeps its data: a record and a consumer group's committed offset written
 * before a SIGTERM are there after a restart on the same directory and port. The broker runs in a child
 * JVM, as {@code make kafka} runs it, so the stop is a real signal and a real clean shutdown.
 */
class KafkaBrokerRestartTest {

    private static final String TOPIC = "restart-lines";
    private static final TopicPartition PARTITION = new TopicPartition(TOPIC, 0);

    @TempDir
    Path dir;

    private Process broker;

    @AfterEach
    void stopBroker() throws InterruptedException {
        if (broker != null && broker.isAlive()) {
            broker.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void topicRecordsAndCommittedOffsetsSurviveARestart() throws Exception {
        int port = freePort();
        String bootstrap = "localhost:" + port;

        broker = start(port, "first.log");
        try (KafkaProducer<String, String> producer = producer(bootstrap)) {
            producer.send(new ProducerRecord<>(TOPIC, 0, "host:/var/log/auth.log", "line one")).get(30, TimeUnit.SECONDS);
            producer.send(new ProducerRecord<>(TOPIC, 0, "host:/var/log/auth.log", "line two")).get(30, TimeUnit.SECONDS);
        }
        try (KafkaConsumer<String, String> consumer = consumer(bootstrap)) {
            consumer.assign(List.of(PARTITION));
            consumer.seekToBeginning(List.of(PARTITION));
            List<ConsumerRecord<String, String>> read = poll(consumer, 2);
            // only the first record is finished: the committed offset is the one after it
            consumer.commitSync(Map.of(PARTITION, new OffsetAndMetadata(read.get(0).offset() + 1)));
        }
        stop(broker);
        assertThat(Files.readString(dir.resolve("first.log"))).contains("Kafka broker stopped");

        broker = start(port, "second.log");
        assertThat(Files.readString(dir.resolve("second.log"))).doesNotContain("Formatted");
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            assertThat(admin.listConsumerGroupOffsets("restart-group").partitionsToOffsetAndMetadata()
                    .get(30, TimeUnit.SECONDS).get(PARTITION).offset()).isEqualTo(1);
            assertThat(admin.describeTopics(Set.of(TOPIC)).allTopicNames().get(30, TimeUnit.SECONDS)
                    .get(TOPIC).partitions()).hasSize(2);
        }
        try (KafkaConsumer<String, String> consumer = consumer(bootstrap)) {
            consumer.subscribe(List.of(TOPIC));
            // the group resumes at its committed offset: the unfinished second record, not the first
            assertThat(poll(consumer, 1)).extracting(ConsumerRecord::value).containsExactly("line two");
        }
        stop(broker);
    }

    private Process start(int port, String logName) throws IOException {
        Path log = dir.resolve(logName);
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                KafkaBroker.class.getName(), "--port", String.valueOf(port), "--controller-port", String.valueOf(freePort()),
                "--dir", dir.resolve("kafka").toString(), "--topic", TOPIC, "--partitions", "2")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() -> {
            assertThat(process.isAlive()).as("broker process (log %s)", log).isTrue();
            return Files.readString(log).contains("ready at localhost:" + port);
        });
        return process;
    }

    private static void stop(Process process) throws InterruptedException {
        process.destroy(); // SIGTERM: the launcher's shutdown hook stops the broker cleanly
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("broker stopped within 30 s of SIGTERM").isTrue();
    }

    private static List<ConsumerRecord<String, String>> poll(KafkaConsumer<String, String> consumer, int count) {
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            return records.size() >= count;
        });
        return records;
    }

    private static KafkaProducer<String, String> producer(String bootstrap) {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer());
    }

    private static KafkaConsumer<String, String> consumer(String bootstrap) {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.GROUP_ID_CONFIG, "restart-group",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
