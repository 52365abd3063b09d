package io.logwarden.kafka;

import io.logwarden.alert.AlertRepository;
import io.logwarden.parse.LineHeaders;
import io.logwarden.support.FreePort;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A detector killed without any shutdown (SIGKILL of its own JVM, so its consumer never commits on the way
 * out) while lines keep arriving, then a successor on the same database. Every line raises an alert here
 * (alert threshold 0), so the alert table is the ledger of every record's fate: at the kill, every record
 * up to the committed offset has its alert stored (offsets follow the acknowledgement watermark, never the
 * consumption); the successor starts exactly after the committed offset; in the end every line has exactly
 * one alert, and the records the victim had finished but not committed are received again and skipped as
 * already stored, never stored twice.
 */
class DetectorKillTest {

    private static final String TOPIC = "lines-kill";
    private static final String GROUP = "kill";
    private static final String SOURCE = "node-k:/var/log/app.log";
    /** The data directory (H2 database) of the victim and then of its successor. */
    private static final String SHARED = "shared";
    private static EmbeddedKafkaKraftBroker broker;

    @TempDir
    Path root;

    @BeforeAll
    static void startBroker() {
        broker = new EmbeddedKafkaKraftBroker(1, 1, TOPIC);
        broker.afterPropertiesSet();
    }

    @AfterAll
    static void stopBroker() {
        broker.destroy();
    }

    @Test
    void aKilledDetectorsUncommittedRecordsAreReadByTheNextOneAndNoneIsSkipped() throws Exception {
        AtomicInteger written = new AtomicInteger();
        AtomicBoolean feeding = new AtomicBoolean(true);
        KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class));
        Thread feeder = new Thread(() -> feed(producer, written, feeding), "test-feeder");
        feeder.setDaemon(true); // a failed assertion must not leave it feeding
        try {
            killAndTakeOver(producer, written, feeding, feeder);
        } finally {
            feeding.set(false);
            producer.close(Duration.ofSeconds(5)); // a failure must not leave it reconnecting to the stopped broker
        }
    }

    private void killAndTakeOver(KafkaProducer<String, String> producer, AtomicInteger written, AtomicBoolean feeding,
                                 Thread feeder) throws Exception {
        Process victim = startDetectorJvm("victim");
        long committed;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()))) {
            // a first batch, then lines keep arriving once the victim is up and committing (its start-up
            // on a loaded machine takes minutes; a feed running meanwhile would only build a backlog)
            produce(producer, written, 100);
            // (ignoreExceptions: the group coordinator may still be loading and time the query out; 12 minutes:
            // the child JVM's start took more than 6 on this shared 2-core machine at a load average of 25)
            await().atMost(Duration.ofMinutes(12)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                    .until(() -> committed(admin) > 0 || !victim.isAlive());
            assertThat(victim.isAlive()).as("detector JVM running: %s", tail("victim")).isTrue();
            feeder.start();
            // mid-stream: the victim has committed more records and lines keep arriving
            await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(200)).ignoreExceptions()
                    .until(() -> committed(admin) > 300 || !victim.isAlive());
            assertThat(victim.isAlive()).as("detector JVM running: %s", tail("victim")).isTrue();
            victim.destroyForcibly().waitFor(30, TimeUnit.SECONDS); // SIGKILL: no shutdown, no commit on close
            AtomicLong last = new AtomicLong(-1);
            await().atMost(Duration.ofMinutes(1)).ignoreExceptions().until(() -> {
                last.set(committed(admin));
                return true;
            });
            committed = last.get();
        } finally {
            victim.destroyForcibly();
        }
        // lines go on arriving while no detector runs, for a bounded backlog
        int atKillWritten = written.get();
        await().atMost(Duration.ofMinutes(1)).until(() -> written.get() >= atKillWritten + 40);
        feeding.set(false);
        feeder.join();
        int producedBeforeTakeover = written.get();
        assertThat(committed).isLessThan(producedBeforeTakeover);
        Map<Long, Integer> atKill = alertsByLine();
        for (long line = 1; line <= committed; line++) {
            assertThat(atKill.getOrDefault(line, 0)).as("alert of line %d (offset %d), committed (offset %d) before the kill",
                    line, line - 1, committed).isEqualTo(1);
        }
        long finishedNotCommitted = atKill.keySet().stream().filter(line -> line > committed).count();

        try (LogwardenNode successor = LogwardenNode.start("successor", root, Map.of(
                "logwarden.role", "detector",
                "logwarden.kafka.brokers", broker.getBrokersAsString(),
                "logwarden.kafka.topic", TOPIC,
                "logwarden.kafka.group-id", GROUP,
                "logwarden.data-dir", root.resolve(SHARED).toString(),
                "logwarden.scoring.alert", "0",
                "logwarden.scoring.warmup-windows", "0"))) {
            int total = written.get();
            DetectorRecords records = successor.bean(DetectorRecords.class);
            AlertRepository alerts = successor.bean(AlertRepository.class);
            await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(500))
                    .until(() -> records.continuity(SOURCE).map(DetectorRecords.Continuity::last).orElse(0L) == total
                            && alerts.count() >= total);
            DetectorRecords.Continuity seen = records.continuity(SOURCE).orElseThrow();
            // line n is at offset n - 1: the successor starts right after the last committed offset
            assertThat(seen.first()).isEqualTo(committed + 1);
            assertThat(seen.gaps()).isZero();
            assertThat(seen.lines()).isEqualTo(total - committed);
            MeterRegistry meters = successor.bean(MeterRegistry.class);
            double replayed = meters.counter("logwarden.alerts.replayed").count();
            // the kill can fall between an alert's insert and its grouping: that alert is announced now, not stored
            double recovered = meters.counter("logwarden.alerts.recovered").count();
            System.out.printf("SIGKILL of a detector: %d records written, %d committed at the kill, %d finished but not "
                    + "committed (received again: %.0f skipped as stored and announced, %.0f stored but announced only now)%n",
                    total, committed, finishedNotCommitted, replayed, recovered);
            assertThat(replayed + recovered).as("records the victim finished after its last commit, received again and not stored again")
                    .isEqualTo(finishedNotCommitted);
        }
        Map<Long, Integer> end = alertsByLine();
        int total = written.get();
        for (long line = 1; line <= total; line++) {
            assertThat(end.getOrDefault(line, 0)).as("alerts of line %d", line).isEqualTo(1);
        }
        assertThat(end).hasSize(total);
    }

    /** The stopped (or killed) detectors' alert table: alerts per line number of the source. */
    private Map<Long, Integer> alertsByLine() throws Exception {
        Map<Long, Integer> lines = new HashMap<>();
        String url = "jdbc:h2:file:" + root.resolve(SHARED).resolve("logwarden") + ";AUTO_SERVER=FALSE";
        try (Connection c = DriverManager.getConnection(url, "sa", "");
             PreparedStatement query = c.prepareStatement("SELECT last_line, idempotency_key FROM alert WHERE source = ?")) {
            query.setString(1, SOURCE);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    assertThat(rs.getString("idempotency_key")).as("idempotency key").hasSize(64);
                    lines.merge(rs.getLong("last_line"), 1, Integer::sum);
                }
            }
        }
        return lines;
    }

    private static long committed(Admin admin) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(GROUP)
                .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
        OffsetAndMetadata offset = offsets.get(new TopicPartition(TOPIC, 0));
        return offset == null ? 0 : offset.offset();
    }

    /** Agent-shaped records, numbered on from {@code written}, at most 20 a second until told to stop. */
    private static void feed(KafkaProducer<String, String> producer, AtomicInteger written, AtomicBoolean feeding) {
        try {
            while (feeding.get()) {
                produce(producer, written, 2);
                TimeUnit.MILLISECONDS.sleep(100); // pacing of the feed, not a wait for a result
            }
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code count} more agent-shaped records, line n at offset n - 1, each acknowledged by the broker. */
    private static void produce(KafkaProducer<String, String> producer, AtomicInteger written, int count) {
        try {
            for (int i = 0; i < count; i++) {
                int n = written.get() + 1;
                ProducerRecord<String, String> record = new ProducerRecord<>(TOPIC, SOURCE, "app[" + (n % 7) + "]: request " + n + " served");
                record.headers().add(LineHeaders.SOURCE, SOURCE.getBytes(StandardCharsets.UTF_8));
                record.headers().add(LineHeaders.LINE_NUMBER, String.valueOf(n).getBytes(StandardCharsets.UTF_8));
                record.headers().add(KafkaLineHeaders.FILE_IDENTITY, "1:2:ab".getBytes(StandardCharsets.UTF_8));
                producer.send(record).get();
                written.set(n);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The last lines of a child JVM's output, for a failure message (the temporary directory is gone after the test). */
    private String tail(String name) {
        try {
            List<String> lines = java.nio.file.Files.readAllLines(root.resolve(name + ".log"));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (java.io.IOException e) {
            return "(no output: " + e + ")";
        }
    }

    /** The same test classpath in a separate JVM, so that it can be killed like a crashed pod. */
    private Process startDetectorJvm(String name) throws Exception {
        Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
        List<String> command = List.of(java.toString(), "-Dai.djl.offline=true", "-Xmx768m", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), "io.logwarden.Logwarden",
                "--logwarden.role=detector",
                "--logwarden.kafka.brokers=" + broker.getBrokersAsString(),
                "--logwarden.kafka.topic=" + TOPIC,
                "--logwarden.kafka.group-id=" + GROUP,
                "--logwarden.kafka.max-poll-records=50",
                "--server.port=0",
                "--logwarden.websocket.port=" + FreePort.find(),
                "--logwarden.data-dir=" + root.resolve(SHARED),
                // every window raises an alert: the alert table holds every record's fate
                "--logwarden.scoring.alert=0",
                "--logwarden.scoring.warmup-windows=0",
                "--logging.level.io.logwarden.alerts=ERROR",
                "--logwarden.models-dir=" + root.resolve("models"),
                "--logwarden.demo.enabled=false",
                "--camel.main.routes-reload-enabled=false",
                "--spring.jmx.enabled=false",
                "--camel.main.jmx-enabled=false");
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(root.resolve(name + ".log").toFile()).start();
    }
}
