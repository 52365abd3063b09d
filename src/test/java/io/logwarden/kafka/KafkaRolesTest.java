package io.logwarden.kafka;

import io.logwarden.alert.Alert;
import io.logwarden.alert.AlertRepository;
import io.logwarden.live.StreamingStats;
import io.logwarden.parse.LineHeaders;
import io.micrometer.core.instrument.MeterRegistry;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The agent and detector roles against a real Apache Kafka broker (KRaft, in process): several whole
 * Logwarden processes in this JVM, each with its own database, joined only by the topic.
 */
class KafkaRolesTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int PARTITIONS = 3;
    private static EmbeddedKafkaKraftBroker broker;

    @TempDir
    Path root;

    @BeforeAll
    static void startBroker() {
        broker = new EmbeddedKafkaKraftBroker(1, PARTITIONS, "lines-e2e", "lines-interop", "lines-restart", "lines-redeliver");
        broker.afterPropertiesSet();
    }

    @AfterAll
    static void stopBroker() {
        broker.destroy();
    }

    @Test
    void agentShipsTailedLinesThroughTheTopicAndTheDetectorScoresAndAlerts() throws Exception {
        Path log = root.resolve("logs").resolve("auth.log");
        Files.createDirectories(log.getParent());
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            lines.addAll(normalSession(i));
        }
        lines.add("kernel: Out of memory: Killed process 4242 (java) total-vm:123456kB");
        append(log, lines);

        try (LogwardenNode detector = LogwardenNode.start("detector", root, kafka("lines-e2e", "detector",
                "logwarden.role", "detector"));
             LogwardenNode agent = LogwardenNode.start("agent", root, kafka("lines-e2e", "agent",
                     "logwarden.role", "agent",
                     "logwarden.kafka.host", "node-a",
                     "logwarden.tail.follow", log.toString(),
                     "logwarden.tail.start-from", "beginning"))) {
            String source = "node-a:" + log;
            AlertRepository alerts = detector.bean(AlertRepository.class);
            await().atMost(WAIT).until(() -> alerts.findAll().stream().anyMatch(a -> source.equals(a.getSource())
                    && a.getSampleLines().stream().anyMatch(l -> l.contains("Out of memory"))));
            Alert alert = alerts.findAll().stream().filter(a -> source.equals(a.getSource())).reduce((a, b) -> b).orElseThrow();
            assertThat(alert.getLastLine()).isEqualTo(lines.size());

            DetectorRecords.Continuity received = detector.bean(DetectorRecords.class).continuity(source).orElseThrow();
            assertThat(received.first()).isEqualTo(1);
            assertThat(received.last()).isEqualTo(lines.size());
            assertThat(received.lines()).isEqualTo(lines.size());
            assertThat(received.gaps()).isZero();

            // the agent scored nothing itself: its pipeline never saw the lines
            assertThat(agent.bean(StreamingStats.class).total().lines()).isZero();
            assertThat(agent.bean(AlertRepository.class).count()).isZero();
        }

        // what is on the topic: key = source, every line in one partition, in order, with the headers
        List<ConsumerRecord<String, String>> records = readAll("lines-e2e");
        assertThat(records).hasSize(lines.size());
        assertThat(records).extracting(ConsumerRecord::key).containsOnly("node-a:" + log);
        assertThat(records).extracting(ConsumerRecord::partition).containsOnly(records.get(0).partition());
        assertThat(records).extracting(ConsumerRecord::value).containsExactlyElementsOf(lines);
        ConsumerRecord<String, String> last = records.get(records.size() - 1);
        assertThat(header(last, LineHeaders.LINE_NUMBER)).isEqualTo(String.valueOf(lines.size()));
        assertThat(header(last, LineHeaders.SOURCE)).isEqualTo("node-a:" + log);
        assertThat(header(last, KafkaLineHeaders.HOST)).isEqualTo("node-a");
        assertThat(header(last, KafkaLineHeaders.FILE_IDENTITY)).matches("\\d+:\\d+:[0-9a-f]+");
    }

    @Test
    void detectorReadsFluentBitVectorOpenTelemetryAndRawRecords() {
        String fluentBit = "{\"@timestamp\":1764756000.123,\"log\":\"sshd[1]: Accepted publickey for deploy\",\"filename\":\"/var/log/fb.log\"}";
        String vector = "{\"file\":\"/var/log/vector.log\",\"host\":\"node-v\",\"message\":\"sshd[2]: session opened\","
                + "\"source_type\":\"file\",\"timestamp\":\"2026-12-03T10:00:00.123Z\"}";
        String otel = "{\"resourceLogs\":[{\"resource\":{\"attributes\":[{\"key\":\"host.name\",\"value\":{\"stringValue\":\"node-o\"}}]},"
                + "\"scopeLogs\":[{\"scope\":{},\"logRecords\":["
                + "{\"timeUnixNano\":\"1764756000000000000\",\"body\":{\"stringValue\":\"line one\"},"
                + "\"attributes\":[{\"key\":\"log.file.path\",\"value\":{\"stringValue\":\"/var/log/otel.log\"}}]},"
                + "{\"timeUnixNano\":\"1764756001000000000\",\"body\":{\"stringValue\":\"line two\"},"
                + "\"attributes\":[{\"key\":\"log.file.path\",\"value\":{\"stringValue\":\"/var/log/otel.log\"}}]}]}]}]}";
        try (LogwardenNode detector = LogwardenNode.start("interop", root, kafka("lines-interop", "interop",
                "logwarden.role", "detector"))) {
            produce("lines-interop", List.of(
                    new ProducerRecord<>("lines-interop", null, fluentBit),
                    new ProducerRecord<>("lines-interop", null, vector),
                    new ProducerRecord<>("lines-interop", null, otel),
                    new ProducerRecord<>("lines-interop", "app-7", "plain text line"),
                    new ProducerRecord<>("lines-interop", "app-7", "{not json, a text line}"),
                    new ProducerRecord<>("lines-interop", null, "{\"level\":\"info\"}")));
            StreamingStats stats = detector.bean(StreamingStats.class);
            // records without a key are spread over the partitions, which are processed in no fixed order
            await().atMost(WAIT).until(() -> stats.of("app-7").lines() == 2 && stats.of("/var/log/fb.log").lines() == 1
                    && stats.of("/var/log/vector.log").lines() == 1 && stats.of("/var/log/otel.log").lines() == 2);
            await().atMost(WAIT).until(() -> detector.bean(io.micrometer.core.instrument.MeterRegistry.class)
                    .counter("logwarden.kafka.records.rejected").count() == 1.0);
        }
    }

    @Test
    void aRestartedDetectorResumesFromTheCommittedOffsetsWithoutLosingLines() {
        String source = "node-r:/var/log/app.log";
        Map<String, String> settings = kafka("lines-restart", "restart", "logwarden.role", "detector");
        try (LogwardenNode first = LogwardenNode.start("restart-1", root, settings)) {
            produce("lines-restart", agentRecords("lines-restart", source, 1, 200));
            DetectorRecords records = first.bean(DetectorRecords.class);
            await().atMost(WAIT).until(() -> records.continuity(source).map(DetectorRecords.Continuity::last).orElse(0L) == 200);
            DetectorRecords.Continuity seen = records.continuity(source).orElseThrow();
            assertThat(seen.first()).isEqualTo(1);
            assertThat(seen.gaps()).isZero();
        }
        // lines written while no detector runs
        produce("lines-restart", agentRecords("lines-restart", source, 201, 400));
        try (LogwardenNode second = LogwardenNode.start("restart-2", root, settings)) {
            DetectorRecords records = second.bean(DetectorRecords.class);
            await().atMost(WAIT).until(() -> records.continuity(source).map(DetectorRecords.Continuity::last).orElse(0L) == 400);
            DetectorRecords.Continuity seen = records.continuity(source).orElseThrow();
            // resumed where the first one's committed offsets ended: nothing skipped, nothing read twice
            assertThat(seen.first()).isEqualTo(201);
            assertThat(seen.lines()).isEqualTo(200);
            assertThat(seen.gaps()).isZero();
            assertThat(seen.repeats()).isZero();
            assertThat(second.bean(StreamingStats.class).of(source).lines()).isEqualTo(200);
        }
    }

    @Test
    void recordsDeliveredAgainAfterAnOffsetResetStoreNoSecondAlert() throws Exception {
        String source = "node-d:/var/log/app.log";
        String otel = "{\"resourceLogs\":[{\"scopeLogs\":[{\"logRecords\":["
                + "{\"body\":{\"stringValue\":\"worker 1 started\"}},{\"body\":{\"stringValue\":\"worker 2 started\"}}]}]}]}";
        // every window raises an alert, so every line's alert is tried again when its record is delivered again
        Map<String, String> settings = kafka("lines-redeliver", "redeliver", "logwarden.role", "detector",
                "logwarden.scoring.alert", "0", "logwarden.scoring.warmup-windows", "0");
        int lines = 62; // 60 agent records, one OpenTelemetry record holding two lines
        List<ProducerRecord<String, String>> records = new ArrayList<>(agentRecords("lines-redeliver", source, 1, 60));
        records.add(new ProducerRecord<>("lines-redeliver", "otel-k", otel));
        produce("lines-redeliver", records);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()))) {
            try (LogwardenNode first = LogwardenNode.start("redeliver", root, settings)) {
                AlertRepository alerts = first.bean(AlertRepository.class);
                await().atMost(WAIT).until(() -> alerts.count() == lines);
                // committed only after the alerts were stored: every record's offset is committed now
                await().atMost(WAIT).ignoreExceptions().until(() -> committedRecords(admin, "redeliver") == records.size());
                assertThat(alerts.findAll()).extracting(Alert::getIdempotencyKey).doesNotHaveDuplicates().allMatch(k -> k.length() == 64);
            }
            // forced redelivery: the group starts over at the beginning of every partition
            Map<TopicPartition, OffsetAndMetadata> beginning = new java.util.HashMap<>();
            for (int p = 0; p < PARTITIONS; p++) {
                beginning.put(new TopicPartition("lines-redeliver", p), new OffsetAndMetadata(0));
            }
            admin.alterConsumerGroupOffsets("redeliver", beginning).all().get(30, TimeUnit.SECONDS);
            assertThat(committedRecords(admin, "redeliver")).isZero();

            try (LogwardenNode second = LogwardenNode.start("redeliver", root, settings)) {
                MeterRegistry meters = second.bean(MeterRegistry.class);
                await().atMost(WAIT).until(() -> meters.counter("logwarden.alerts.replayed").count() == lines);
                assertThat(second.bean(DetectorRecords.class).continuity(source).orElseThrow().lines()).isEqualTo(60);
                assertThat(second.bean(AlertRepository.class).count()).as("alerts after the redelivery").isEqualTo(lines);
                await().atMost(WAIT).ignoreExceptions().until(() -> committedRecords(admin, "redeliver") == records.size());
            }
        }
    }

    /** Sum of the group's committed offsets over the topic's partitions (= records committed, offsets from 0). */
    private static long committedRecords(Admin admin, String group) throws Exception {
        return admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS)
                .values().stream().filter(java.util.Objects::nonNull).mapToLong(OffsetAndMetadata::offset).sum();
    }

    private Map<String, String> kafka(String topic, String group, String... more) {
        Map<String, String> settings = new java.util.LinkedHashMap<>();
        settings.put("logwarden.kafka.brokers", broker.getBrokersAsString());
        settings.put("logwarden.kafka.topic", topic);
        settings.put("logwarden.kafka.group-id", group);
        for (int i = 0; i < more.length; i += 2) {
            settings.put(more[i], more[i + 1]);
        }
        return settings;
    }

    /** Records as an agent writes them (key = source, line number and identity headers). */
    private static List<ProducerRecord<String, String>> agentRecords(String topic, String source, int from, int to) {
        List<ProducerRecord<String, String>> records = new ArrayList<>();
        for (int n = from; n <= to; n++) {
            ProducerRecord<String, String> record = new ProducerRecord<>(topic, source, "app[" + (n % 7) + "]: request " + n + " served");
            record.headers().add(LineHeaders.SOURCE, source.getBytes(StandardCharsets.UTF_8));
            record.headers().add(LineHeaders.LINE_NUMBER, String.valueOf(n).getBytes(StandardCharsets.UTF_8));
            record.headers().add(KafkaLineHeaders.FILE_IDENTITY, "2049:77:abc".getBytes(StandardCharsets.UTF_8));
            record.headers().add(KafkaLineHeaders.HOST, "node-r".getBytes(StandardCharsets.UTF_8));
            records.add(record);
        }
        return records;
    }

    private static void produce(String topic, List<ProducerRecord<String, String>> records) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
            for (ProducerRecord<String, String> record : records) {
                producer.send(record);
            }
            producer.flush();
        }
    }

    private static List<ConsumerRecord<String, String>> readAll(String topic) {
        List<ConsumerRecord<String, String>> all = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class))) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (int p = 0; p < PARTITIONS; p++) {
                partitions.add(new TopicPartition(topic, p));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            Set<TopicPartition> done = new HashSet<>();
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (done.size() < partitions.size() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(all::add);
                for (TopicPartition partition : partitions) {
                    if (consumer.position(partition) >= end.get(partition)) {
                        done.add(partition);
                    }
                }
            }
        }
        return all;
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static void append(Path file, List<String> lines) throws IOException {
        Files.writeString(file, String.join("\n", lines) + "\n", StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private static List<String> normalSession(int n) {
        return List.of(
                "sshd[" + (1000 + n) + "]: Accepted publickey for deploy from 10.0.0." + (n % 200) + " port " + (40000 + n) + " ssh2",
                "sshd[" + (1000 + n) + "]: pam_unix(sshd:session): session opened for user deploy by (uid=0)",
                "sshd[" + (1000 + n) + "]: Received disconnect from 10.0.0." + (n % 200) + " port " + (40000 + n) + ":11: disconnected by user",
                "sshd[" + (1000 + n) + "]: pam_unix(sshd:session): session closed for user deploy");
    }
}
