package io.logwarden.kafka;

import io.logwarden.alert.AlertRepository;
import io.logwarden.parse.LineHeaders;
import io.logwarden.stream.StreamingStats;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import java.io.BufferedWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Not a test: records/s through the Kafka roles on this machine, printed as a table, against a bare
 * Kafka consumer reading the same number of records from the same in-process KRaft broker.
 * <ol>
 *   <li>bare: a plain KafkaConsumer polls N agent-shaped records (no processing): the broker's and the
 *       client's own cost;</li>
 *   <li>detector: N records produced in a burst to a topic a running detector consumes; timed from the
 *       first send until the detector has parsed N lines and committed their offsets (which it does only
 *       once their windows are scored and alerts stored);</li>
 *   <li>agent -> broker -> detector: N lines appended to a file a running agent follows; timed from the
 *       append until the detector has parsed and committed N lines.</li>
 * </ol>
 * Start-up of the Spring processes and a warm-up of 500 records (group joined, pipeline run once) are
 * outside the timings. One run each, no warm-up beyond the processes'
 * own start: a first look, not a careful measurement. Usage: KafkaBenchmark [records=20000]
 */
public final class KafkaBenchmark {

    private static final int WARM_UP = 500;

    public static void main(String[] args) throws Exception {
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .setLevel(ch.qos.logback.classic.Level.WARN);
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1, "bench-bare", "bench-detector", "bench-agent");
        broker.afterPropertiesSet();
        Path root = Files.createTempDirectory("kafka-bench");
        try {
            String source = "node-b:/var/log/app.log";
            produce(broker, "bench-bare", source, 1, n);
            double bare = bareConsume(broker, "bench-bare", n);

            double detector;
            long detectorAlerts;
            try (LogwardenNode node = LogwardenNode.start("bench-detector", root, settings(broker, "bench-detector", "detector"))) {
                StreamingStats stats = node.bean(StreamingStats.class);
                OffsetWatermarks offsets = node.bean(OffsetWatermarks.class);
                // warm-up: the group is joined and the pipeline has run before the clock starts
                produce(broker, "bench-detector", source, 1, WARM_UP);
                rate(WARM_UP, System.nanoTime(), () -> Math.min(stats.of(source).lines(), offsets.committed("bench-detector", 0)));
                long started = System.nanoTime();
                produce(broker, "bench-detector", source, WARM_UP + 1, WARM_UP + n);
                detector = rate(n, started, () -> Math.min(stats.of(source).lines(), offsets.committed("bench-detector", 0)) - WARM_UP);
                detectorAlerts = node.bean(AlertRepository.class).count();
            }

            double agentToDetector;
            long agentAlerts;
            Path log = root.resolve("logs").resolve("app.log");
            Files.createDirectories(log.getParent());
            Files.createFile(log);
            Map<String, String> agentSettings = settings(broker, "bench-agent", "agent");
            agentSettings.put("logwarden.kafka.host", "node-b");
            agentSettings.put("logwarden.tail.follow", log.toString());
            agentSettings.put("logwarden.tail.start-from", "beginning");
            agentSettings.put("server.port", "0");
            try (LogwardenNode detectorNode = LogwardenNode.start("bench-agent-detector", root, settings(broker, "bench-agent", "detector"));
                 LogwardenNode agent = LogwardenNode.start("bench-agent", root, agentSettings)) {
                StreamingStats stats = detectorNode.bean(StreamingStats.class);
                OffsetWatermarks offsets = detectorNode.bean(OffsetWatermarks.class);
                String agentSource = "node-b:" + log;
                LongSupplier done = () -> Math.min(stats.of(agentSource).lines(), offsets.committed("bench-agent", 0));
                append(log, 1, WARM_UP);
                rate(WARM_UP, System.nanoTime(), done);
                long started = System.nanoTime();
                append(log, WARM_UP + 1, WARM_UP + n);
                agentToDetector = rate(n, started, () -> done.getAsLong() - WARM_UP);
                agentAlerts = detectorNode.bean(AlertRepository.class).count();
            }

            double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            System.out.println();
            System.out.printf("%d records each, one partition, %d cores, load average %.1f at the end, %s%n", n,
                    Runtime.getRuntime().availableProcessors(), load,
                    System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
            System.out.printf("%-58s %12s %8s %18s%n", "path", "records/s", "ratio", "alerts stored");
            System.out.printf("%-58s %,12.0f %8.2f %18s%n", "bare KafkaConsumer (poll only)", bare, 1.0, "-");
            System.out.printf("%-58s %,12.0f %8.3f %,18d%n", "detector: Kafka -> parse, windows, score, alerts, commit", detector,
                    detector / bare, detectorAlerts);
            System.out.printf("%-58s %,12.0f %8.3f %,18d%n", "agent (tail) -> Kafka -> detector", agentToDetector,
                    agentToDetector / bare, agentAlerts);
            System.out.printf("(alerts: of the %d + %d warm-up records of that path)%n", n, WARM_UP);
        } finally {
            broker.destroy();
            try (var files = Files.walk(root)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        System.exit(0);
    }

    private static Map<String, String> settings(EmbeddedKafkaKraftBroker broker, String topic, String role) {
        Map<String, String> settings = new java.util.LinkedHashMap<>();
        settings.put("logwarden.role", role);
        settings.put("logwarden.kafka.brokers", broker.getBrokersAsString());
        settings.put("logwarden.kafka.topic", topic);
        settings.put("logwarden.kafka.group-id", topic);
        // the repository's demo DeepLog model, as `make run` scores (not the statistical fallback)
        settings.put("logwarden.models-dir", Path.of("models").toAbsolutePath().toString());
        settings.put("logging.level.root", "WARN");
        settings.put("logging.level.io.logwarden.alerts", "ERROR");
        return settings;
    }

    private static String line(int i) {
        return "app[" + (i % 7) + "]: request " + i + " served in " + (i % 97) + " ms";
    }

    private static void append(Path log, int from, int to) throws java.io.IOException {
        try (BufferedWriter w = Files.newBufferedWriter(log, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND)) {
            for (int i = from; i <= to; i++) {
                w.write(line(i));
                w.write('\n');
            }
        }
    }

    private static void produce(EmbeddedKafkaKraftBroker broker, String topic, String source, int from, int to) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
            for (int i = from; i <= to; i++) {
                ProducerRecord<String, String> record = new ProducerRecord<>(topic, source, line(i));
                record.headers().add(LineHeaders.SOURCE, source.getBytes(StandardCharsets.UTF_8));
                record.headers().add(LineHeaders.LINE_NUMBER, String.valueOf(i).getBytes(StandardCharsets.UTF_8));
                record.headers().add(KafkaLineHeaders.FILE_IDENTITY, "2049:77:abc".getBytes(StandardCharsets.UTF_8));
                producer.send(record);
            }
            producer.flush();
        }
    }

    private static double bareConsume(EmbeddedKafkaKraftBroker broker, String topic, int n) {
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
                ConsumerConfig.GROUP_ID_CONFIG, "bench-bare",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class))) {
            consumer.subscribe(List.of(topic));
            long count = 0;
            long started = 0;
            while (count < n) {
                int got = consumer.poll(Duration.ofMillis(200)).count();
                if (got > 0 && started == 0) {
                    started = System.nanoTime(); // from the first records: the group join is not the consumer's speed
                }
                count += got;
            }
            return n / ((System.nanoTime() - started) / 1e9);
        }
    }

    /** Records/s once {@code done} reaches n (checked every 20 ms; the resolution is far below the run's seconds). */
    private static double rate(int n, long started, LongSupplier done) throws InterruptedException {
        long deadline = started + Duration.ofMinutes(20).toNanos();
        while (done.getAsLong() < n) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("only " + done.getAsLong() + " of " + n + " records processed in 20 minutes");
            }
            Thread.sleep(20);
        }
        return n / ((System.nanoTime() - started) / 1e9);
    }
}
