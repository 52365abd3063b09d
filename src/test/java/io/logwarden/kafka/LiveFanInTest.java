package io.logwarden.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import io.logwarden.alert.AlertRepository;
import io.logwarden.live.SourceStats;
import io.logwarden.live.StreamingStats;
import io.logwarden.parse.LineHeaders;
import io.logwarden.support.FreePort;
import io.logwarden.support.PostgresServer;
import io.logwarden.support.WebSocketRecorder;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
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

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Fan-in (routes/kafka-live.yaml): two detector replicas of one group share a lines topic of 4 partitions
 * and one PostgreSQL database; lines of 8 sources arrive, so each replica scores some of them. A WebSocket
 * client on replica A receives the alert and score messages of every source, B's included, each exactly
 * once; every source's incident reaches it too. Replica B passes at most 5 scores a second to its own
 * client: its client gets every alert but fewer scores, and the scores it did not get are exactly those
 * counted as sampled out.
 */
class LiveFanInTest {

    private static final String TOPIC = "lines-fan-in";
    private static final String LIVE_TOPIC = "live-fan-in";
    private static final String GROUP = "fan-in";
    private static final int PARTITIONS = 4;
    private static final int SOURCES = 8;
    private static final int LINES = 12;
    private static final String SCHEMA = "logwarden_fanin_" + Long.toString(System.nanoTime(), 36);
    private static final String TOKEN = "fan-in-" + SCHEMA + "-0123456789abcdef";
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static EmbeddedKafkaKraftBroker broker;

    @TempDir
    Path root;

    @BeforeAll
    static void startBroker() {
        PostgresServer.requireRunning();
        broker = new EmbeddedKafkaKraftBroker(1, PARTITIONS, TOPIC, LIVE_TOPIC);
        broker.afterPropertiesSet();
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.destroy();
        }
    }

    @Test
    void aClientOfOneReplicaGetsEveryReplicasMessagesOnce() throws Exception {
        int portA = FreePort.find();
        int portB = FreePort.find();
        Map<String, String> atB = settings(portB);
        atB.put("logwarden.kafka.live-score-rate", "5");
        try (LogwardenNode a = LogwardenNode.start("fan-in-a", root, settings(portA));
             LogwardenNode b = LogwardenNode.start("fan-in-b", root, atB);
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()));
             WebSocketRecorder clientA = listen(portA);
             WebSocketRecorder clientB = listen(portB)) {
            // both replicas own lines partitions, and each reads the live topic in a group of its own
            // (from the end: anything sent before it is assigned would not reach its clients)
            await().atMost(WAIT).ignoreExceptions().until(() -> assignedMembers(admin, Set.of(GROUP)) == 2);
            await().atMost(WAIT).ignoreExceptions().until(() -> {
                Set<String> live = admin.listConsumerGroups().all().get(30, TimeUnit.SECONDS).stream()
                        .map(ConsumerGroupListing::groupId).filter(id -> id.startsWith("logwarden-live-")).collect(Collectors.toSet());
                return live.size() == 2 && assignedMembers(admin, live) == 2;
            });

            List<String> sources = twoPerPartition();
            feed(sources);
            int written = SOURCES * LINES;
            AlertRepository alerts = a.bean(AlertRepository.class);
            await().atMost(WAIT).until(() -> alerts.count() == written);

            Set<String> scoredByA = scoredSources(a);
            Set<String> scoredByB = scoredSources(b);
            assertThat(scoredByA).as("sources scored by A").isNotEmpty();
            assertThat(scoredByB).as("sources scored by B").isNotEmpty().doesNotContainAnyElementsOf(scoredByA);
            assertThat(a.bean(StreamingStats.class).total().sequences() + b.bean(StreamingStats.class).total().sequences())
                    .as("windows scored by both").isEqualTo(written);

            Set<String> everyLine = new TreeSet<>();
            sources.forEach(source -> IntStream.rangeClosed(1, LINES).forEach(n -> everyLine.add(source + "#" + n)));
            await().atMost(WAIT).until(() -> clientA.ofType("alert").size() >= written && clientA.ofType("score").size() >= written
                    && clientB.ofType("alert").size() >= written);
            assertThat(announced(clientA, "alert", "last_line")).as("alerts announced to A's client")
                    .containsOnlyKeys(everyLine).allSatisfy((line, times) -> assertThat(times).as("announcements of %s", line).isEqualTo(1));
            assertThat(announced(clientA, "score", "lastLine")).as("scores announced to A's client")
                    .containsOnlyKeys(everyLine).allSatisfy((line, times) -> assertThat(times).as("scores of %s", line).isEqualTo(1));
            assertThat(clientA.ofType("incident")).extracting(m -> m.path("data").path("incident").path("source").asText())
                    .as("incident messages at A").containsAll(sources);

            // B: every alert, scores sampled down to its rate, and what it dropped counted
            assertThat(announced(clientB, "alert", "last_line")).as("alerts announced to B's client")
                    .containsOnlyKeys(everyLine).allSatisfy((line, times) -> assertThat(times).as("announcements of %s", line).isEqualTo(1));
            Map<String, Integer> scoresAtB = announced(clientB, "score", "lastLine");
            assertThat(scoresAtB.values()).as("scores at B").allMatch(times -> times == 1);
            MeterRegistry metersB = b.bean(MeterRegistry.class);
            await().atMost(WAIT).untilAsserted(() -> assertThat(
                    clientB.ofType("score").size() + metersB.counter("logwarden.websocket.scores.sampled.out").count())
                    .as("scores shown at B plus sampled out").isEqualTo(written));
            assertThat(clientB.ofType("score").size()).as("scores shown at B").isLessThan(written);
            assertThat(a.bean(MeterRegistry.class).counter("logwarden.websocket.scores.sampled.out").count()).isZero();
            for (LogwardenNode node : List.of(a, b)) {
                MeterRegistry meters = node.bean(MeterRegistry.class);
                assertThat(meters.counter("logwarden.kafka.live.dropped", "reason", "queue-full").count()
                        + meters.counter("logwarden.kafka.live.dropped", "reason", "send-failed").count()).isZero();
            }
            System.out.printf("Fan-in: %d lines of %d sources, A scored %s, B scored %s; B's client got %d scores, %.0f sampled out%n",
                    written, SOURCES, scoredByA, scoredByB, clientB.ofType("score").size(),
                    metersB.counter("logwarden.websocket.scores.sampled.out").count());
        }
    }

    /** Source names the default partitioner spreads over the partitions, two each: both replicas get some. */
    private static List<String> twoPerPartition() {
        int[] taken = new int[PARTITIONS];
        List<String> sources = new java.util.ArrayList<>();
        for (int i = 0; sources.size() < SOURCES; i++) {
            String source = "node-" + i + ":/var/log/app.log";
            int partition = Utils.toPositive(Utils.murmur2(source.getBytes(StandardCharsets.UTF_8))) % PARTITIONS;
            if (taken[partition]++ < SOURCES / PARTITIONS) {
                sources.add(source);
            }
        }
        return List.copyOf(sources);
    }

    private static long assignedMembers(Admin admin, Set<String> groups) throws Exception {
        Map<String, ConsumerGroupDescription> described = admin.describeConsumerGroups(groups).all().get(30, TimeUnit.SECONDS);
        return described.values().stream().flatMap(group -> group.members().stream())
                .filter(member -> !member.assignment().topicPartitions().isEmpty()).count();
    }

    private static Set<String> scoredSources(LogwardenNode node) {
        return node.bean(StreamingStats.class).sources().stream().filter(s -> s.sequences() > 0).map(SourceStats::source)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** How many times each source#line came in messages of this type. */
    private static Map<String, Integer> announced(WebSocketRecorder client, String type, String lineField) {
        Map<String, Integer> times = new HashMap<>();
        for (JsonNode message : client.ofType(type)) {
            JsonNode data = message.path("data");
            times.merge(data.path("source").asText() + "#" + data.path(lineField).asLong(), 1, Integer::sum);
        }
        return times;
    }

    private static void feed(List<String> sources) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
            for (int n = 1; n <= LINES; n++) {
                for (String source : sources) {
                    ProducerRecord<String, String> record = new ProducerRecord<>(TOPIC, source, "app[" + (n % 5) + "]: request " + n + " served");
                    record.headers().add(LineHeaders.SOURCE, source.getBytes(StandardCharsets.UTF_8));
                    record.headers().add(LineHeaders.LINE_NUMBER, String.valueOf(n).getBytes(StandardCharsets.UTF_8));
                    record.headers().add(KafkaLineHeaders.FILE_IDENTITY, "1:2:ab".getBytes(StandardCharsets.UTF_8));
                    producer.send(record);
                }
            }
            producer.flush();
        }
    }

    private Map<String, String> settings(int websocketPort) {
        Map<String, String> settings = ReplicaSettings.detector(broker.getBrokersAsString(), TOPIC, GROUP, SCHEMA, TOKEN, 4,
                websocketPort);
        settings.put("logwarden.kafka.live-topic", LIVE_TOPIC);
        return settings;
    }

    private static WebSocketRecorder listen(int port) {
        return ReplicaSettings.listen(port, TOKEN);
    }
}
