package io.logwarden.scoring;

import io.logwarden.model.ModelManager;
import io.logwarden.model.PredictionCache;
import io.logwarden.window.Window;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Benchmark harness (not a test): windows/s through the real routes/score.yaml and its djl: endpoint,
 * micro-batched versus one window per exchange, in the same run, then the latency the route adds
 * to one window at light load. Run with `make bench-model` (see the README):
 * <pre>java -Dai.djl.offline=true -cp target/test-classes:target/classes:$(cat target/bench.cp) io.logwarden.scoring.ScoringBenchmark [models/demo] [windows]</pre>
 */
public final class ScoringBenchmark {

    public static void main(String[] args) throws Exception {
        Path modelDir = Path.of(args.length > 0 ? args[0] : "models/demo");
        int windows = args.length > 1 ? Integer.parseInt(args[1]) : 50_000;
        // no prediction cache: this measures the forward pass itself, and its sample windows repeat
        ModelManager manager = new ModelManager(modelDir.getParent().toString(), modelDir.getFileName().toString(), PredictionCache.disabled());
        if (manager.active() == null) throw new IllegalStateException("cannot load " + modelDir + ": " + manager.degradedReason());
        List<Window> sample = ScoringFixtures.windows(manager.active(), 4096, 1);
        System.out.printf(Locale.ROOT, "model %s, %d templates, window %d, %d cores, load average %.2f at start%n", manager.active().name(),
                manager.active().vocabulary().templateIds().size(), manager.active().settings().window(), Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());

        int rounds = 3;
        double[] direct = direct(manager, sample, windows, rounds);
        double[] batched = throughput(manager, sample, windows, 256, rounds);
        double[] single = throughput(manager, sample, Math.max(2000, windows / 20), 1, rounds);
        double[] latency = latency(manager, sample, 300, 20);
        double raw = median(direct);
        System.out.println();
        System.out.printf(Locale.ROOT, "load average %.2f at the end (this benchmark alone keeps about 1.5 of the 2 cores busy)%n",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        System.out.printf(Locale.ROOT, "windows/s over %d rounds after a warm-up: median, slowest and fastest round%n", rounds);
        System.out.println("| mode                          | windows/round | median/s |  slowest |  fastest | median vs no Camel |");
        System.out.println("|-------------------------------|---------------|----------|----------|----------|--------------------|");
        for (Object[] row : new Object[][] {{"no Camel: Predictor, 256/call", direct, windows}, {"djl: batched (256 / 5 ms)    ", batched, windows},
                {"djl: one window per exchange ", single, Math.max(2000, windows / 20)}}) {
            double[] r = (double[]) row[1];
            System.out.printf(Locale.ROOT, "| %s | %13d | %8.0f | %8.0f | %8.0f | %18.2f |%n", row[0], (Integer) row[2], median(r),
                    Arrays.stream(r).min().orElseThrow(), Arrays.stream(r).max().orElseThrow(), median(r) / raw);
        }
        System.out.println();
        System.out.println("| light load (1 window / 20 ms)  | p50 ms | p95 ms | p99 ms | max ms |");
        System.out.println("|--------------------------------|--------|--------|--------|--------|");
        System.out.printf(Locale.ROOT, "| added latency, batched route   | %6.2f | %6.2f | %6.2f | %6.2f |%n", latency[0], latency[1], latency[2], latency[3]);
        manager.close();
        System.exit(0);
    }

    /** Windows/s of the bare forward pass (translator and Predictor, 256 per call, no Camel): median of the rounds. */
    public static double forwardPass(ModelManager manager, int count, int rounds) {
        return median(direct(manager, ScoringFixtures.windows(manager.active(), 4096, 1), count, rounds));
    }

    /** Windows scored and not timed first, so that the JIT has compiled the hot paths: a service runs warm. */
    static int warmUp(int count) {
        return Math.max(1000, count / 10);
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /** The same translator and forward pass without Camel: what the route costs on top. Windows/s per round. */
    static double[] direct(ModelManager manager, List<Window> sample, int count, int rounds) {
        WindowScoring scoring = new WindowScoring(new StatisticalScorer(ScoringProperties.defaults()), manager,
                new DeepLogTranslator(ScoringProperties.defaults(), manager));
        for (int i = 0; i < warmUp(count); i += 256) scoring.scoreBatch(sample.subList(0, 256));
        double[] rates = new double[rounds];
        for (int round = 0; round < rounds; round++) {
            long started = System.nanoTime();
            int done = 0;
            while (done < count) {
                int from = done % (sample.size() - 256);
                scoring.scoreBatch(sample.subList(from, from + 256));
                done += 256;
            }
            rates[round] = done / ((System.nanoTime() - started) / 1e9);
        }
        return rates;
    }

    /** Windows/s through the real route per round, after a warm-up, all in one CamelContext. */
    static double[] throughput(ModelManager manager, List<Window> sample, int count, int batchSize, int rounds) throws Exception {
        AtomicLong scored = new AtomicLong();
        AtomicLong modelScores = new AtomicLong();
        CamelContext camel = ScoringFixtures.context(manager, batchSize, new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:scores").process(e -> {
                    if (e.getMessage().getBody(Score.class).scorer().startsWith("deeplog")) modelScores.incrementAndGet();
                    scored.incrementAndGet();
                });
            }
        });
        ProducerTemplate producer = camel.createProducerTemplate();
        int warmUp = warmUp(count);
        long sent = send(producer, sample, warmUp, scored, 0);
        double[] rates = new double[rounds];
        for (int round = 0; round < rounds; round++) {
            long started = System.nanoTime();
            sent = send(producer, sample, count, scored, sent);
            rates[round] = count / ((System.nanoTime() - started) / 1e9);
        }
        if (modelScores.get() != sent) throw new IllegalStateException("some windows fell back: " + (sent - modelScores.get()) + " of " + sent);
        camel.close();
        return rates;
    }

    /** Sends count windows and waits until every window sent so far was scored; returns that total. */
    private static long send(ProducerTemplate producer, List<Window> sample, int count, AtomicLong scored, long sentBefore) throws InterruptedException {
        for (int i = 0; i < count; i++) producer.sendBody("direct:windows", sample.get(i % sample.size()));
        long sent = sentBefore + count;
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        while (scored.get() < sent) {
            if (System.nanoTime() > deadline) throw new IllegalStateException("scores missing: " + (sent - scored.get()));
            Thread.sleep(1);
        }
        return sent;
    }

    static double[] latency(ModelManager manager, List<Window> sample, int count, long gapMillis) throws Exception {
        long[] sent = new long[count];
        double[] added = new double[count];
        CountDownLatch done = new CountDownLatch(count);
        CamelContext camel = ScoringFixtures.context(manager, 256, new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:scores").process(e -> {
                    int i = (int) (e.getMessage().getBody(Score.class).lastLine() / 100);
                    added[i] = (System.nanoTime() - sent[i]) / 1e6;
                    done.countDown();
                });
            }
        });
        ProducerTemplate producer = camel.createProducerTemplate();
        for (int i = 0; i < count; i++) {
            Window w = sample.get(i);
            sent[i] = System.nanoTime();
            producer.sendBody("direct:windows", w);
            Thread.sleep(gapMillis); // the light load being measured: one window per gap
        }
        done.await(1, TimeUnit.MINUTES);
        camel.close();
        double[] sorted = Arrays.copyOfRange(added, 20, count); // after warm-up
        Arrays.sort(sorted);
        return new double[] {sorted[sorted.length / 2], sorted[(int) (sorted.length * 0.95)], sorted[(int) (sorted.length * 0.99)], sorted[sorted.length - 1]};
    }
}
