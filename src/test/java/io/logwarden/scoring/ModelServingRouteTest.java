package io.logwarden.scoring;

import io.logwarden.support.FreePort;
import io.logwarden.support.TinyModels;
import io.logwarden.training.ParserAdapter;
import io.logwarden.window.Window;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.component.mock.MockEndpoint;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.apache.camel.builder.Builder.body;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The scoring route through djl: with real models: batching, order, activation under traffic, the models API. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ModelServingRouteTest {

    static Path root;
    static ParserAdapter parser;

    @BeforeAll
    static void models() throws IOException {
        if (root == null) prepare();
    }

    static synchronized void prepare() throws IOException {
        if (root != null) return;
        root = Files.createTempDirectory("logwarden-models");
        parser = TinyModels.train(root.resolve("tiny-a"), 1, 3);
        TinyModels.train(root.resolve("tiny-b"), 2, 3);
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        prepare();
        Path data = Files.createTempDirectory("logwarden-data");
        registry.add("logwarden.models-dir", root::toString);
        registry.add("logwarden.model", () -> "tiny-a");
        registry.add("logwarden.data-dir", data::toString);
        registry.add("logwarden.demo.enabled", () -> "false");
        io.logwarden.support.TestCredentials.register(registry);
        registry.add("logwarden.websocket.port", FreePort::find);
        registry.add("spring.datasource.url", () -> "jdbc:h2:mem:models-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        registry.add("camel.main.routes-reload-enabled", () -> "false");
    }


    @Autowired
    CamelContext camel;
    @Autowired
    ProducerTemplate producer;
    TestRestTemplate http;

    @Autowired
    void http(TestRestTemplate anonymous) {
        // the models API needs the operator (activate) and a viewer (list): log in as the test operator
        http = anonymous.withBasicAuth(io.logwarden.support.TestCredentials.OPERATOR, io.logwarden.support.TestCredentials.OPERATOR_PASSWORD);
    }
    @Autowired
    WindowScoring scoring;
    @Autowired
    StatisticalScorer fallback;

    @Autowired
    io.micrometer.core.instrument.MeterRegistry meters;

    @Test
    void activationSwapsModelsUnderTrafficWithoutLosingAWindowAndKeepsOrder() throws Exception {
        // route-scores takes each scored batch whole: the mock gets its scores one by one
        AdviceWith.adviceWith(camel, "route-scores", a -> a.weaveAddFirst().split(body()).to("mock:scores"));
        MockEndpoint scores = camel.getEndpoint("mock:scores", MockEndpoint.class);
        long learnedBefore = fallback.learnedWindows();
        String[] cycle = {"alpha open id 1", "alpha work id 1", "alpha close id 1", "beta begin 2", "beta end 2", "gamma ping 3"};
        // windows flow before, during and after the activation: the sender stops 500 windows after it
        AtomicBoolean swapped = new AtomicBoolean();
        AtomicInteger sent = new AtomicInteger();
        Thread sender = new Thread(() -> {
            for (int i = 0, after = 0; after < 500 && i < 200_000; i++) {
                List<String> lines = new ArrayList<>();
                for (int j = 0; j < 5; j++) lines.add(cycle[(i + j) % cycle.length]);
                Window window = TinyModels.window(parser, "src-" + (i % 3), i, lines.toArray(String[]::new));
                producer.sendBody("direct:windows", window);
                sent.incrementAndGet();
                if (swapped.get()) after++;
                // at most about 5,000 windows/s, so that the activation lands among a few thousand windows:
                // this pause is the load's pace, not a wait for anything
                if (i % 5 == 4) sleep();
            }
        });
        sender.start();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(1)).until(() -> sent.get() >= 300 || !sender.isAlive());
        ResponseEntity<Map> activated = http.postForEntity("/api/v1/models/tiny-b/activate", null, Map.class);
        swapped.set(true);
        sender.join(60_000);
        int total = sent.get();
        // many of these windows alert and are stored through JPA: give the tail time
        await().atMost(Duration.ofSeconds(90)).until(() -> scores.getReceivedCounter() >= total);
        // and nothing more than was sent arrives
        await("every window sent is scored exactly once").during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2))
                .until(() -> scores.getReceivedCounter() == total);

        assertThat(activated.getStatusCode().value()).isEqualTo(200);
        Set<String> scorers = new TreeSet<>();
        long[] last = new long[3];
        for (Exchange exchange : scores.getReceivedExchanges()) {
            Score score = exchange.getMessage().getBody(Score.class);
            scorers.add(score.scorer());
            int source = Integer.parseInt(score.source().substring(4));
            assertThat(score.lastLine()).as("order within " + score.source()).isGreaterThanOrEqualTo(last[source]);
            last[source] = score.lastLine();
        }
        assertThat(scorers).as("both models answered, before and after the swap").contains("deeplog:tiny-a", "deeplog:tiny-b");
        assertThat(scoring.status().model()).isEqualTo("tiny-b");
        assertThat(scoring.status().state()).isEqualTo("UP");
        assertThat(scoring.status().errors()).isZero();
        // every batch's forward pass is timed for operators (logwarden_model_inference_seconds)
        io.micrometer.core.instrument.Timer inference = meters.find("logwarden.model.inference").timer();
        assertThat(inference).as("the model inference timer").isNotNull();
        assertThat(inference.count()).isPositive();
        // the fallback learned every window the models scored: it would take over warm
        assertThat(fallback.learnedWindows() - learnedBefore).isEqualTo(total);
    }

    private static void sleep() {
        try {
            Thread.sleep(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void modelsApiListsModelsAndRefusesUnknownNames() {
        ResponseEntity<Map> list = http.getForEntity("/api/v1/models", Map.class);
        assertThat(list.getStatusCode().value()).isEqualTo(200);
        assertThat((List<Map<String, Object>>) list.getBody().get("models")).extracting(m -> m.get("name")).contains("tiny-a", "tiny-b");
        assertThat(list.getBody().get("active")).isNotNull();

        ResponseEntity<Map> missing = http.postForEntity("/api/v1/models/no-such-model/activate", null, Map.class);
        assertThat(missing.getStatusCode().value()).isEqualTo(404);
        assertThat(missing.getBody().get("error")).isEqualTo("model_not_found");

        ResponseEntity<Map> job = http.getForEntity("/api/v1/models/jobs/unknown", Map.class);
        assertThat(job.getStatusCode().value()).isEqualTo(404);

        ResponseEntity<Map> health = http.getForEntity("/actuator/health/scoring", Map.class);
        assertThat(health.getBody().get("status")).isEqualTo("UP");
    }
}
