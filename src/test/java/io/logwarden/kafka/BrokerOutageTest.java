package io.logwarden.kafka;

import io.logwarden.support.FreePort;
import io.logwarden.tail.TailRegistry;
import io.logwarden.tail.TailState;
import io.logwarden.tools.KafkaBroker;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.actuate.health.CompositeHealth;
import org.springframework.boot.actuate.health.HealthComponent;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.boot.actuate.health.Status;
import org.springframework.core.env.Environment;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
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
 * The broker goes away for 10 s (SIGKILL of its JVM) while an agent follows a file that keeps growing, then
 * comes back on the same port with its data. The agent keeps every line: its reader waits on the unsent
 * line, sends that fail (a delivery timeout of 5 s here, so they do fail) are sent again, and the lines
 * behind it wait in the file, so the agent holds at most one line of the file in flight. Both roles' health
 * check "kafka" turns DOWN within the setting (3 s here) and UP again. The detector raises an alert for
 * every window (threshold 0), so its alert table is the ledger: in the end every line written has exactly
 * one alert, and the agent's broker acknowledged every line exactly once.
 */
class BrokerOutageTest {

    private static final String TOPIC = "lines-outage";
    private static final Duration OUTAGE = Duration.ofSeconds(10);
    private static final Duration START = Duration.ofMinutes(3);

    @TempDir
    Path root;

    private final AtomicInteger written = new AtomicInteger();
    private final AtomicBoolean writing = new AtomicBoolean(true);
    private final AtomicBoolean paused = new AtomicBoolean();

    @Test
    void noLineIsLostOrDoubledWhileTheBrokerIsDownAndBothRolesReportIt() throws Exception {
        int port = FreePort.find();
        Path log = Files.createDirectories(root.resolve("logs")).resolve("app.log");
        Files.createFile(log);
        Process broker = startBroker(port, "broker-1");
        Thread writer = new Thread(() -> write(log), "test-writer");
        writer.setDaemon(true);
        try (LogwardenNode detector = LogwardenNode.start("detector", root, Map.of(
                "logwarden.role", "detector",
                "logwarden.kafka.brokers", "localhost:" + port,
                "logwarden.kafka.topic", TOPIC,
                "logwarden.kafka.group-id", "outage",
                "logwarden.kafka.max-poll-records", "50",
                "logwarden.kafka.broker-down-after", "3s",
                // every window raises an alert: the alert table holds every line's fate
                "logwarden.scoring.alert", "0",
                "logwarden.scoring.warmup-windows", "0",
                "logging.level.io.logwarden.alerts", "ERROR"));
             LogwardenNode agent = LogwardenNode.start("agent", root, Map.of(
                     "logwarden.role", "agent",
                     "logwarden.kafka.brokers", "localhost:" + port,
                     "logwarden.kafka.topic", TOPIC,
                     "logwarden.kafka.host", "node-o",
                     "logwarden.kafka.broker-down-after", "3s",
                     // sends fail within the outage (Kafka requires delivery >= request timeout + linger)
                     "camel.component.kafka.delivery-timeout-ms", "5000",
                     "camel.component.kafka.request-timeout-ms", "2000",
                     "logwarden.tail.follow", log.toString(),
                     "logwarden.tail.start-from", "beginning"))) {
            String source = "node-o:" + log;
            KafkaHealthIndicator detectorHealth = detector.bean(KafkaHealthIndicator.class);
            KafkaHealthIndicator agentHealth = agent.bean(KafkaHealthIndicator.class);
            MeterRegistry agentMeters = agent.bean(MeterRegistry.class);
            TailRegistry tails = agent.bean(TailRegistry.class);
            DataSource alerts = detector.bean(DataSource.class);
            writer.start();

            // the whole way works before the outage
            await().atMost(START).pollInterval(Duration.ofMillis(200)).until(() -> alertsByLine(alerts, source).size() >= 20);
            assertThat(status(detectorHealth)).isEqualTo(Status.UP);
            assertThat(status(agentHealth)).isEqualTo(Status.UP);
            assertThat(anonymousHealth(detector)).isEqualTo(200);

            // no send in flight at the kill: a record the broker wrote but could not acknowledge would be sent
            // again after its delivery timeout and stored twice (at-least-once; README "Delivery")
            paused.set(true);
            await().atMost(Duration.ofMinutes(1)).until(() -> produced(agentMeters) == written.get());
            long killedAt = System.nanoTime();
            broker.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            int atKill = written.get();
            paused.set(false);

            await().atMost(Duration.ofSeconds(30)).until(() -> status(detectorHealth) == Status.DOWN
                    && status(agentHealth) == Status.DOWN);
            long downAfterMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
            assertThat(anonymousHealth(detector)).as("/actuator/health while the broker is down").isEqualTo(503);
            String detectorDuringOutage = components(detector);
            String agentDuringOutage = components(agent);

            // the rest of the outage: the agent holds at most one line in flight, the backlog grows in the file
            TailState tail = tails.state(log.toString()).orElseThrow();
            AtomicLong maxInFlight = new AtomicLong();
            Duration left = OUTAGE.minusNanos(System.nanoTime() - killedAt);
            if (!left.isNegative()) {
                await().during(left).atMost(left.plusSeconds(5)).pollInterval(Duration.ofMillis(50)).until(() -> {
                    maxInFlight.accumulateAndGet(tail.linesInFlight(), Math::max);
                    return tail.linesInFlight() <= 1 && tail.linesRead() <= atKill + 1;
                });
            }
            int atRestart = written.get();
            assertThat(atRestart - tail.linesRead()).as("lines written during the outage, waiting in the file")
                    .isGreaterThanOrEqualTo(25);
            assertThat(tail.lag()).as("bytes not yet read: the backlog is in the file").isPositive();
            assertThat(failedSends(agentMeters)).as("sends that timed out during the outage (sent again)").isPositive();
            assertThat(tail.linesNotDelivered()).isPositive();

            broker = startBroker(port, "broker-2");
            long restartedAt = System.nanoTime();
            await().atMost(Duration.ofMinutes(1)).until(() -> status(detectorHealth) == Status.UP && status(agentHealth) == Status.UP);
            long upAfterMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - restartedAt);
            try {
                await().atMost(Duration.ofMinutes(1)).until(() -> anonymousHealth(detector) == 200);
            } catch (org.awaitility.core.ConditionTimeoutException e) {
                throw new AssertionError("detector health after the restart: " + components(detector), e);
            }

            // lines keep coming for a while after the broker is back, then the ledger is checked
            int resumeAt = written.get();
            await().atMost(Duration.ofMinutes(1)).until(() -> written.get() >= resumeAt + 20);
            writing.set(false);
            writer.join();
            int total = written.get();
            await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(500))
                    .until(() -> alertsByLine(alerts, source).size() >= total);
            Map<Long, Integer> ledger = alertsByLine(alerts, source);
            for (long line = 1; line <= total; line++) {
                assertThat(ledger.getOrDefault(line, 0)).as("alerts of line %d of %d", line, total).isEqualTo(1);
            }
            assertThat(ledger).hasSize(total);
            assertThat(produced(agentMeters)).as("lines the broker acknowledged, each once").isEqualTo(total);
            DetectorRecords.Continuity received = detector.bean(DetectorRecords.class).continuity(source).orElseThrow();
            assertThat(received.gaps()).isZero();
            assertThat(received.last()).isEqualTo(total);
            assertThat(detector.bean(MeterRegistry.class).counter("logwarden.kafka.rebalances").count())
                    .as("the detector's assignments").isPositive();
            System.out.printf("Broker outage: %d lines, %d written while the broker was down; kafka health DOWN %d ms after "
                            + "the kill, UP %d ms after the restart; %.0f failed sends sent again; at most %d line(s) in flight%n",
                    total, atRestart - atKill, downAfterMs, upAfterMs, failedSends(agentMeters), maxInFlight.get());
            System.out.printf("Health during the outage: detector %s; agent %s%n", detectorDuringOutage, agentDuringOutage);
        } finally {
            writing.set(false);
            broker.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** Numbered lines, five a second, while writing; none while paused. */
    private void write(Path log) {
        try {
            while (writing.get()) {
                if (!paused.get()) {
                    int n = written.get() + 1;
                    Files.writeString(log, "app[" + (n % 7) + "]: request " + n + " served\n", StandardOpenOption.APPEND);
                    written.set(n);
                }
                TimeUnit.MILLISECONDS.sleep(200); // pacing of the writer, not a wait for a result
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The launcher of make kafka in its own JVM, on the same port and data directory at every start. */
    private Process startBroker(int port, String name) throws IOException {
        Path output = root.resolve(name + ".log");
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                KafkaBroker.class.getName(), "--port", String.valueOf(port), "--controller-port", String.valueOf(FreePort.find()),
                "--dir", root.resolve("kafka").toString(), "--topic", TOPIC, "--partitions", "1")
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(200)).until(() -> {
            assertThat(process.isAlive()).as("broker JVM running: %s", Files.readString(output)).isTrue();
            return Files.readString(output).contains("ready at localhost:" + port);
        });
        return process;
    }

    private static Status status(KafkaHealthIndicator health) {
        return health.health().getStatus();
    }

    /** The HTTP status an anonymous probe gets from /actuator/health. */
    private static int anonymousHealth(LogwardenNode node) throws Exception {
        String port = node.bean(Environment.class).getProperty("local.server.port");
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        return response.statusCode();
    }

    /** Each health check's status, e.g. {kafka=DOWN, camelHealth=UP, ...}. */
    private static String components(LogwardenNode node) {
        HealthComponent health = node.bean(HealthEndpoint.class).health();
        if (health instanceof CompositeHealth composite) {
            Map<String, String> statuses = new java.util.TreeMap<>();
            composite.getComponents().forEach((name, component) -> statuses.put(name, component.getStatus().getCode()));
            return statuses.toString();
        }
        return health.getStatus().getCode();
    }

    private static long produced(MeterRegistry meters) {
        return (long) meters.counter("logwarden.kafka.records.produced").count();
    }

    private static double failedSends(MeterRegistry meters) {
        return meters.counter("logwarden.kafka.records.send.failed").count();
    }

    /** The detector's alerts per line number of the source. */
    private static Map<Long, Integer> alertsByLine(DataSource alerts, String source) throws Exception {
        Map<Long, Integer> lines = new HashMap<>();
        try (Connection c = alerts.getConnection();
             PreparedStatement query = c.prepareStatement("SELECT last_line FROM alert WHERE source = ?")) {
            query.setString(1, source);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    lines.merge(rs.getLong(1), 1, Integer::sum);
                }
            }
        }
        return lines;
    }
}
