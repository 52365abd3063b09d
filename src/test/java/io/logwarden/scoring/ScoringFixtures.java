package io.logwarden.scoring;

import ai.djl.Model;
import io.logwarden.live.StreamingStats;
import io.logwarden.live.WebSocketClients;
import io.logwarden.model.DeepLogModel;
import io.logwarden.model.DeepLogNetwork;
import io.logwarden.model.ModelManager;
import io.logwarden.ops.TimerActionConverter;
import io.logwarden.parse.LogEvent;
import io.logwarden.window.Window;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.ShutdownRoute;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.processor.aggregate.GroupedBodyAggregationStrategy;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;

/** Test support shared by the score route tests and the scoring benchmark: sample windows, the real score route. */
final class ScoringFixtures {

    private ScoringFixtures() {
    }

    /** {@code count} windows of random known templates of the model, reproducible from {@code seed}. */
    static List<Window> windows(DeepLogModel model, int count, long seed) {
        Random random = new Random(seed);
        List<Integer> ids = model.vocabulary().templateIds();
        List<Window> result = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            List<LogEvent> events = new ArrayList<>();
            for (int j = 0; j <= model.settings().window(); j++) {
                int id = ids.get(random.nextInt(ids.size()));
                events.add(new LogEvent("bench", i * 100L + j, "line", "line", Map.of(), id, model.template(id), List.of(), Instant.now()));
            }
            result.add(new Window("bench", "bench", events));
        }
        return result;
    }

    /** A CamelContext with the real score.yaml (and errors.yaml) and the beans it calls; scores land in the sink. */
    static CamelContext context(ModelManager manager, int batchSize, RouteBuilder sink) throws Exception {
        return context(manager, batchSize, 5, sink);
    }

    static CamelContext context(ModelManager manager, int batchSize, long batchIntervalMillis, RouteBuilder sink) throws Exception {
        DefaultCamelContext camel = new DefaultCamelContext();
        Properties properties = new Properties();
        properties.setProperty("logwarden.scoring.batch-size", String.valueOf(batchSize));
        properties.setProperty("logwarden.scoring.batch-interval", String.valueOf(batchIntervalMillis));
        camel.getPropertiesComponent().setInitialProperties(properties);
        ScoringProperties scale = ScoringProperties.defaults();
        DeepLogTranslator translator = new DeepLogTranslator(scale, manager);
        Model serving = Model.newInstance("deeplog-serving", DeepLogNetwork.ENGINE);
        serving.setBlock(new ActiveModelBlock());
        camel.getRegistry().bind(DjlServingConfiguration.MODEL_BEAN, Model.class, serving);
        camel.getRegistry().bind("deepLogTranslator", translator);
        camel.getRegistry().bind("windowScoring", new WindowScoring(new StatisticalScorer(scale), manager, translator));
        camel.getRegistry().bind("windowBatches", new GroupedBodyAggregationStrategy());
        // errors.yaml's pipeline-errors counts dropped messages here
        camel.getRegistry().bind("streamingStats", new StreamingStats(new SimpleMeterRegistry(), new WebSocketClients()));
        // errors.yaml's pipeline-errors keeps a line whose alert could not be stored unacknowledged
        camel.getRegistry().bind("lineAcks", new io.logwarden.tail.LineAcks());
        camel.getRegistry().bind("databaseFailures", new io.logwarden.ops.DatabaseFailures());
        camel.getRegistry().bind("failedLine", new io.logwarden.ops.FailedLine());
        // as in the service (a TypeConverters bean): micrometer:timer's action without a registry scan
        camel.getTypeConverterRegistry().addTypeConverters(new TimerActionConverter());
        var loader = PluginHelper.getRoutesLoader(camel);
        loader.loadRoutes(ResourceHelper.resolveResource(camel, "file:routes/errors.yaml"));
        loader.loadRoutes(ResourceHelper.resolveResource(camel, "file:routes/score.yaml"));
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                // routes/alerts.yaml takes each scored batch whole; the sinks here take one score at a time
                from("direct:scored-batch").routeId("scored-batch-to-sink").shutdownRoute(ShutdownRoute.Defer)
                        .split(body()).to("direct:scores");
            }
        });
        camel.addRoutes(sink);
        camel.start();
        return camel;
    }
}
