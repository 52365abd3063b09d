package io.logwarden.verdict;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.logwarden.feedback.LearnedNormal;
import io.logwarden.incident.IncidentProperties;
import io.logwarden.incident.NewPatterns;
import io.logwarden.live.ScoreMessages;
import io.logwarden.live.WebSocketProperties;
import io.logwarden.live.StreamingStats;
import io.logwarden.live.WebSocketClients;
import io.logwarden.live.WebSocketMessages;
import io.logwarden.model.ModelManager;
import io.logwarden.ops.DatabaseFailures;
import io.logwarden.ops.DatabaseRetryLog;
import io.logwarden.ops.FailedLine;
import io.logwarden.parse.WarmUpSource;
import io.logwarden.scoring.Score;
import io.logwarden.scoring.ScoringProperties;
import io.logwarden.scoring.Severity;
import io.logwarden.settings.LogwardenProperties;
import io.logwarden.settings.Role;
import io.logwarden.tail.LineAcks;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The real routes/alerts.yaml on a whole scored batch: one bad window fails alone, each window is counted once
 * (scored or failed), and the windows' lines are acknowledged in their order, each after its alert's store.
 * Storing is replaced by a recording route that refuses one alert, as a constraint violation would.
 */
class ScoredBatchesRouteTest {

    private static final String SOURCE = "/var/log/batch.log";

    @TempDir
    Path data;
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final StreamingStats stats = new StreamingStats(registry, new WebSocketClients());
    /** What happened, in order: "ack N", "store N", "refuse N". */
    private final List<String> events = Collections.synchronizedList(new ArrayList<>());
    private final List<Object> queued = Collections.synchronizedList(new ArrayList<>());
    private CamelContext camel;
    private ProducerTemplate producer;

    /** Records acknowledgements and gives each line a key of its own. */
    final class RecordingAcks extends LineAcks {
        @Override
        public String idempotencyKey(Score score) {
            return "key-" + score.lastLine();
        }

        @Override
        public void scored(Score score) {
            events.add("ack " + score.lastLine());
        }
    }

    @BeforeEach
    void start(TestInfo test) throws Exception {
        // score messages per second: low only for the test of sampling
        int scoreRate = test.getTestMethod().orElseThrow().getName().startsWith("aboveTheScoreRate") ? 5 : 2000;
        DefaultCamelContext context = new DefaultCamelContext();
        camel = context;
        FailedLine failedLine = new FailedLine();
        ObjectMapper json = new ObjectMapper().findAndRegisterModules();
        LogwardenProperties settings = new LogwardenProperties(data, data.resolve("no-models").toString(), "none", Role.STANDALONE,
                "routes", "127.0.0.1", new LogwardenProperties.Pipeline("direct:log-lines", false, false, "direct:websocket-enqueue", "live", 256, 0));
        ModelManager models = new ModelManager(settings.modelsDir(), settings.model());
        NewPatterns newPatterns = new NewPatterns(registry, new IncidentProperties("source", Duration.ofMinutes(2), false,
                Duration.ofMinutes(30), Duration.ofSeconds(30), 5, 50), ScoringProperties.defaults());
        LineAcks acks = new RecordingAcks();
        camel.getRegistry().bind("streamingStats", stats);
        camel.getRegistry().bind("databaseFailures", new DatabaseFailures());
        camel.getRegistry().bind("databaseRetryLog", new DatabaseRetryLog(registry, failedLine,
                new org.springframework.beans.factory.support.StaticListableBeanFactory().getBeanProvider(javax.sql.DataSource.class)));
        camel.getRegistry().bind("failedLine", failedLine);
        camel.getRegistry().bind("lineAcks", acks);
        camel.getRegistry().bind("scoredBatches", new ScoredBatches(new WebSocketMessages(json, stats),
                new LearnedNormal(settings, models, json, registry), newPatterns, stats, acks,
                new ScoreMessages(new WebSocketProperties("127.0.0.1", 0, "/ws", "", 1000, 10000, scoreRate), registry)));
        var loader = PluginHelper.getRoutesLoader(camel);
        loader.loadRoutes(ResourceHelper.resolveMandatoryResource(camel, "file:routes/errors.yaml"));
        loader.loadRoutes(ResourceHelper.resolveMandatoryResource(camel, "file:routes/alerts.yaml"));
        // storing through JPA and announcing are other tests' business: this store refuses line 2's alert
        ModelCamelContext model = context.getCamelContextExtension().getContextPlugin(ModelCamelContext.class);
        for (String id : List.of("store-alert", "persist-alert", "alert-stored")) {
            RouteDefinition route = model.getRouteDefinition(id);
            model.removeRouteDefinition(route);
        }
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:store-alert").routeId("store-alert").routeConfigurationId("pipeline-errors")
                        .process(e -> {
                            Score alert = e.getMessage().getBody(Score.class);
                            String key = e.getProperty("LogwardenIdempotencyKey", String.class);
                            if (alert.lastLine() == 2) {
                                events.add("refuse " + alert.lastLine());
                                throw new IllegalStateException("constraint violated");
                            }
                            events.add("store " + alert.lastLine() + " " + key);
                        });
                from("direct:websocket-enqueue").process(e -> queued.add(e.getMessage().getBody()));
            }
        });
        camel.start();
        producer = camel.createProducerTemplate();
    }

    @AfterEach
    void stop() {
        camel.stop();
    }

    @Test
    void aBatchIsRoutedWholeAndOneRefusedAlertFailsAlone() {
        List<Score> batch = List.of(score(1, false), score(2, true), score(3, true), score(4, false));

        producer.sendBody("direct:scored-batch", batch);

        assertThat(queued).as("the batch's score messages, queued in one exchange").hasSize(1);
        assertThat((List<?>) queued.get(0)).hasSize(4).allSatisfy(frame -> assertThat((String) frame).startsWith("{\"type\":\"score\""));
        assertThat(events).as("each line acknowledged in order, an alerting one after its store, with its own key")
                .containsExactly("ack 1", "refuse 2", "ack 2", "store 3 key-3", "ack 3", "ack 4");
        assertThat(stats.of(SOURCE).sequences()).as("scored: all but the refused alert").isEqualTo(3);
        assertThat(stats.of(SOURCE).errors()).as("the refused alert, counted once").isEqualTo(1);
        assertThat(registry.get("logwarden.errors").tag("stage", "store-alert").counter().count()).isEqualTo(1);
    }

    @Test
    void aScoreOnItsOwnIsABatchOfOne() {
        producer.sendBody("direct:scores", score(3, true));

        assertThat(events).containsExactly("store 3 key-3", "ack 3");
        assertThat((List<?>) queued.get(0)).hasSize(1);
        assertThat(stats.of(SOURCE).sequences()).isEqualTo(1);
    }

    @Test
    void aNewPatternIsStoredOnceAndGradedByItsContext() {
        Score unseen = new Score(10, Severity.CRITICAL, true, List.of(1, 99), Instant.now(), SOURCE, SOURCE, 4, 5,
                List.of("a", "b"), List.of("a", "b"), "deeplog:test", true, List.of(), "unseen");
        Score again = new Score(10, Severity.CRITICAL, true, List.of(1, 99), Instant.now(), SOURCE, SOURCE, 5, 6,
                List.of("a", "b"), List.of("a", "b"), "deeplog:test", true, List.of(), "unseen");

        producer.sendBody("direct:scored-batch", List.of(unseen, again));

        assertThat(events).as("the repeat is not stored, yet acknowledged and counted").containsExactly("store 5 key-5", "ack 5", "ack 6");
        assertThat(stats.of(SOURCE).sequences()).isEqualTo(2);
        assertThat(registry.get("logwarden.alerts.suppressed").tag("reason", "new_pattern_repeat").counter().count()).isEqualTo(1);
    }

    @Test
    void aboveTheScoreRateOnlyAlertsAndEachBatchsLastAreSentAndEveryWindowIsStillJudged() {
        List<Score> batch = new ArrayList<>();
        for (long line = 1; line <= 20; line++) {
            batch.add(score(line, line == 7));
        }

        producer.sendBody("direct:scored-batch", batch);

        // a rate of 5 a second: lines 1-5 while it allows, then the alert (7) and the batch's last (20)
        assertThat((List<?>) queued.get(0)).hasSize(7);
        assertThat(registry.get("logwarden.websocket.scores.sampled.out").counter().count()).isEqualTo(13);
        assertThat(events).as("every window acknowledged, the alert stored").hasSize(21).contains("store 7 key-7");
        assertThat(stats.of(SOURCE).sequences()).isEqualTo(20);
    }

    @Test
    void theStartUpWarmUpsWindowsAreCountedForTheirOwnSourceOnlyWithNoAlertOrMessage() {
        List<Score> batch = new ArrayList<>();
        for (long line = 1; line <= 4; line++) {
            Score s = score(line, line % 2 == 0);
            batch.add(new Score(s.score(), s.severity(), s.alert(), s.sequence(), s.timestamp(), WarmUpSource.NAME, WarmUpSource.NAME,
                    s.firstLine(), s.lastLine(), s.templates(), s.sampleLines(), s.scorer(), true, s.expected(), s.reason()));
        }

        producer.sendBody("direct:scored-batch", batch);

        assertThat((List<?>) queued.get(0)).as("score messages of the warm-up").isEmpty();
        assertThat(events).as("no alert stored, every window acknowledged").containsExactly("ack 1", "ack 2", "ack 3", "ack 4");
        assertThat(stats.of(WarmUpSource.NAME).sequences()).isEqualTo(4);
        assertThat(stats.of(WarmUpSource.NAME).unseenTemplates()).isEqualTo(4);
        assertThat(stats.total().sequences()).as("the service's totals").isZero();
        assertThat(stats.total().unseenTemplates()).isZero();
        assertThat(registry.get("logwarden.windows.scored").functionCounter().count()).isZero();
    }

    private static Score score(long line, boolean alert) {
        return new Score(alert ? 8.5 : 1.0, alert ? Severity.HIGH : Severity.LOW, alert, List.of(1, 2), Instant.now(), SOURCE, SOURCE,
                line - 1, line, List.of("a <*>", "b"), List.of("a x", "b"), "test", false, List.of(), "test");
    }
}
