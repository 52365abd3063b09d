package io.logwarden.bench;

import io.logwarden.demo.AuthLogGenerator;
import io.logwarden.model.ModelManager;
import io.logwarden.model.PredictionCache;
import io.logwarden.parse.LogEvent;
import io.logwarden.parse.LogParser;
import io.logwarden.parse.ParserProperties;
import io.logwarden.parse.TemplateStore;
import io.logwarden.scoring.DeepLogTranslator;
import io.logwarden.scoring.ScoringBenchmark;
import io.logwarden.scoring.ScoringProperties;
import io.logwarden.scoring.StatisticalScorer;
import io.logwarden.scoring.WindowScoring;
import io.logwarden.support.FreePort;
import io.logwarden.support.TestCredentials;
import io.logwarden.tail.TailBenchmark;
import io.logwarden.tail.TailingStreamComponent;
import io.logwarden.window.Window;

import java.io.BufferedWriter;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Benchmark harness (not a test; {@code make bench-e2e}): the whole service in a child JVM with the
 * JVM options of {@code make run} ({@code -Dbench.service.jvm}), the shipped demo model (a copy) and
 * H2, one WebSocket client connected. In one run it measures
 * <ol>
 *   <li>the bare parts in this JVM before the service starts: the tailer into a no-op route
 *       ({@link TailBenchmark}), the parser (format split and Drain miner, the demo model's templates)
 *       and the batched forward pass without cache ({@link ScoringBenchmark});</li>
 *   <li>latency from append to the line's WebSocket score message at 1,000 lines/s during the first
 *       30 s after the service answers;</li>
 *   <li>end-to-end lines/s following a demo-traffic file from its beginning (tail, parse, windows,
 *       {@code djl:} DeepLog, alerts to H2, WebSocket), after a warm-up file;</li>
 *   <li>the same latency warm; the service's resident memory, peak resident memory and CPU; the CPU of
 *       the idle service following 100 files;</li>
 * </ol>
 * and prints one table with the load average. Arguments: {@code [lines=300000] [extra service settings...]}.
 */
public final class EndToEndBenchmark {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final long CLOCK_TICKS = 100; // USER_HZ on Linux

    /** Windows of the scoring-stage measurement: the first lines of the traffic file, parsed. */
    private static final int SCORING_WINDOWS = 100_000;
    /** A probed line slower than this is reported with the second it was appended in (the goal's p99). */
    private static final int SLOW_MS = 200;
    private final List<LogEvent> parsed = new ArrayList<>();
    private final Path work;
    private final List<String> extraSettings;
    private Process service;
    private int httpPort;
    private ScoreListener client;
    /** Share of a core the JIT compiler threads took during the idle measurement. */
    private double idleJit;

    private EndToEndBenchmark(Path work, List<String> extraSettings) {
        this.work = work;
        this.extraSettings = extraSettings;
    }

    public static void main(String[] args) throws Exception {
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .setLevel(ch.qos.logback.classic.Level.WARN);
        int lines = args.length > 0 ? Integer.parseInt(args[0]) : 300_000;
        List<String> extra = args.length > 1 ? List.of(args).subList(1, args.length) : List.of();
        Path work = Files.createTempDirectory("bench-e2e");
        EndToEndBenchmark bench = new EndToEndBenchmark(work, extra);
        try {
            bench.run(lines);
        } catch (Exception | Error e) {
            // the work directory goes below: show what the service said before it did
            Path log = work.resolve("service.out");
            if (Files.exists(log)) {
                List<String> said = Files.readAllLines(log);
                System.err.println("the service's last lines (" + log + "):");
                said.subList(Math.max(0, said.size() - 60), said.size()).forEach(System.err::println);
            }
            throw e;
        } finally {
            bench.stop();
            if (Boolean.getBoolean("bench.keep-work")) {
                // service.out, and any GC or JFR file the service options wrote there, to read afterwards
                System.out.println("work directory kept: " + work);
            } else {
                try (Stream<Path> files = Files.walk(work)) {
                    files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
        System.exit(0);
    }

    private void run(int lines) throws Exception {
        Path logs = Files.createDirectories(work.resolve("logs"));
        Path traffic = logs.resolve("traffic.log");
        Path warm = logs.resolve("warm.log");
        int trafficLines = demoTraffic(traffic, lines, 11);
        int warmLines = demoTraffic(warm, Math.max(20_000, lines / 3), 12);
        double loadAtStart = load();
        System.out.printf(Locale.ROOT, "end-to-end benchmark: %,d lines of demo traffic (an anomaly burst every ~5,000 lines), %d cores, load %.2f at start%n",
                trafficLines, Runtime.getRuntime().availableProcessors(), loadAtStart);

        // 1. the bare parts, alone in this JVM before the service starts
        double tailer = bareTailer(traffic, trafficLines);
        double parser = bareParser(traffic);
        double forward = bareForwardPass();
        double[] scoring = scoringWithAndWithoutCache();
        parsed.clear();
        System.out.printf(Locale.ROOT, "bare: tailer %,.0f lines/s, parser %,.0f lines/s, forward pass %,.0f windows/s%n", tailer, parser, forward);

        // 2. the service, and latency in its first 30 s
        List<String> jvm = jvmOptions();
        long launched = System.nanoTime();
        startService(jvm);
        double readySeconds = (System.nanoTime() - launched) / 1e9;
        System.out.printf(Locale.ROOT, "service ready %.1f s after launch (JVM options: %s)%n", readySeconds, String.join(" ", jvm));
        double[] cold = probe(logs.resolve("probe-cold.log"), 30);
        System.out.printf(Locale.ROOT, "first 30 s: p50 %.0f ms, p99 %.0f ms, max %.0f ms, %d of %d lines without a score message%n",
                cold[0], cold[1], cold[2], (long) cold[3], (long) cold[4]);

        // 3. warm-up, then the timed file
        follow(warm, warmLines, Duration.ofMinutes(10));
        long cpuBefore = cpuTicks();
        long alertsBefore = counter("logwarden_alerts_total");
        RssSampler rss = new RssSampler(service.pid());
        rss.start();
        double seconds = follow(traffic, trafficLines, Duration.ofMinutes(20));
        rss.interrupt();
        rss.join();
        long runEnded = System.nanoTime();
        double e2e = trafficLines / seconds;
        double cores = (cpuTicks() - cpuBefore) / (double) CLOCK_TICKS / seconds;
        long alerts = counter("logwarden_alerts_total") - alertsBefore;
        long dropped = counter("logwarden_websocket_dropped_total");
        // score messages not sent above logwarden.websocket.score-rate (alerts and each batch's last window always are)
        long sampledOut = counter("logwarden_websocket_scores_sampled_out_total");
        long hits = counter("logwarden_model_prediction_cache_total{application=\"logwarden\",result=\"hit\"");
        long misses = counter("logwarden_model_prediction_cache_total{application=\"logwarden\",result=\"miss\"");
        double loadAfterRun = load();
        long liveAfterRun = liveHeap();
        System.out.printf(Locale.ROOT, "end to end: %.1f s, %,.0f lines/s, %.2f cores, %d alerts stored, %d WebSocket messages dropped, load %.2f%n",
                seconds, e2e, cores, alerts, dropped, loadAfterRun);

        // 4. warm latency, memory, idle
        double[] warmLatency = probe(logs.resolve("probe-warm.log"), 20);
        long rssNow = status("VmRSS");
        long rssPeak = status("VmHWM");
        double idle = idleCpu(logs.resolve("idle"), 100, 30);
        long liveAtEnd = liveHeap();
        double loadAtEnd = load();

        System.out.println();
        System.out.printf(Locale.ROOT, "load average %.2f at start, %.2f after the end-to-end run, %.2f at the end (%d cores, shared)%n",
                loadAtStart, loadAfterRun, loadAtEnd, Runtime.getRuntime().availableProcessors());
        System.out.println("| measure | value | ratio of end to end |");
        System.out.println("|---|---|---|");
        System.out.printf(Locale.ROOT, "| end to end (tail, parse, windows, djl: DeepLog, alerts to H2, 1 WebSocket client) | %,.0f lines/s | 1.00 |%n", e2e);
        System.out.printf(Locale.ROOT, "| bare tailer into a no-op route | %,.0f lines/s | %.2f |%n", tailer, e2e / tailer);
        System.out.printf(Locale.ROOT, "| bare parser (format split + Drain miner) | %,.0f lines/s | %.2f |%n", parser, e2e / parser);
        System.out.printf(Locale.ROOT, "| bare forward pass (256 windows per call, no cache) | %,.0f windows/s | %.2f |%n", forward, e2e / forward);
        System.out.printf(Locale.ROOT, "| scoring stage on the traffic's first %,d windows, prediction cache on / off (no Camel) | %,.0f / %,.0f windows/s (%.2fx) | %.2f / %.2f |%n",
                SCORING_WINDOWS, scoring[0], scoring[1], scoring[0] / scoring[1], e2e / scoring[0], e2e / scoring[1]);
        System.out.printf(Locale.ROOT, "| service CPU during the end-to-end run | %.2f cores | |%n", cores);
        // what the service does with the CPU it got: comparable between runs however busy the machine is
        System.out.printf(Locale.ROOT, "| end to end per CPU-second of the service | %,.0f lines | |%n", e2e / cores);
        System.out.printf(Locale.ROOT, "| prediction cache (whole run) | %.1f%% hits (%,d hits, %,d misses) | |%n",
                100.0 * hits / Math.max(1, hits + misses), hits, misses);
        System.out.printf(Locale.ROOT, "| alerts stored / WebSocket messages dropped | %d / %d | |%n", alerts, dropped);
        System.out.printf(Locale.ROOT, "| score messages sent / sampled out (logwarden.websocket.score-rate) | %,d / %,d | |%n",
                client.scores(), sampledOut);
        System.out.printf(Locale.ROOT, "| latency append -> score message, 1,000 lines/s, first 30 s | p50 %.0f ms, p99 %.0f ms (max %.0f, %d missing) | |%n",
                cold[0], cold[1], cold[2], (long) cold[3]);
        System.out.printf(Locale.ROOT, "| latency append -> score message, 1,000 lines/s, warm (20 s) | p50 %.0f ms, p99 %.0f ms (max %.0f, %d missing) | |%n",
                warmLatency[0], warmLatency[1], warmLatency[2], (long) warmLatency[3]);
        System.out.printf(Locale.ROOT, "| resident memory: during the run (peak sampled) / now / peak (VmHWM) | %d / %d / %d MB | |%n",
                rss.peakKb / 1024, rssNow / 1024, rssPeak / 1024);
        System.out.printf(Locale.ROOT, "| live heap after a full GC: after the end-to-end run / at the end (%.0f s later) | %d / %d MB | |%n",
                (System.nanoTime() - runEnded) / 1e9, liveAfterRun / (1024 * 1024), liveAtEnd / (1024 * 1024));
        System.out.printf(Locale.ROOT, "| idle CPU, 100 followed files (30 s) | %.1f%% of a core, of which JIT compiler threads %.1f%% | |%n",
                idle * 100, idleJit * 100);
        System.out.printf(Locale.ROOT, "| service start to ready (after the warm-up) | %.1f s | |%n", readySeconds);
    }

    /** Demo auth.log traffic: normal activity with one anomaly burst about every 5,000 lines. */
    static int demoTraffic(Path file, int lines, long seed) throws IOException {
        AuthLogGenerator generator = new AuthLogGenerator(seed, "web-bench", LocalDateTime.of(2025, 6, 1, 0, 0));
        int written = 0;
        int nextAnomaly = 5_000;
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            while (written < lines) {
                List<String> activity = written >= nextAnomaly ? generator.anomaly() : generator.normalActivity();
                if (written >= nextAnomaly) nextAnomaly += 5_000;
                for (String line : activity) {
                    if (written == lines) break;
                    out.write(line);
                    out.write('\n');
                    written++;
                }
            }
        }
        return written;
    }

    // ---- bare parts -------------------------------------------------------------------------

    /** Best of two runs after a warm-up run, as TailBenchmark measures it. */
    private double bareTailer(Path file, int lines) throws Exception {
        double best = 0;
        for (int run = 0; run < 3; run++) {
            double rate = TailBenchmark.measure(new TailingStreamComponent(), file, lines, Files.createTempDirectory(work, "tail"));
            if (run > 0) best = Math.max(best, rate);
        }
        return best;
    }

    /** The service's parser (the demo model's format and templates) over the same file: best of two after a warm-up. */
    private double bareParser(Path file) throws Exception {
        List<String> lines = Files.readAllLines(file);
        String format = new io.logwarden.model.ModelStore(Path.of("models")).settings("demo").format();
        ParserProperties defaults = ParserProperties.defaults();
        ParserProperties properties = new ParserProperties(format, defaults.similarity(), defaults.depth(), defaults.maxChildren(),
                defaults.maxClusters(), defaults.masks(), Duration.ofHours(1));
        double best = 0;
        for (int run = 0; run < 3; run++) {
            Path scratch = Files.createTempDirectory(work, "parse");
            Files.copy(Path.of("models/demo").resolve(TemplateStore.FILE_NAME), scratch.resolve(TemplateStore.FILE_NAME));
            LogParser parser = new LogParser(properties, scratch.resolve(TemplateStore.FILE_NAME), new TemplateStore());
            long started = System.nanoTime();
            parsed.clear();
            for (int i = 0; i < lines.size(); i++) {
                LogEvent event = parser.parse(lines.get(i), "bench", i + 1);
                if (i < SCORING_WINDOWS) parsed.add(event);
            }
            double rate = lines.size() / ((System.nanoTime() - started) / 1e9);
            parser.close();
            if (run > 0) best = Math.max(best, rate);
        }
        return best;
    }

    /**
     * The scoring stage alone (translator, forward pass, score mapping; no Camel) on the windows of the
     * traffic file, with the prediction cache (empty at the start of each round) and without, rounds
     * interleaved so both see the same machine. Windows/s, median of three rounds each: {cached, uncached}.
     */
    private double[] scoringWithAndWithoutCache() throws IOException {
        int h = new io.logwarden.model.ModelStore(Path.of("models")).settings("demo").window();
        List<Window> windows = new ArrayList<>(parsed.size());
        for (int i = 0; i < parsed.size(); i++) windows.add(new Window("bench", "bench", List.copyOf(parsed.subList(Math.max(0, i - h), i + 1))));
        double[] cached = new double[3];
        double[] uncached = new double[3];
        for (int round = -1; round < 3; round++) { // round -1 warms the JIT up
            for (boolean cache : new boolean[] {true, false}) {
                ModelManager manager = new ModelManager("models", "demo", cache ? new PredictionCache(PredictionCache.DEFAULT_BYTES) : PredictionCache.disabled());
                WindowScoring scoring = new WindowScoring(new StatisticalScorer(ScoringProperties.defaults()), manager,
                        new DeepLogTranslator(ScoringProperties.defaults(), manager));
                long started = System.nanoTime();
                for (int from = 0; from < windows.size(); from += 256) scoring.scoreBatch(windows.subList(from, Math.min(windows.size(), from + 256)));
                double rate = windows.size() / ((System.nanoTime() - started) / 1e9);
                manager.close();
                if (round >= 0) (cache ? cached : uncached)[round] = rate;
            }
        }
        Arrays.sort(cached);
        Arrays.sort(uncached);
        return new double[] {cached[1], uncached[1]};
    }

    /** ScoringBenchmark's forward pass without Camel, no prediction cache: median of three rounds. */
    private double bareForwardPass() throws Exception {
        ModelManager manager = new ModelManager("models", "demo", PredictionCache.disabled());
        try {
            return ScoringBenchmark.forwardPass(manager, 100_000, 3);
        } finally {
            manager.close();
        }
    }

    // ---- the service ------------------------------------------------------------------------

    private static List<String> jvmOptions() {
        String options = System.getProperty("bench.service.jvm", "-Dai.djl.offline=true");
        return Arrays.stream(options.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList();
    }

    private void startService(List<String> jvm) throws Exception {
        Path models = work.resolve("models");
        // the service adds templates it learns to the active model's templates.json: never the shipped one
        copyDirectory(Path.of("models/demo"), models.resolve("demo"));
        httpPort = FreePort.find();
        int websocketPort = FreePort.find();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvm);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.logwarden.Logwarden",
                "--server.port=" + httpPort,
                "--logwarden.websocket.port=" + websocketPort,
                "--logwarden.data-dir=" + work.resolve("data"),
                "--logwarden.models-dir=" + models,
                "--logwarden.model=demo",
                "--logwarden.routes-dir=" + Path.of("routes").toAbsolutePath(),
                "--logwarden.demo.enabled=false",
                "--logwarden.security.tokens[0].name=bench-operator",
                "--logwarden.security.tokens[0].token=" + TestCredentials.OPERATOR_TOKEN,
                "--logwarden.security.tokens[0].role=operator",
                "--logwarden.tail.allowed-roots=" + work.resolve("logs"),
                "--logging.level.root=WARN",
                // one WARN line per alert would measure the console
                "--logging.level.io.logwarden.alerts=ERROR"));
        command.addAll(extraSettings);
        service = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(work.resolve("service.out").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10); // start-up takes minutes on a loaded 2-core machine
        while (true) {
            if (!service.isAlive()) throw new IllegalStateException("the service exited; its output ends:\n" + tail(work.resolve("service.out")));
            try {
                if (get("/actuator/health/readiness").statusCode() == 200) break;
            } catch (IOException e) {
                // not listening yet
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the service never answered within 10 minutes; its output ends:\n" + tail(work.resolve("service.out")));
            }
            Thread.sleep(100);
        }
        client = new ScoreListener();
        // the WebSocket server (its own Vert.x port) may bind a moment after the HTTP port answers on a loaded machine
        for (int attempt = 1; ; attempt++) {
            try {
                HTTP.newWebSocketBuilder().header("X-API-Token", TestCredentials.OPERATOR_TOKEN)
                        .buildAsync(URI.create("ws://127.0.0.1:" + websocketPort + "/api/v1/streaming/ws"), client).get(30, TimeUnit.SECONDS);
                break;
            } catch (java.util.concurrent.ExecutionException e) {
                if (attempt >= 60 || !(e.getCause() instanceof java.net.ConnectException)) {
                    throw new IllegalStateException("cannot connect to the service's WebSocket; its output ends:\n"
                            + tail(work.resolve("service.out")), e);
                }
                Thread.sleep(1000);
            }
        }
    }

    private static String tail(Path file) throws IOException {
        String all = Files.readString(file);
        return all.length() > 8000 ? all.substring(all.length() - 8000) : all;
    }

    private void stop() throws Exception {
        if (service == null) return;
        service.destroy();
        if (!service.waitFor(60, TimeUnit.SECONDS)) service.destroyForcibly();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + httpPort + path))
                .header("X-API-Token", TestCredentials.OPERATOR_TOKEN).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private void post(String path, String json) throws Exception {
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + httpPort + path))
                .header("X-API-Token", TestCredentials.OPERATOR_TOKEN).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) throw new IllegalStateException(path + " answered " + answer.statusCode() + ": " + answer.body());
    }

    private void start(Path file) throws Exception {
        post("/api/v1/streaming/start", "{\"log_file\":\"" + file + "\",\"from\":\"beginning\"}");
    }

    /** Follows a whole file from its beginning; seconds until its last line's score message arrived. */
    private double follow(Path file, int lines, Duration timeout) throws Exception {
        String source = file.toString();
        long started = System.nanoTime();
        start(file);
        long deadline = started + timeout.toNanos();
        while (client.lastLine(source) < lines) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no score message for line " + lines + " of " + file + " within " + timeout
                        + " (last: " + client.lastLine(source) + "; dropped messages: " + counter("logwarden_websocket_dropped_total") + ")");
            }
            Thread.sleep(5);
        }
        double seconds = (client.arrival(source, lines) - started) / 1e9;
        post("/api/v1/streaming/stop", "{\"log_file\":\"" + file + "\"}");
        return seconds;
    }

    /**
     * Appends numbered demo lines at 1,000 lines/s for the given seconds to a followed file and times
     * each line's score message. Returns p50, p99, max (ms), lines without a message, lines appended.
     */
    private double[] probe(Path file, int seconds) throws Exception {
        Files.createFile(file);
        start(file);
        int count = seconds * 1000;
        List<String> lines = LatencyProbe.lines(count);
        String source = file.toString();
        client.track(source, count);
        long startedAt = System.currentTimeMillis();
        long[] appended = LatencyProbe.append(file, lines, 1000);
        // the last lines' messages: at most 10 s more
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (client.lastLine(source) < count && System.nanoTime() < deadline) Thread.sleep(10);
        post("/api/v1/streaming/stop", "{\"log_file\":\"" + file + "\"}");
        // the seconds of the slow lines, from the first append (wall clock given to match service.out)
        List<String> slow = LatencyProbe.slowSeconds(appended, SLOW_MS, 5, client.arrivals(source));
        System.out.printf(Locale.ROOT, "%s: first append at %s, %s%n", file.getFileName(), java.time.Instant.ofEpochMilli(startedAt),
                slow.isEmpty() ? "no line over " + SLOW_MS + " ms" : "seconds with lines over " + SLOW_MS + " ms:");
        slow.forEach(row -> System.out.println("  " + row));
        // every line's latency, for a plot or a closer look at a stall (kept with -Dbench.keep-work=true)
        LatencyProbe.writeCsv(work.resolve(file.getFileName() + ".latency.csv"), appended, client.arrivals(source));
        return LatencyProbe.summarize(appended, 1, client.arrivals(source));
    }

    /** CPU of the idle service following {@code files} files nobody writes to, as a fraction of one core. */
    private double idleCpu(Path dir, int files, int seconds) throws Exception {
        Files.createDirectories(dir);
        for (int i = 0; i < files; i++) {
            Path file = dir.resolve("idle-" + i + ".log");
            Files.writeString(file, "Jun  1 00:00:00 web-idle cron[1]: idle file " + i + "\n");
            start(file);
        }
        Thread.sleep(5_000); // the first reads and windows settle
        long before = cpuTicks();
        long jitBefore = compilerTicks();
        long started = System.nanoTime();
        Thread.sleep(seconds * 1000L); // the idle time measured, not a wait
        double elapsed = (System.nanoTime() - started) / 1e9;
        idleJit = (compilerTicks() - jitBefore) / (double) CLOCK_TICKS / elapsed;
        return (cpuTicks() - before) / (double) CLOCK_TICKS / elapsed;
    }

    /**
     * CPU ticks of the service's JIT compiler threads: minutes after start-up the idle service's own timers and scans
     * still reach compile thresholds now and then, and C2 compiling them was half of the idle CPU in some runs.
     */
    private long compilerTicks() throws IOException {
        long ticks = 0;
        try (Stream<Path> tasks = Files.list(Path.of("/proc", String.valueOf(service.pid()), "task"))) {
            for (Path task : tasks.toList()) {
                try {
                    if (!Files.readString(task.resolve("comm")).contains("CompilerThre")) continue;
                    String stat = Files.readString(task.resolve("stat"));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                } catch (IOException e) {
                    // the thread ended between the listing and the read
                }
            }
        }
        return ticks;
    }

    /** A counter or gauge from /actuator/prometheus, summed over the lines that start with the given prefix. */
    private long counter(String prefix) throws Exception {
        String text = get("/actuator/prometheus").body();
        double sum = 0;
        for (String line : text.split("\n")) {
            if (line.startsWith(prefix) && !line.startsWith("#")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return Math.round(sum);
    }

    /** Heap in use right after a full collection of the service (jcmd GC.run): its live set. */
    private long liveHeap() throws Exception {
        Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                String.valueOf(service.pid()), "GC.run").redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!jcmd.waitFor(60, TimeUnit.SECONDS)) jcmd.destroyForcibly();
        return counter("jvm_memory_used_bytes{application=\"logwarden\",area=\"heap\"");
    }

    private long cpuTicks() throws IOException {
        String stat = Files.readString(Path.of("/proc", String.valueOf(service.pid()), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
    }

    /** A kB field of the service's /proc/PID/status (VmRSS, VmHWM). */
    private long status(String field) throws IOException {
        return status(service.pid(), field);
    }

    static long status(long pid, String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
            if (line.startsWith(field + ":")) return Long.parseLong(line.replaceAll("\\D", ""));
        }
        throw new IOException("no " + field + " in /proc/" + pid + "/status");
    }

    private static double load() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static void copyDirectory(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : files.toList()) Files.copy(f, to.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Samples the service's resident memory every 200 ms while the timed run goes. */
    private static final class RssSampler extends Thread {
        private final long pid;
        private volatile long peakKb;

        RssSampler(long pid) {
            super("rss-sampler");
            this.pid = pid;
            setDaemon(true);
        }

        @Override
        public void run() {
            while (!isInterrupted()) {
                try {
                    peakKb = Math.max(peakKb, status(pid, "VmRSS"));
                    Thread.sleep(200); // the sampling period of the peak
                } catch (InterruptedException e) {
                    return;
                } catch (IOException e) {
                    return;
                }
            }
        }
    }
}
