package io.logwarden.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logwarden.model.ModelActivation;
import io.logwarden.model.ModelManager;
import io.logwarden.support.TestCredentials;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.env.Environment;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 15: a model activated through one detector replica's API becomes the model of every detector
 * replica of the cluster, through the compacted control topic of a real Kafka broker (KRaft, in process).
 * Each replica is a whole Logwarden process with a models directory of its own, as on separate machines.
 */
class KafkaModelActivationTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String LINES = "models-lines";
    private static final String CONTROL = "models-control";
    private static final Path DEMO = Path.of("models", "demo");
    private static EmbeddedKafkaKraftBroker broker;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @TempDir
    Path root;

    @BeforeAll
    static void startBroker() {
        broker = new EmbeddedKafkaKraftBroker(1, 1, LINES);
        broker.afterPropertiesSet();
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.destroy();
        }
    }

    @Test
    void aModelActivatedOnOneReplicaBecomesEveryReplicasModel() throws Exception {
        long started = System.nanoTime();
        try (LogwardenNode a = LogwardenNode.start("replica-a", root, replica("replica-a", "demo", "demo-copy", "only-a"));
             LogwardenNode b = LogwardenNode.start("replica-b", root, replica("replica-b", "demo", "demo-copy"))) {
            assertThat(active(a)).isEqualTo("demo");
            assertThat(active(b)).isEqualTo("demo");
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()))) {
                ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, CONTROL);
                assertThat(admin.describeConfigs(List.of(topic)).all().get(30, TimeUnit.SECONDS).get(topic)
                        .get(TopicConfig.CLEANUP_POLICY_CONFIG).value()).as("control topic created compacted").isEqualTo("compact");
            }
            awaitRouteStarted(b, "kafka-control-models");

            long activating = System.nanoTime();
            HttpResponse<String> answer = activate(a, "demo-copy");
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
            JsonNode activated = json.readTree(answer.body());
            assertThat(activated.path("active").asText()).isEqualTo("demo-copy");
            assertThat(activated.path("shared_on").asText()).isEqualTo(CONTROL);
            assertThat(active(a)).as("active on the replica that was asked, before its answer").isEqualTo("demo-copy");

            await().atMost(WAIT).until(() -> "demo-copy".equals(active(b)));
            long followedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - activating);
            JsonNode clusterAtB = models(b).path("cluster");
            assertThat(clusterAtB.path("model").asText()).isEqualTo("demo-copy");
            assertThat(clusterAtB.path("state").asText()).isEqualTo("active");
            assertThat(clusterAtB.path("activated_by").asText()).isEqualTo("token:test-operator-token");
            assertThat(clusterAtB.path("activated_on").asText()).isEqualTo("replica-a");
            assertThat(clusterAtB.path("this_replica").asText()).isEqualTo("replica-b");
            assertThat(clusterAtB.path("checksum").asText()).hasSize(64);

            // a model that A lacks is refused before anything is announced
            HttpResponse<String> unknown = activate(a, "no-such-model");
            assertThat(unknown.statusCode()).isEqualTo(404);
            assertThat(json.readTree(unknown.body()).path("error").asText()).isEqualTo("model_not_found");

            // a replica started afterwards comes up with the cluster's model, not its logwarden.model: read from the
            // control topic before its routes start, so that not even its first lines are scored with "demo"
            long startingC = System.nanoTime();
            try (LogwardenNode c = LogwardenNode.start("replica-c", root, replica("replica-c", "demo", "demo-copy"))) {
                assertThat(active(c)).as("model active when the replica has started").isEqualTo("demo-copy");
                assertThat(c.bean(ModelActivation.class).cluster().state()).isEqualTo(ModelActivation.State.ACTIVE);
                long cMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startingC);

                // a model B and C do not have: A switches, B and C keep theirs, say so and count it
                HttpResponse<String> onlyA = activate(a, "only-a");
                assertThat(onlyA.statusCode()).as(onlyA.body()).isEqualTo(200);
                assertThat(active(a)).isEqualTo("only-a");
                for (LogwardenNode replica : List.of(b, c)) {
                    ModelActivation activation = replica.bean(ModelActivation.class);
                    await().atMost(WAIT).until(() -> activation.cluster() != null && "only-a".equals(activation.cluster().model().model()));
                    assertThat(activation.cluster().state()).isEqualTo(ModelActivation.State.MISSING);
                    assertThat(active(replica)).as("model kept by a replica without only-a").isEqualTo("demo-copy");
                    assertThat(replica.bean(MeterRegistry.class).get("logwarden.model.cluster.mismatch").gauge().value()).isEqualTo(1.0);
                    assertThat(replica.bean(CamelContext.class).getRouteController().getRouteStatus("kafka-control-models"))
                            .as("control route still consuming").isEqualTo(ServiceStatus.Started);
                }
                JsonNode missingAtB = models(b).path("cluster");
                assertThat(missingAtB.path("state").asText()).isEqualTo("missing");
                assertThat(missingAtB.path("message").asText()).contains("only-a", "replica-b", "demo-copy");
                assertThat(a.bean(MeterRegistry.class).get("logwarden.model.cluster.mismatch").gauge().value()).isZero();

                // and the cluster can still move on: a model every replica has reaches all of them again
                assertThat(activate(b, "demo").statusCode()).isEqualTo(200);
                await().atMost(WAIT).until(() -> "demo".equals(active(a)) && "demo".equals(active(c)));
                assertThat(c.bean(MeterRegistry.class).get("logwarden.model.cluster.mismatch").gauge().value()).isZero();
                System.out.printf("Model activation: B followed A in %d ms; C started with the cluster's model in %d ms; "
                        + "whole test %d s%n", followedMillis, cMillis, TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
            }
        }
    }

    /** A detector replica whose models directory holds copies of the demo model under {@code models}. */
    private Map<String, String> replica(String name, String... models) throws IOException {
        Path dir = Files.createDirectories(root.resolve(name + "-models"));
        for (String model : models) {
            copy(DEMO, dir.resolve(model));
        }
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("logwarden.role", "detector");
        settings.put("logwarden.kafka.brokers", broker.getBrokersAsString());
        settings.put("logwarden.kafka.topic", LINES);
        settings.put("logwarden.kafka.group-id", "models");
        settings.put("logwarden.kafka.control-topic", CONTROL);
        settings.put("logwarden.kafka.host", name);
        settings.put("logwarden.models-dir", dir.toString());
        settings.put("logwarden.model", "demo");
        settings.put("logwarden.admin.password", "test-only-" + name);
        settings.put("logwarden.security.tokens[0].name", "test-operator-token");
        settings.put("logwarden.security.tokens[0].token", TestCredentials.OPERATOR_TOKEN);
        settings.put("logwarden.security.tokens[0].role", "operator");
        return settings;
    }

    private HttpResponse<String> activate(LogwardenNode node, String model) throws Exception {
        return http.send(TestCredentials.asOperator(HttpRequest.newBuilder(uri(node, "/api/v1/models/" + model + "/activate")))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode models(LogwardenNode node) throws Exception {
        HttpResponse<String> response = http.send(TestCredentials.asOperator(HttpRequest.newBuilder(uri(node, "/api/v1/models"))).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json.readTree(response.body());
    }

    private static URI uri(LogwardenNode node, String path) {
        return URI.create("http://127.0.0.1:" + node.bean(Environment.class).getProperty("local.server.port") + path);
    }

    private static String active(LogwardenNode node) {
        var model = node.bean(ModelManager.class).active();
        return model == null ? null : model.name();
    }

    private static void awaitRouteStarted(LogwardenNode node, String route) {
        CamelContext camel = node.bean(CamelContext.class);
        await().atMost(WAIT).until(() -> camel.getRouteController().getRouteStatus(route) == ServiceStatus.Started);
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path file : files.toList()) {
                Files.copy(file, to.resolve(file.getFileName()));
            }
        }
    }
}
