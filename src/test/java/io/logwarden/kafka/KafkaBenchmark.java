package io.logwarden.kafka;

import io.logwarden.alert.AlertRepository;
import io.logwarden.bench.LatencyProbe;
import io.logwarden.bench.ScoreListener;
import io.logwarden.parse.LineHeaders;
import io.logwarden.support.FreePort;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import java.io.BufferedWriter;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Not a test ({@code make bench-kafka}): records/s, latency and lag through the Kafka roles on this
 * machine, with one and with two detector replicas, printed as a table with ratios to a bare Kafka
 * consumer of the same run and the load average. One in-process KRaft broker, topics of {@value #PARTITIONS}
 * partitions; the agent and the replicas are whole Logwarden processes ({@link LogwardenNode}) in this
 * JVM, one consumer group, each replica with its own H2 database and its own copy of the demo model.
 * <ol>
 *   <li>bare: a plain KafkaConsumer polls N agent-shaped records (no processing): broker and client cost;</li>
 *   <li>agent -> Kafka -> detector: N lines appended at once to {@value #PARTITIONS} files the agent
 *       follows (one per partition, so two replicas share the work evenly), timed from the append until
 *       the group's committed offsets (Admin API) cover every line (a detector commits a record only once
 *       its windows are scored and alerts stored); with the CPU time of this JVM (broker, agent, replicas)
 *       and of the whole machine over that time;</li>
 *   <li>latency: numbered demo lines appended at 250 and at 1,000 lines/s to another followed file for
 *       {@value #PROBE_SECONDS} s each; each line's WebSocket {@code score} message is timed on the replicas'
 *       WebSockets (first arrival; without fan-in only the replica that scored it sends it); the first
 *       {@value #PROBE_WARM_UP} s are a warm-up and not counted;</li>
 *   <li>burst: N records produced at once straight to the topic; the group's lag (log end offsets minus
 *       committed offsets, Admin API) sampled every {@value #SAMPLE_MS} ms: its maximum and the time until
 *       every record is committed;</li>
 * </ol>
 * 2 to 4 with one replica, then after a second replica joined the group, then both again (a new second
 * replica: the same JVM, so compiled code, but its own state). Spring start-ups, a warm-up of N/2 lines
 * through the agent and N/2 records straight to Kafka, the group's rebalances and N/10 lines before each
 * case are outside the timings. Usage: KafkaBenchmark [records=20000]
 */
public final class KafkaBenchmark {

    private static final int PARTITIONS = 4;
    private static final String TOPIC = "bench-lines";
    private static final String GROUP = "bench-detectors";
    private static final String HOST = "node-b";
    private static final String TOKEN = "kafka-bench-0123456789abcdef0123";
    /** The rate, and one the agent keeps up with on this machine (it sends one line at a time). */
    private static final int[] PROBE_RATES = {250, 1000};
    private static final int PROBE_SECONDS = 20;
    private static final int PROBE_WARM_UP = 5;
    private static final int SAMPLE_MS = 100;
    private static final Duration TIMEOUT = Duration.ofMinutes(10);

    private final EmbeddedKafkaKraftBroker broker;
    private final Admin admin;
    private final Path root;
    private final Path logs;
    private final List<Path> files = new ArrayList<>();
    private final Path probeFile;
    private final List<ScoreListener> listeners = new ArrayList<>();
    private int appended;
    private int probes;
    private int burstLines;

    private KafkaBenchmark(EmbeddedKafkaKraftBroker broker, Path root) throws Exception {
        this.broker = broker;
        this.root = root;
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()));
        this.logs = Files.createDirectories(root.resolve("logs"));
        for (int i = 0; files.size() < PARTITIONS; i++) {
            Path file = logs.resolve("app-" + i + ".log");
            if (files.stream().noneMatch(f -> partition(source(f)) == partition(source(file)))) files.add(file);
        }
        for (Path file : files) Files.createFile(file);
        probeFile = Files.createFile(logs.resolve("probe.log"));
    }

    public static void main(String[] args) throws Exception {
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .setLevel(ch.qos.logback.classic.Level.WARN);
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        double loadAtStart = load();
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, PARTITIONS, "bench-bare", TOPIC);
        broker.afterPropertiesSet();
        Path root = Files.createTempDirectory("kafka-bench");
        try {
            new KafkaBenchmark(broker, root).run(n, loadAtStart);
        } finally {
            broker.destroy();
            try (Stream<Path> walk = Files.walk(root)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        System.exit(0);
    }

    private void run(int n, double loadAtStart) throws Exception {
        List<String> bareSources = List.of("bare-0:/var/log/app.log", "bare-1:/var/log/app.log", "bare-2:/var/log/app.log", "bare-3:/var/log/app.log");
        produce("bench-bare", bareSources, 1, n);
        double bare = bareConsume("bench-bare", n);
        System.out.printf(Locale.ROOT, "bare KafkaConsumer: %,.0f records/s%n", bare);

        List<Result> results = new ArrayList<>();
        Map<String, String> agentSettings = new LinkedHashMap<>();
        agentSettings.put("logwarden.role", "agent");
        agentSettings.put("logwarden.kafka.brokers", broker.getBrokersAsString());
        agentSettings.put("logwarden.kafka.topic", TOPIC);
        agentSettings.put("logwarden.kafka.host", HOST);
        agentSettings.put("logwarden.tail.follow", Stream.concat(files.stream(), Stream.of(probeFile)).map(Path::toString).collect(Collectors.joining(",")));
        agentSettings.put("logwarden.tail.start-from", "beginning");
        agentSettings.put("logwarden.tail.scan-stream-delay", "250"); // the default, as `make run` follows files
        agentSettings.put("logging.level.root", "WARN");
        try (LogwardenNode a = startReplica("replica-a");
             LogwardenNode agent = LogwardenNode.start("bench-agent", root, agentSettings)) {
            // the JIT has compiled both paths (tail -> producer, consumer -> pipeline) before the first timing:
            // 500 lines left the first case of the first runs at half the speed of the later ones
            long warming = System.nanoTime();
            appendAll(n / 2);
            burst(n / 2);
            awaitCommitted(TIMEOUT);
            System.out.printf(Locale.ROOT, "warm-up (%,d lines through the agent, %,d records straight to Kafka) took %.1f s%n",
                    n / 2, n / 2, (System.nanoTime() - warming) / 1e9);
            // each configuration twice, alternating: the first runs showed the later cases faster whatever
            // their replicas (the JIT and the first replica's state go on warming up)
            for (String round : new String[] {"", " again"}) {
                results.add(measure("1 replica" + round, n, a));
                try (LogwardenNode b = startReplica("replica-b" + round.replace(' ', '-'))) {
                    long joining = System.nanoTime();
                    awaitMembers(2);
                    System.out.printf(Locale.ROOT, "replica B joined the group, both own partitions after %.1f s%n", (System.nanoTime() - joining) / 1e9);
                    results.add(measure("2 replicas" + round, n, a, b));
                }
                awaitMembers(1); // B left: A owns every partition again
            }
        }
        print(n, bare, results, loadAtStart);
    }

    private LogwardenNode startReplica(String name) throws Exception {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("logwarden.role", "detector");
        settings.put("logwarden.kafka.brokers", broker.getBrokersAsString());
        settings.put("logwarden.kafka.topic", TOPIC);
        settings.put("logwarden.kafka.group-id", GROUP);
        // the repository's demo DeepLog model, as `make run` scores; a copy each, since a replica adds the
        // templates it learns to the active model's templates.json
        Path models = root.resolve(name + "-models");
        Files.createDirectories(models.resolve("demo"));
        try (Stream<Path> model = Files.list(Path.of("models/demo"))) {
            for (Path f : model.toList()) Files.copy(f, models.resolve("demo").resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        }
        settings.put("logwarden.models-dir", models.toString());
        int websocket = FreePort.find();
        settings.put("logwarden.websocket.port", String.valueOf(websocket));
        settings.put("logwarden.api.token", TOKEN);
        settings.put("logwarden.admin.password", "bench-only-" + TOKEN);
        settings.put("logging.level.root", "WARN");
        settings.put("logging.level.io.logwarden.alerts", "ERROR"); // one WARN line per alert would measure the console
        LogwardenNode node = LogwardenNode.start(name, root, settings);
        ScoreListener listener = new ScoreListener();
        HttpClient.newHttpClient().newWebSocketBuilder().header("X-API-Token", TOKEN)
                .buildAsync(URI.create("ws://127.0.0.1:" + websocket + "/api/v1/streaming/ws"), listener).get(30, TimeUnit.SECONDS);
        listeners.add(listener);
        return node;
    }

    /** Throughput, latency and burst with the given replicas running. */
    private Result measure(String label, int n, LogwardenNode... nodes) throws Exception {
        Result r = new Result(label, nodes.length);
        // warm-up: the group's members own their partitions and every replica's pipeline has run
        appendAll(n / 10);
        awaitCommitted(Duration.ofMinutes(5));

        Usage before = Usage.now();
        long commitsBefore = commits(nodes);
        long base = committed();
        long started = System.nanoTime();
        appendAll(n);
        r.maxLagAgent = awaitCommitted(base + n, started, TIMEOUT).maxLag;
        Usage used = Usage.now().minus(before);
        r.agentSeconds = (System.nanoTime() - started) / 1e9;
        r.agentRate = n / r.agentSeconds;
        r.cpuSeconds = used.processCpu;
        r.machineBusy = used.machineBusy();
        r.commits = commits(nodes) - commitsBefore;
        System.out.printf(Locale.ROOT, "%s, agent -> Kafka -> detector: %,d lines in %.1f s, %,.0f lines/s, %.1f CPU s (%.2f cores of this JVM, machine %.0f%% busy), max lag %,d%n",
                label, n, r.agentSeconds, r.agentRate, r.cpuSeconds, r.cpuSeconds / r.agentSeconds, 100 * r.machineBusy, r.maxLagAgent);

        r.latency = new double[PROBE_RATES.length][];
        for (int i = 0; i < PROBE_RATES.length; i++) {
            double[] l = r.latency[i] = probe(PROBE_RATES[i]);
            System.out.printf(Locale.ROOT, "%s, latency at %,d lines/s: p50 %.0f ms, p99 %.0f ms, max %.0f ms, %d of %d lines without a score message%n",
                    label, PROBE_RATES[i], l[0], l[1], l[2], (long) l[3], (long) l[4]);
            awaitCommitted(TIMEOUT); // the probe's backlog, if any, is not the next measurement's
        }

        base = committed();
        started = System.nanoTime();
        before = Usage.now();
        commitsBefore = commits(nodes);
        burst(n);
        Drain drain = awaitCommitted(base + n, started, TIMEOUT);
        r.burstSeconds = (System.nanoTime() - started) / 1e9;
        r.burstRate = n / r.burstSeconds;
        r.burstCpuSeconds = Usage.now().minus(before).processCpu;
        r.burstCommits = commits(nodes) - commitsBefore;
        r.maxLag = drain.maxLag;
        r.maxLagAfter = drain.maxLagAt;
        r.alerts = 0;
        for (LogwardenNode node : nodes) r.alerts += node.bean(AlertRepository.class).count();
        System.out.printf(Locale.ROOT, "%s, burst of %,d records: max lag %,d at %.1f s, drained in %.1f s (%,.0f records/s, %.1f CPU s)%n",
                label, n, r.maxLag, r.maxLagAfter, r.burstSeconds, r.burstRate, r.burstCpuSeconds);
        return r;
    }

    // ---- the load ---------------------------------------------------------------------------

    private static String line(int i) {
        return "app[" + (i % 7) + "]: request " + i + " served in " + (i % 97) + " ms";
    }

    private static String source(Path file) {
        return HOST + ":" + file;
    }

    private static int partition(String key) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % PARTITIONS;
    }

    /** Appends {@code count} numbered lines, spread evenly over the files, each file in one write. */
    private void appendAll(int count) throws java.io.IOException {
        for (int f = 0; f < files.size(); f++) {
            try (BufferedWriter w = Files.newBufferedWriter(files.get(f), StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND)) {
                for (int i = f; i < count; i += files.size()) {
                    w.write(line(appended + i + 1));
                    w.write('\n');
                }
            }
        }
        appended += count;
    }

    /** {@code count} agent-shaped records of one source per partition, sent at once. */
    private void burst(int count) {
        List<String> sources = new ArrayList<>();
        for (int i = 0; sources.size() < PARTITIONS; i++) {
            String source = "burst-" + i + ":/var/log/app.log";
            if (sources.stream().noneMatch(s -> partition(s) == partition(source))) sources.add(source);
        }
        produce(TOPIC, sources, burstLines + 1, burstLines + count);
        burstLines += count;
    }

    private void produce(String topic, List<String> sources, int from, int to) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
            for (int i = from; i <= to; i++) {
                String source = sources.get(i % sources.size());
                // line numbers per source, as the agent counts them
                long number = (i - 1) / sources.size() + 1;
                ProducerRecord<String, String> record = new ProducerRecord<>(topic, source, line(i));
                record.headers().add(LineHeaders.SOURCE, source.getBytes(StandardCharsets.UTF_8));
                record.headers().add(LineHeaders.LINE_NUMBER, String.valueOf(number).getBytes(StandardCharsets.UTF_8));
                record.headers().add(KafkaLineHeaders.FILE_IDENTITY, "2049:77:abc".getBytes(StandardCharsets.UTF_8));
                producer.send(record);
            }
            producer.flush();
        }
    }

    // ---- measurements -----------------------------------------------------------------------

    private double bareConsume(String topic, int n) {
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

    /**
     * Appends numbered demo lines at the given rate to the probe file and times each line's score message
     * on every replica's WebSocket: p50, p99, max (ms), lines without a message, lines counted (after the warm-up).
     */
    private double[] probe(int rate) throws Exception {
        int count = PROBE_SECONDS * rate;
        String source = source(probeFile);
        long from = probes;
        for (ScoreListener listener : listeners) listener.track(source, (int) from + count);
        long[] times = LatencyProbe.append(probeFile, LatencyProbe.lines(count), rate);
        // the last lines' messages: at most 60 s more (a backlog of a rate above the pipeline's drains meanwhile)
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (listeners.stream().mapToLong(l -> l.lastLine(source)).max().orElse(0) < from + count && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        probes += count;
        // the file's line numbers go on from the previous probe: index the arrivals by this probe's lines
        long[][] arrivals = listeners.stream().map(l -> java.util.Arrays.copyOfRange(l.arrivals(source), (int) from, (int) from + count + 1))
                .toArray(long[][]::new);
        return LatencyProbe.summarize(times, PROBE_WARM_UP * rate + 1, arrivals);
    }

    private record Drain(long maxLag, double maxLagAt) {
    }

    /** Waits until the group has committed everything written so far. */
    private Drain awaitCommitted(Duration timeout) throws Exception {
        return awaitCommitted(-1, System.nanoTime(), timeout);
    }

    /**
     * Samples the group's lag until its committed offsets reach {@code target} (sum over the partitions;
     * -1: the log end offsets) and no lag is left: the maximum lag seen and when (s after {@code started}).
     */
    private Drain awaitCommitted(long target, long started, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        long maxLag = 0;
        long maxLagAt = started;
        while (true) {
            Map<TopicPartition, Long> ends = endOffsets();
            long committed = committed();
            long lag = ends.values().stream().mapToLong(Long::longValue).sum() - committed;
            long now = System.nanoTime();
            if (lag > maxLag) {
                maxLag = lag;
                maxLagAt = now;
            }
            if (lag == 0 && (target < 0 || committed >= target)) return new Drain(maxLag, (maxLagAt - started) / 1e9);
            if (now > deadline) {
                throw new IllegalStateException("the group has committed " + committed + " of " + (target < 0 ? "all" : target)
                        + " records (lag " + lag + ") after " + timeout);
            }
            Thread.sleep(SAMPLE_MS);
        }
    }

    /** Offset commits of the replicas so far (one per poll whose records moved a partition's watermark). */
    private static long commits(LogwardenNode... nodes) {
        long count = 0;
        for (LogwardenNode node : nodes) {
            count += node.bean(io.micrometer.core.instrument.MeterRegistry.class).get("logwarden.kafka.offset.commit").timer().count();
        }
        return count;
    }

    private Map<TopicPartition, Long> endOffsets() throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new LinkedHashMap<>();
        for (int p = 0; p < PARTITIONS; p++) latest.put(new TopicPartition(TOPIC, p), OffsetSpec.latest());
        return admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS).entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }

    /** The group's committed offsets summed over the topic's partitions (none yet: 0). */
    private long committed() throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(GROUP).partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
        return offsets.entrySet().stream().filter(e -> e.getKey().topic().equals(TOPIC) && e.getValue() != null)
                .mapToLong(e -> e.getValue().offset()).sum();
    }

    /** Waits until exactly {@code members} members of the group own partitions, all of the topic's between them. */
    private void awaitMembers(int members) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (true) {
            var owners = admin.describeConsumerGroups(List.of(GROUP)).all().get(30, TimeUnit.SECONDS).get(GROUP).members().stream()
                    .filter(member -> !member.assignment().topicPartitions().isEmpty()).toList();
            if (owners.size() == members && owners.stream().mapToInt(m -> m.assignment().topicPartitions().size()).sum() == PARTITIONS) return;
            if (System.nanoTime() > deadline) throw new IllegalStateException("not " + members + " members owning the partitions after 5 minutes: " + owners);
            Thread.sleep(SAMPLE_MS);
        }
    }

    private static double load() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    /** CPU time of this JVM and of the whole machine (/proc/stat, all cores) at one moment. */
    private record Usage(double processCpu, double busy, double total) {

        static Usage now() throws java.io.IOException {
            double process = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime() / 1e9;
            String[] cpu = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            double total = 0;
            for (int i = 1; i <= 8 && i < cpu.length; i++) total += Long.parseLong(cpu[i]); // user .. steal, in USER_HZ
            double idle = Long.parseLong(cpu[4]) + Long.parseLong(cpu[5]); // idle, iowait
            return new Usage(process, total - idle, total);
        }

        Usage minus(Usage earlier) {
            return new Usage(processCpu - earlier.processCpu, busy - earlier.busy, total - earlier.total);
        }

        /** Fraction of all cores' time that was busy (any process). */
        double machineBusy() {
            return total == 0 ? 0 : busy / total;
        }
    }

    private static final class Result {
        final String label;
        final int replicas;
        double agentSeconds;
        double agentRate;
        double cpuSeconds;
        double machineBusy;
        long maxLagAgent;
        double[][] latency;
        double burstSeconds;
        double burstRate;
        double burstCpuSeconds;
        long maxLag;
        double maxLagAfter;
        long alerts;
        long commits;
        long burstCommits;

        Result(String label, int replicas) {
            this.label = label;
            this.replicas = replicas;
        }
    }

    private static void print(int n, double bare, List<Result> results, double loadAtStart) {
        System.out.println();
        System.out.printf(Locale.ROOT, "%,d records per case, %d partitions, %d cores, load average %.2f at start, %.2f at the end, %s%n", n,
                PARTITIONS, Runtime.getRuntime().availableProcessors(), loadAtStart, load(),
                System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        System.out.println("| measure | " + results.stream().map(r -> r.label).collect(Collectors.joining(" | ")) + " | mean 2 / mean 1 |");
        System.out.println("|---|" + "---:|".repeat(results.size()) + "---:|");
        row("bare KafkaConsumer (poll only), records/s", results, r -> String.format(Locale.ROOT, "%,.0f", bare), null);
        row("agent -> Kafka -> detector, lines/s (ratio to bare)", results,
                r -> String.format(Locale.ROOT, "%,.0f (%.3f)", r.agentRate, r.agentRate / bare), r -> r.agentRate);
        row("  CPU s of this JVM (broker, agent, replicas) / cores used", results,
                r -> String.format(Locale.ROOT, "%.1f / %.2f", r.cpuSeconds, r.cpuSeconds / r.agentSeconds), r -> r.cpuSeconds / r.agentSeconds);
        row("  lines per CPU-second of this JVM", results,
                r -> String.format(Locale.ROOT, "%,.0f", n / r.cpuSeconds), r -> n / r.cpuSeconds);
        row("  machine busy (all processes, all cores)", results, r -> String.format(Locale.ROOT, "%.0f%%", 100 * r.machineBusy), null);
        row("  max lag during the agent run, records", results, r -> String.format(Locale.ROOT, "%,d", r.maxLagAgent), null);
        row("  offset commits (records per commit)", results,
                r -> String.format(Locale.ROOT, "%,d (%.0f)", r.commits, (double) n / r.commits), r -> (double) n / r.commits);
        for (int i = 0; i < PROBE_RATES.length; i++) {
            int at = i;
            row(String.format(Locale.ROOT, "latency append -> score message at %,d lines/s, p50 / p99 ms", PROBE_RATES[i]), results,
                    r -> String.format(Locale.ROOT, "%.0f / %.0f", r.latency[at][0], r.latency[at][1]), r -> r.latency[at][1]);
            row("  max ms, lines without a message", results,
                    r -> String.format(Locale.ROOT, "%.0f, %d of %d", r.latency[at][2], (long) r.latency[at][3], (long) r.latency[at][4]), null);
        }
        row("burst straight to Kafka: drained, records/s (ratio to bare)", results,
                r -> String.format(Locale.ROOT, "%,.0f (%.3f)", r.burstRate, r.burstRate / bare), r -> r.burstRate);
        row("  max lag (s after the first send) / time to lag 0", results,
                r -> String.format(Locale.ROOT, "%,d (%.1f s) / %.1f s", r.maxLag, r.maxLagAfter, r.burstSeconds), r -> r.burstSeconds);
        row("  burst records per CPU-second of this JVM", results,
                r -> String.format(Locale.ROOT, "%,.0f", n / r.burstCpuSeconds), r -> n / r.burstCpuSeconds);
        row("  offset commits (records per commit)", results,
                r -> String.format(Locale.ROOT, "%,d (%.0f)", r.burstCommits, (double) n / r.burstCommits), r -> (double) n / r.burstCommits);
        row("alerts stored (replicas running, whole run so far)", results, r -> String.format(Locale.ROOT, "%,d", r.alerts), null);
    }

    /** A table row; the last column is the mean of {@code metric} over the 2-replica cases over that of the 1-replica ones. */
    private static void row(String name, List<Result> results, java.util.function.Function<Result, String> cell,
                            java.util.function.ToDoubleFunction<Result> metric) {
        String ratio = "";
        if (metric != null) {
            double two = results.stream().filter(r -> r.replicas == 2).mapToDouble(metric).average().orElse(Double.NaN);
            double one = results.stream().filter(r -> r.replicas == 1).mapToDouble(metric).average().orElse(Double.NaN);
            ratio = String.format(Locale.ROOT, "%.2f", two / one);
        }
        System.out.println("| " + name + " | " + results.stream().map(cell).collect(Collectors.joining(" | ")) + " | " + ratio + " |");
    }
}
