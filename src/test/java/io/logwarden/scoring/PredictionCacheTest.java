package io.logwarden.scoring;

import io.logwarden.demo.AuthLogGenerator;
import io.logwarden.model.DeepLogModel;
import io.logwarden.model.Detector;
import io.logwarden.model.ModelManager;
import io.logwarden.model.PredictionCache;
import io.logwarden.model.TorchThreads;
import io.logwarden.parse.LogEvent;
import io.logwarden.parse.TemplateStore;
import io.logwarden.support.TinyModels;
import io.logwarden.training.ParserAdapter;
import io.logwarden.window.Window;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The detector's prediction cache is exact: a fixed log scores the same, window by window, with the
 * cache on and off (the shipped models/demo, through the same translator the djl: route uses), and a
 * model activated later never gets another network's predictions.
 */
class PredictionCacheTest {

    static {
        TorchThreads.defaultToOne();
    }

    /** What a score says, without its timestamp. */
    record Verdict(double score, Severity severity, boolean alert, List<Prediction> expected, String reason) {
        static Verdict of(Score s) {
            return new Verdict(s.score(), s.severity(), s.alert(), s.expected(), s.reason());
        }
    }

    /** Sliding windows (h + 1 lines, shorter at the start) over a fixed demo log with every kind of anomaly. */
    static List<Window> demoWindows(DeepLogModel model) throws Exception {
        Path scratch = Files.createTempDirectory("cache-templates");
        Files.copy(Path.of("models/demo").resolve(TemplateStore.FILE_NAME), scratch.resolve(TemplateStore.FILE_NAME));
        ParserAdapter parser = new ParserAdapter(model.settings().format(), scratch);
        AuthLogGenerator generator = new AuthLogGenerator(99, "web-03", LocalDateTime.of(2025, 3, 1, 0, 0));
        List<String> lines = new ArrayList<>();
        for (int round = 0; round < 4; round++) {
            for (int i = 0; i < 300; i++) lines.addAll(generator.normalActivity());
            lines.addAll(generator.bruteForce());
            lines.addAll(generator.sudoByOutsider());
            lines.addAll(generator.sessionOutOfOrder());
        }
        List<LogEvent> events = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            int id = parser.templateId(lines.get(i), i + 1);
            events.add(new LogEvent("fixed.log", i + 1, lines.get(i), lines.get(i), Map.of(), id, parser.templates().get(id), List.of(), Instant.EPOCH));
        }
        int h = model.settings().window();
        List<Window> windows = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) windows.add(new Window("fixed.log", "fixed.log", List.copyOf(events.subList(Math.max(0, i - h), i + 1))));
        return windows;
    }

    static List<Verdict> scoreAll(ModelManager manager, List<Window> windows) {
        ScoringProperties scale = ScoringProperties.defaults();
        WindowScoring scoring = new WindowScoring(new StatisticalScorer(scale), manager, new DeepLogTranslator(scale, manager));
        List<Verdict> verdicts = new ArrayList<>();
        for (int from = 0; from < windows.size(); from += 256) {
            for (Score s : scoring.scoreBatch(windows.subList(from, Math.min(windows.size(), from + 256)))) {
                assertThat(s.scorer()).isEqualTo(manager.active().scorerName());
                verdicts.add(Verdict.of(s));
            }
        }
        return verdicts;
    }

    @Test
    void aFixedLogScoresTheSameWithAndWithoutTheCache() throws Exception {
        ModelManager uncached = new ModelManager("models", "demo", PredictionCache.disabled());
        ModelManager cached = new ModelManager("models", "demo", new PredictionCache(PredictionCache.DEFAULT_BYTES));
        try {
            List<Window> windows = demoWindows(cached.active());
            List<Verdict> expected = scoreAll(uncached, windows);
            List<Verdict> first = scoreAll(cached, windows);
            // the second pass is answered from the cache alone
            long missesBefore = cached.predictions().misses();
            List<Verdict> second = scoreAll(cached, windows);

            assertThat(expected).hasSize(windows.size());
            assertThat(expected.stream().filter(Verdict::alert).count()).as("the fixed log holds anomalies").isGreaterThan(0);
            assertThat(first).isEqualTo(expected);
            assertThat(second).isEqualTo(expected);
            assertThat(cached.predictions().misses()).isEqualTo(missesBefore);
            // demo traffic repeats itself: most windows of the first pass were already answered by the cache
            assertThat(cached.predictions().hits()).isGreaterThan(windows.size() + windows.size() / 2L);
            assertThat(uncached.predictions().enabled()).isFalse();
        } finally {
            uncached.close();
            cached.close();
        }
    }

    @Test
    void judgeStreamIsTheSameWithAndWithoutTheCache() throws Exception {
        ModelManager manager = new ModelManager("models", "demo", PredictionCache.disabled());
        try {
            DeepLogModel model = manager.active();
            List<Integer> keys = demoWindows(model).stream().map(w -> w.newest().templateId()).toList();
            Detector off = model.detector();
            Detector on = new Detector(model.network(), model.vocabulary(), model.settings(), model.invariants(),
                    new PredictionCache(PredictionCache.DEFAULT_BYTES));
            List<Detector.WindowVerdict> expected = off.judgeStream(keys);
            assertThat(on.judgeStream(keys)).isEqualTo(expected);
            long misses = on.cache().misses();
            assertThat(misses).isGreaterThan(0);
            // a second detector on the same network with other settings shares the rows: no forward pass at all
            Detector sameNetwork = on.withSettings(model.settings(), model.invariants());
            assertThat(sameNetwork.judgeStream(keys)).isEqualTo(expected);
            assertThat(on.cache().misses()).isEqualTo(misses);
        } finally {
            manager.close();
        }
    }

    @Test
    void aModelSwapNeverServesTheOldModelsPredictions() throws Exception {
        Path root = Files.createTempDirectory("cache-swap");
        // two networks over the same vocabulary (same log, same parser ids), trained from different seeds
        ParserAdapter parser = TinyModels.train(root.resolve("a"), 1, 3);
        TinyModels.train(root.resolve("b"), 2, 3);
        List<Window> windows = new ArrayList<>();
        List<String> log = TinyModels.normalLog(60, 5);
        for (int i = 0; i + 4 < log.size(); i++) {
            windows.add(TinyModels.window(parser, "swap.log", i + 1, log.subList(i, i + 5).toArray(String[]::new)));
        }
        ModelManager onlyA = new ModelManager(root.toString(), "a", PredictionCache.disabled());
        ModelManager onlyB = new ModelManager(root.toString(), "b", PredictionCache.disabled());
        ModelManager swapping = new ModelManager(root.toString(), "a", new PredictionCache(PredictionCache.DEFAULT_BYTES));
        try {
            assertThat(swapping.active().vocabulary().templateIds()).isEqualTo(onlyB.active().vocabulary().templateIds());
            List<Verdict> a = scoreAll(onlyA, windows);
            List<Verdict> b = scoreAll(onlyB, windows);
            assertThat(b).as("the two networks predict differently").isNotEqualTo(a);

            // the warm-up at activation runs made-up histories past the cache, never into it
            assertThat(swapping.predictions().entries()).isZero();
            assertThat(scoreAll(swapping, windows)).isEqualTo(a);
            assertThat(swapping.predictions().entries()).isGreaterThan(0);
            swapping.activate("b");
            assertThat(scoreAll(swapping, windows)).isEqualTo(b);
        } finally {
            onlyA.close();
            onlyB.close();
            swapping.close();
        }
    }
}
