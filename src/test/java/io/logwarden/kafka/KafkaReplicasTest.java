package io.logwarden.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import io.logwarden.alert.Alert;
import io.logwarden.alert.AlertRepository;
import io.logwarden.live.StreamingStats;
import io.logwarden.parse.LineHeaders;
import io.logwarden.support.FreePort;
import io.logwarden.support.PostgresServer;
import io.logwarden.support.WebSocketRecorder;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two detector replicas of one consumer group on a topic of 6 partitions, sharing one PostgreSQL database,
 * while numbered lines of 6 sources (one per partition) keep arriving. Replica A runs throughout; first
 * replica B joins and is stopped gracefully mid-stream, then replica C (a JVM of its own) joins and is
 * killed with SIGKILL mid-stream, so its partitions reach A only after the session timeout and A reads
 * again what C had not committed. Every window raises an alert (alert threshold 0), so the alert table and
 * the replicas' WebSocket messages are the ledger of every line's fate: each line scored and its alert
 * stored exactly once, never announced twice on any replica's WebSocket (each announces every replica's
 * alerts, routes/kafka-live.yaml), and every window made of consecutive lines of its source,
 * in order, also right after a takeover (no window joins lines from before and after another replica's turn).
 */
class KafkaReplicasTest {

    private static final String TOPIC = "lines-replicas";
    private static final String GROUP = "replicas";
    private static final String TEMPLATES_TOPIC = "lines-templates";
    private static final int PARTITIONS = 6;
    private static final int WINDOW = 4;
    private static final String SCHEMA = "logwarden_replicas_" + Long.toString(System.nanoTime(), 36);
    private static final String TOKEN = "replicas-" + SCHEMA + "-0123456789abcdef";
    private static final Pattern NUMBER = Pattern.compile("request (\\d+) served");
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static EmbeddedKafkaKraftBroker broker;

    @TempDir
    Path root;

    @BeforeAll
    static void startBroker() {
        PostgresServer.requireRunning();
        broker = new EmbeddedKafkaKraftBroker(1, PARTITIONS, TOPIC, TEMPLATES_TOPIC);
        broker.afterPropertiesSet();
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.destroy();
        }
    }

    @Test
    void everyLineIsScoredOnceInOrderWhileAReplicaStopsAndAnotherIsKilled() throws Exception {
        List<WebSocketRecorder> listeners = new ArrayList<>();
        int portA = FreePort.find();
        try (Feed feed = new Feed(onePerPartition());
             LogwardenNode a = LogwardenNode.start("replica-a", root, settings(portA))) {
            listeners.add(listen(portA));
            AlertRepository alerts = a.bean(AlertRepository.class);
            // A alone owns every partition: each source has a window at A before B takes some of them
            feed.round(20);
            await().atMost(WAIT).until(() -> alerts.count() == feed.written());

            int portB = FreePort.find();
            try (LogwardenNode b = LogwardenNode.start("replica-b", root, settings(portB))) {
                listeners.add(listen(portB));
                feed.resume();
                StreamingStats atB = b.bean(StreamingStats.class);
                await().atMost(WAIT).until(() -> atB.total().lines() >= 60);
            } // graceful stop while lines keep arriving
            long atStop = feed.written();
            await().atMost(WAIT).until(() -> feed.written() >= atStop + 60);
            feed.pause();
            await().atMost(WAIT).until(() -> alerts.count() == feed.written());
            assertLedger(alerts, feed, listeners);

            int portC = FreePort.find();
            Process c = LogwardenNode.fork("replica-c", root, settings(portC));
            try {
                WebSocketRecorder atC = await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(500))
                        .ignoreExceptions().until(() -> listen(portC), recorder -> true);
                listeners.add(atC);
                feed.resume();
                await().atMost(WAIT).until(() -> atC.ofType("alert").size() >= 60 || !c.isAlive());
                assertThat(c.isAlive()).as("replica C running: %s", tail("replica-c")).isTrue();
            } finally {
                c.destroyForcibly().waitFor(30, TimeUnit.SECONDS); // SIGKILL mid-stream: no shutdown, no commit
            }
            long atKill = feed.written();
            // A gets C's partitions only after the session timeout; lines keep arriving meanwhile
            await().atMost(WAIT).until(() -> feed.written() >= atKill + 120);
            feed.pause();
            await().atMost(WAIT).until(() -> alerts.count() == feed.written());
            assertLedger(alerts, feed, listeners);
            System.out.printf("Replicas: %d lines of %d sources; A skipped %.0f replayed alerts after C was killed%n",
                    feed.written(), PARTITIONS, a.bean(MeterRegistry.class).counter("logwarden.alerts.replayed").count());
        } finally {
            listeners.forEach(WebSocketRecorder::close);
        }
    }

    /**
     * Each replica mines templates on its own and meets them in another order (source i starts with
     * template i, replica A reads sources 0-2, B 3-5), yet the same line gets the same template id on both:
     * learned templates take their ids from the dictionary in the database the replicas share.
     */
    @Test
    void templateIdsAgreeAcrossReplicasForTheSameLines() throws Exception {
        String group = "templates";
        String schema = SCHEMA + "_t";
        List<String> templates = List.of("worker %d started", "session %d expired quietly", "cache miss for key %d",
                "connection %d closed after %d bytes", "disk usage at %d percent now", "retrying request %d in %d seconds from queue");
        List<String> sources = onePerPartition();
        try (LogwardenNode a = LogwardenNode.start("templates-a", root, settings(TEMPLATES_TOPIC, group, schema, FreePort.find()));
             LogwardenNode b = LogwardenNode.start("templates-b", root, settings(TEMPLATES_TOPIC, group, schema, FreePort.find()));
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()));
             KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                     ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
                     ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                     ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
            // both replicas own partitions before the first line arrives
            await().atMost(WAIT).ignoreExceptions().until(() -> admin.describeConsumerGroups(List.of(group)).all()
                    .get(30, TimeUnit.SECONDS).get(group).members().stream()
                    .filter(member -> !member.assignment().topicPartitions().isEmpty()).count() == 2);
            int rounds = 2 * templates.size();
            for (int n = 1; n <= rounds; n++) {
                for (int i = 0; i < sources.size(); i++) {
                    String line = templates.get((i + n - 1) % templates.size()).formatted(1000 * i + n, 7 * n);
                    ProducerRecord<String, String> record = new ProducerRecord<>(TEMPLATES_TOPIC, sources.get(i), line);
                    record.headers().add(LineHeaders.SOURCE, sources.get(i).getBytes(StandardCharsets.UTF_8));
                    record.headers().add(LineHeaders.LINE_NUMBER, String.valueOf(n).getBytes(StandardCharsets.UTF_8));
                    record.headers().add(KafkaLineHeaders.FILE_IDENTITY, "1:2:ab".getBytes(StandardCharsets.UTF_8));
                    producer.send(record);
                }
            }
            producer.flush();
            AlertRepository alerts = a.bean(AlertRepository.class);
            await().atMost(WAIT).until(() -> alerts.count() == (long) rounds * sources.size());
            assertThat(a.bean(StreamingStats.class).total().lines()).as("lines scored by A").isEqualTo(rounds * 3L);
            assertThat(b.bean(StreamingStats.class).total().lines()).as("lines scored by B").isEqualTo(rounds * 3L);

            Map<String, java.util.Set<Integer>> idsByTemplate = new HashMap<>();
            for (Alert alert : alerts.findAll()) {
                for (int i = 0; i < alert.getSequence().size(); i++) {
                    idsByTemplate.computeIfAbsent(alert.getTemplates().get(i), t -> new java.util.TreeSet<>()).add(alert.getSequence().get(i));
                }
            }
            assertThat(idsByTemplate).as("template ids of the alerts of both replicas").hasSize(templates.size())
                    .allSatisfy((template, ids) -> assertThat(ids).as("ids of \"%s\"", template).hasSize(1));
            assertThat(a.bean(io.logwarden.parse.LogParser.class).templateCount()).isEqualTo(templates.size());
        }
    }

    /**
     * Every line written has exactly one alert; each alert's window is consecutive lines of its source
     * ending at the line it judges; a source's alerts were stored in line order; no alert was announced twice.
     */
    private static void assertLedger(AlertRepository alerts, Feed feed, List<WebSocketRecorder> listeners) {
        Map<String, List<Alert>> bySource = new HashMap<>();
        alerts.findAll().stream().sorted(Comparator.comparing(Alert::getId))
                .forEach(alert -> bySource.computeIfAbsent(alert.getSource(), s -> new ArrayList<>()).add(alert));
        feed.lines.forEach((source, written) -> {
            List<Alert> stored = bySource.getOrDefault(source, List.of());
            assertThat(stored).extracting(Alert::getLastLine).as("lines of %s with an alert, in the order stored", source)
                    .containsExactlyElementsOf(LongStream.rangeClosed(1, written).boxed().toList());
            for (Alert alert : stored) {
                List<Long> window = alert.getSampleLines().stream().map(KafkaReplicasTest::number).toList();
                assertThat(window).as("window of %s line %d", source, alert.getLastLine())
                        .hasSizeBetween(1, WINDOW + 1)
                        .containsExactlyElementsOf(LongStream
                                .rangeClosed(alert.getLastLine() - window.size() + 1, alert.getLastLine()).boxed().toList());
                assertThat(alert.getFirstLine()).isEqualTo(window.get(0));
            }
        });
        assertThat(bySource.keySet()).containsExactlyInAnyOrderElementsOf(feed.lines.keySet());
        // every replica announces every replica's alerts (fan-in through the live topic), each once
        for (int i = 0; i < listeners.size(); i++) {
            Map<String, Integer> announced = new HashMap<>();
            for (JsonNode message : listeners.get(i).ofType("alert")) {
                JsonNode data = message.path("data");
                announced.merge(data.path("source").asText() + "#" + data.path("last_line").asLong(), 1, Integer::sum);
            }
            assertThat(announced).as("alerts announced on the WebSocket of replica %s", (char) ('A' + i)).isNotEmpty()
                    .allSatisfy((line, times) -> assertThat(times).as("announcements of %s", line).isEqualTo(1));
        }
    }

    private static long number(String line) {
        Matcher matcher = NUMBER.matcher(line);
        assertThat(matcher.find()).as("numbered line: %s", line).isTrue();
        return Long.parseLong(matcher.group(1));
    }

    private Map<String, String> settings(int websocketPort) {
        return settings(TOPIC, GROUP, SCHEMA, websocketPort);
    }

    private Map<String, String> settings(String topic, String group, String schema, int websocketPort) {
        Map<String, String> settings = ReplicaSettings.detector(broker.getBrokersAsString(), topic, group, schema, TOKEN, WINDOW,
                websocketPort);
        settings.put("logwarden.kafka.max-poll-records", "50");
        // a killed replica's partitions move after 10 s instead of 45
        settings.put("logwarden.kafka.session-timeout-ms", "10000");
        return settings;
    }

    private static WebSocketRecorder listen(int port) {
        return ReplicaSettings.listen(port, TOKEN);
    }

    /** Source names whose records the default partitioner puts in partitions 0 to 5, one each. */
    private static List<String> onePerPartition() {
        String[] byPartition = new String[PARTITIONS];
        int found = 0;
        for (int i = 0; found < PARTITIONS; i++) {
            String source = "node-" + i + ":/var/log/app.log";
            int partition = Utils.toPositive(Utils.murmur2(source.getBytes(StandardCharsets.UTF_8))) % PARTITIONS;
            if (byPartition[partition] == null) {
                byPartition[partition] = source;
                found++;
            }
        }
        return List.of(byPartition);
    }

    private String tail(String name) {
        try {
            List<String> lines = Files.readAllLines(root.resolve(name + ".log"));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no output: " + e + ")";
        }
    }

    /** Agent-shaped records, numbered per source, one line of every source per round; in the background while resumed. */
    private static final class Feed implements AutoCloseable {

        final Map<String, Long> lines = new ConcurrentHashMap<>();
        private final List<String> sources;
        private final KafkaProducer<String, String> producer;
        private final AtomicBoolean feeding = new AtomicBoolean();
        private final AtomicBoolean closed = new AtomicBoolean();
        private final Object rounds = new Object();
        private final Thread thread;

        Feed(List<String> sources) {
            this.sources = sources;
            this.producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
                    ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                    ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class));
            this.thread = new Thread(this::run, "test-feed");
            thread.setDaemon(true);
            thread.start();
        }

        long written() {
            return lines.values().stream().mapToLong(Long::longValue).sum();
        }

        void resume() {
            feeding.set(true);
        }

        /** Stops feeding after the current round (whose records the broker has then acknowledged). */
        void pause() {
            synchronized (rounds) {
                feeding.set(false);
            }
        }

        void round(int times) {
            synchronized (rounds) {
                for (int i = 0; i < times; i++) {
                    for (String source : sources) {
                        send(source, lines.merge(source, 1L, Long::sum));
                    }
                }
                producer.flush();
            }
        }

        private void send(String source, long n) {
            ProducerRecord<String, String> record = new ProducerRecord<>(TOPIC, source, "app[" + (n % 7) + "]: request " + n + " served");
            record.headers().add(LineHeaders.SOURCE, source.getBytes(StandardCharsets.UTF_8));
            record.headers().add(LineHeaders.LINE_NUMBER, String.valueOf(n).getBytes(StandardCharsets.UTF_8));
            record.headers().add(KafkaLineHeaders.FILE_IDENTITY, "1:2:ab".getBytes(StandardCharsets.UTF_8));
            producer.send(record);
        }

        private void run() {
            try {
                while (!closed.get()) {
                    synchronized (rounds) {
                        if (feeding.get()) {
                            round(1);
                        }
                    }
                    TimeUnit.MILLISECONDS.sleep(150); // pacing of the feed (40 lines/s), not a wait for a result
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void close() throws InterruptedException {
            closed.set(true);
            thread.join(5_000);
            producer.close(Duration.ofSeconds(5));
        }
    }
}
