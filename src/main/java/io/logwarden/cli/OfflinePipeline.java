package io.logwarden.cli;

import io.logwarden.pipeline.LineChunks;
import io.logwarden.tail.LineAcks;
import io.logwarden.tail.LineChunk;
import ai.djl.Model;
import io.logwarden.live.StreamingStats;
import io.logwarden.live.WebSocketClients;
import io.logwarden.model.ModelManager;
import io.logwarden.ops.DatabaseFailures;
import io.logwarden.ops.FailedLine;
import io.logwarden.ops.TimerActionConverter;
import io.logwarden.parse.LineHeaders;
import io.logwarden.parse.LogParser;
import io.logwarden.parse.ParserProperties;
import io.logwarden.parse.TemplateStore;
import io.logwarden.scoring.ActiveModelBinding;
import io.logwarden.scoring.DeepLogTranslator;
import io.logwarden.scoring.Score;
import io.logwarden.scoring.ScoringProperties;
import io.logwarden.scoring.SessionJudge;
import io.logwarden.scoring.StatisticalScorer;
import io.logwarden.scoring.WindowScoring;
import io.logwarden.window.SessionLinesStrategy;
import io.logwarden.window.SlidingWindowStrategy;
import io.logwarden.window.WindowHeaders;
import io.logwarden.window.WindowKeys;
import io.logwarden.window.WindowProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.ShutdownRoute;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.processor.aggregate.GroupedBodyAggregationStrategy;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;

/**
 * The service's pipeline without a server: the real routes (parse, windows, sessions, score) from
 * the routes directory on a plain CamelContext with the same beans, and every score handed to a
 * consumer instead of routes/alerts.yaml. The model directory is never written: the parser learns
 * new templates in a copy of its templates.json.
 */
public final class OfflinePipeline implements AutoCloseable {

    private static final List<String> ROUTES = List.of("errors.yaml", "parse.yaml", "windows.yaml", "chunks.yaml", "sessions.yaml",
            "score.yaml");

    private final DefaultCamelContext camel = new DefaultCamelContext();
    private final ModelManager models;
    private final LogParser parser;
    private final ProducerTemplate producer;
    private final String source;
    private final int window;
    private final Path scratch;
    private boolean closed;
    private final java.util.concurrent.atomic.AtomicLong windowsScored = new java.util.concurrent.atomic.AtomicLong();
    private long linesSent;
    /** How long close() waits for the scoring queue to move before it gives up on the rest. */
    static final Duration STALL = Duration.ofSeconds(60);

    /**
     * @param modelDirectory the model (its parent is the models root)
     * @param sessionKey     regex naming a line's session, or null
     * @param sessionEnd     regex ending a session, or null
     * @param sessionIdleGap idle gap that ends a session (wall-clock, as in the service)
     * @param scores         receives every score, window and session, from the routes' threads
     */
    public OfflinePipeline(Path routesDir, Path modelDirectory, String format, String source, String sessionKey, String sessionEnd,
                           Duration sessionIdleGap, int sessionMaxLines, Consumer<Score> scores) throws Exception {
        Path root = modelDirectory.toAbsolutePath().getParent();
        String name = modelDirectory.getFileName().toString();
        this.models = new ModelManager(root.toString(), name);
        if (models.active() == null) throw new IOException(models.degradedReason());
        this.window = models.active().settings().window();
        this.source = source;
        this.scratch = Files.createTempDirectory("logwarden-score");
        Path templates = modelDirectory.resolve(TemplateStore.FILE_NAME);
        if (Files.exists(templates)) Files.copy(templates, scratch.resolve(TemplateStore.FILE_NAME), StandardCopyOption.REPLACE_EXISTING);
        ParserProperties defaults = ParserProperties.defaults();
        String lineFormat = format != null ? format : models.active().settings().format();
        ParserProperties parsing = new ParserProperties(lineFormat == null ? "" : lineFormat, defaults.similarity(), defaults.depth(),
                defaults.maxChildren(), defaults.maxClusters(), models.active().settings().masks(), Duration.ofHours(1));
        this.parser = new LogParser(parsing, scratch.resolve(TemplateStore.FILE_NAME), new TemplateStore());

        WindowProperties windows = new WindowProperties(window, 1, 1000, sessionKey == null ? "" : sessionKey, 1_000_000,
                Duration.ofDays(1000), sessionIdleGap, sessionEnd, sessionMaxLines);
        ScoringProperties scale = ScoringProperties.defaults();
        StreamingStats stats = new StreamingStats(new SimpleMeterRegistry(), new WebSocketClients());
        DeepLogTranslator translator = new DeepLogTranslator(scale, models);
        var registry = camel.getRegistry();
        registry.bind("logParser", parser);
        var dictionary = io.logwarden.parse.TemplateDictionary.unshared(parser);
        registry.bind("templateDictionary", dictionary);
        registry.bind("streamingStats", stats);
        WindowKeys windowKeys = new WindowKeys(windows);
        registry.bind("windowKeys", windowKeys);
        SlidingWindowStrategy strategy = new SlidingWindowStrategy(windows);
        registry.bind("slidingWindowStrategy", strategy);
        // windows.yaml tells the tailer when a followed line formed its window; offline there is no tailer
        LineAcks acks = new LineAcks();
        registry.bind("lineAcks", acks);
        registry.bind("lineChunks", new LineChunks(parser, dictionary, stats, windowKeys, strategy, acks, ScoringProperties.defaults().batchSize()));
        // routes/errors.yaml: which failures are the database being unavailable, and the line a failure names
        registry.bind("databaseFailures", new DatabaseFailures());
        registry.bind("failedLine", new FailedLine());
        registry.bind("sessionLinesStrategy", new SessionLinesStrategy(windows));
        registry.bind("sessionJudge", new SessionJudge(models, scale));
        registry.bind("deepLogTranslator", translator);
        registry.bind("windowScoring", new WindowScoring(new StatisticalScorer(scale), models, translator));
        registry.bind("windowBatches", new GroupedBodyAggregationStrategy());
        registry.bind(io.logwarden.scoring.DjlServingConfiguration.MODEL_BEAN, Model.class, ActiveModelBinding.servingModel());
        camel.getTypeConverterRegistry().addTypeConverters(new TimerActionConverter());
        Properties properties = new Properties();
        properties.setProperty("logwarden.window.session-idle-gap", String.valueOf(sessionIdleGap.toMillis()));
        camel.getPropertiesComponent().setInitialProperties(properties);
        var loader = PluginHelper.getRoutesLoader(camel);
        for (String file : ROUTES) {
            loader.loadRoutes(ResourceHelper.resolveMandatoryResource(camel, "file:" + routesDir.resolve(file)));
        }
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                // a scored batch whole (routes/score.yaml), a session's verdict on its own (routes/sessions.yaml)
                from("direct:scored-batch").routeId("offline-scored-batches").shutdownRoute(ShutdownRoute.Defer)
                        .process(e -> e.getMessage().getBody(List.class).forEach(score -> accept((Score) score, scores)));
                from("direct:scores").routeId("offline-scores").shutdownRoute(ShutdownRoute.Defer)
                        .process(e -> accept(e.getMessage().getBody(Score.class), scores));
            }
        });
        camel.start();
        this.producer = camel.createProducerTemplate();
    }

    private void accept(Score score, Consumer<Score> scores) {
        scores.accept(score);
        if (!score.scorer().endsWith("/session")) windowsScored.incrementAndGet();
    }

    public String modelName() {
        return models.active().name();
    }

    /** Sends one raw line through the pipeline, as a tail route does. */
    public void line(String line, long lineNumber) {
        Map<String, Object> headers = new HashMap<>();
        headers.put(LineHeaders.SOURCE, source);
        headers.put(LineHeaders.LINE_NUMBER, lineNumber);
        headers.put(WindowHeaders.SIZE, window);
        producer.sendBodyAndHeaders("direct:log-lines", line, headers);
        linesSent++;
    }

    /** Sends raw lines through the pipeline as one chunk (routes/chunks.yaml), as a tail route with groupLines does. */
    public void chunk(List<String> lines, long firstLineNumber, boolean lastOfRead) {
        Map<String, Object> headers = new HashMap<>();
        headers.put(LineHeaders.SOURCE, source);
        headers.put(LineHeaders.LINE_NUMBER, firstLineNumber);
        headers.put(WindowHeaders.SIZE, window);
        producer.sendBodyAndHeaders("direct:log-chunks", LineChunk.of(lines, firstLineNumber, lastOfRead), headers);
        linesSent += lines.size();
    }

    /** Waits until every line's window has been scored (a line whose parsing failed never is: stop when nothing moves). */
    private void drain() {
        long last = -1;
        long lastMoved = System.nanoTime();
        while (windowsScored.get() < linesSent) {
            long now = windowsScored.get();
            if (now != last) {
                last = now;
                lastMoved = System.nanoTime();
            } else if (System.nanoTime() - lastMoved > STALL.toNanos()) {
                return;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Ends the input: open sessions are judged, queued windows scored, and every score delivered. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        // the input can outrun the scoring queue: let it drain before the routes stop, so no window is dropped
        drain();
        camel.getShutdownStrategy().setTimeout(600);
        camel.stop();
        parser.close();
        models.close();
        try (var files = Files.walk(scratch)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory left behind is harmless
        }
    }
}
