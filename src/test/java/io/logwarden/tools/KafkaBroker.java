package io.logwarden.tools;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * A single-node Apache Kafka broker in KRaft combined mode (broker and controller in one process), from
 * the Maven artifacts (no Docker, no download): {@code make kafka} starts it in the background and
 * {@code make run-cluster} joins an agent and two detectors to it. A tool, not a test.
 * <p>
 * Its data lives in {@code --dir} (default {@code ./data/kafka}, log segments in {@code <dir>/kraft}):
 * the storage is formatted once, on the first start, exactly as {@code kafka-storage.sh format} would,
 * and later starts on the same directory find their topics and committed consumer offsets again.
 * It creates the lines topic if it is missing, prints one {@code ready at localhost:PORT} line once the
 * broker answers, and shuts down cleanly on SIGTERM or Ctrl-C (a clean shutdown spares the next start
 * the log recovery).
 * <p>
 * Arguments: {@code [--port 9092] [--controller-port PORT+1] [--dir ./data/kafka]
 * [--topic logwarden-lines] [--partitions 6]}.
 */
public final class KafkaBroker {

    private static final int NODE_ID = 1;

    private KafkaBroker() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        int port = Integer.parseInt(options.getOrDefault("port", "9092"));
        int controllerPort = Integer.parseInt(options.getOrDefault("controller-port", String.valueOf(port + 1)));
        Path dir = Path.of(options.getOrDefault("dir", "data/kafka")).toAbsolutePath().normalize();
        String topic = options.getOrDefault("topic", "logwarden-lines");
        int partitions = Integer.parseInt(options.getOrDefault("partitions", "6"));
        quietLogging();

        Path logDir = dir.resolve("kraft");
        Files.createDirectories(logDir);
        Properties properties = serverProperties(port, controllerPort, logDir);
        try (Writer out = Files.newBufferedWriter(dir.resolve("server.properties"))) {
            properties.store(out, "Written by io.logwarden.tools.KafkaBroker at every start; for reading, not read back");
        }
        formatOnFirstStart(logDir);

        KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(properties), Time.SYSTEM);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("Kafka broker stopping (clean shutdown)");
            server.shutdown();
            server.awaitShutdown();
            System.out.println("Kafka broker stopped");
            stopped.countDown();
        }, "kafka-broker-stop"));
        server.startup();

        String bootstrap = "localhost:" + port;
        int topicPartitions;
        try {
            topicPartitions = ensureTopic(bootstrap, topic, partitions);
        } catch (Exception e) {
            // the broker's threads would keep the JVM alive without a usable topic; the hook stops them
            e.printStackTrace();
            System.exit(1);
            return;
        }
        System.out.printf("Kafka broker (KRaft, single node) ready at %s, topic %s with %d partitions, data in %s%n",
                bootstrap, topic, topicPartitions, dir);
        System.out.flush();
        stopped.await();
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new java.util.HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 == args.length) {
                throw new IllegalArgumentException("usage: KafkaBroker [--port 9092] [--controller-port 9093]"
                        + " [--dir ./data/kafka] [--topic logwarden-lines] [--partitions 6]; got " + args[i]);
            }
            options.put(args[i].substring(2), args[++i]);
        }
        return options;
    }

    /** Kafka's INFO lines are thousands per start (every config dump); warnings and the lifecycle stay. */
    private static void quietLogging() {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.WARN);
        for (String lifecycle : List.of("kafka.server.KafkaRaftServer", "kafka.server.BrokerServer",
                "kafka.server.ControllerServer")) {
            ((Logger) LoggerFactory.getLogger(lifecycle)).setLevel(Level.INFO);
        }
    }

    /**
     * A static one-voter quorum: the controller's address is configuration, not part of the stored
     * metadata, so a restart with another controller port still finds its data.
     */
    static Properties serverProperties(int port, int controllerPort, Path logDir) {
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", String.valueOf(NODE_ID));
        p.setProperty("controller.quorum.voters", NODE_ID + "@localhost:" + controllerPort);
        p.setProperty("listeners", "PLAINTEXT://localhost:" + port + ",CONTROLLER://localhost:" + controllerPort);
        p.setProperty("advertised.listeners", "PLAINTEXT://localhost:" + port);
        p.setProperty("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.setProperty("controller.listener.names", "CONTROLLER");
        p.setProperty("inter.broker.listener.name", "PLAINTEXT");
        p.setProperty("log.dirs", logDir.toString());
        // one node: the internal topics (committed offsets, transactions) cannot have more replicas
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("default.replication.factor", "1");
        p.setProperty("min.insync.replicas", "1");
        // a restarted detector group gets its partitions at once instead of after 3 s
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        p.setProperty("auto.create.topics.enable", "false");
        // a development broker on a laptop: a week of lines at most, in 256 MB segments
        p.setProperty("log.retention.hours", "168");
        p.setProperty("log.segment.bytes", String.valueOf(256 * 1024 * 1024));
        return p;
    }

    /** What {@code kafka-storage.sh format -t <random id> -c server.properties} does, once per directory. */
    private static void formatOnFirstStart(Path logDir) throws Exception {
        if (Files.exists(logDir.resolve("meta.properties"))) {
            return;
        }
        String clusterId = Uuid.randomUuid().toString();
        new Formatter()
                .setPrintStream(System.out)
                .setNodeId(NODE_ID)
                .setClusterId(clusterId)
                .setDirectories(List.of(logDir.toString()))
                .setMetadataLogDirectory(logDir.toString())
                .setControllerListenerName("CONTROLLER")
                .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                .run();
        System.out.printf("Formatted %s for cluster %s%n", logDir, clusterId);
    }

    /** Creates the topic if it is missing; returns its partition count (an existing topic keeps its own). */
    private static int ensureTopic(String bootstrap, String topic, int partitions)
            throws InterruptedException, ExecutionException, IOException {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 120_000))) {
            try {
                admin.createTopics(Set.of(new NewTopic(topic, partitions, (short) 1))).all().get(2, TimeUnit.MINUTES);
                System.out.printf("Created topic %s with %d partitions%n", topic, partitions);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            } catch (java.util.concurrent.TimeoutException e) {
                throw new IOException("The broker at " + bootstrap + " did not create topic " + topic + " within 2 minutes", e);
            }
            try {
                return admin.describeTopics(Set.of(topic)).allTopicNames().get(2, TimeUnit.MINUTES)
                        .get(topic).partitions().size();
            } catch (java.util.concurrent.TimeoutException e) {
                throw new IOException("The broker at " + bootstrap + " did not describe topic " + topic + " within 2 minutes", e);
            }
        }
    }
}
