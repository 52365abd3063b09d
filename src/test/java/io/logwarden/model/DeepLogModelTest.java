package io.logwarden.model;

import io.logwarden.scoring.DeepLogBatch;
import io.logwarden.scoring.Score;
import io.logwarden.scoring.ScoreMapping;
import io.logwarden.scoring.ScoringProperties;
import io.logwarden.scoring.Severity;
import io.logwarden.support.TinyModels;
import io.logwarden.training.ParserAdapter;
import io.logwarden.window.Window;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DeepLogModelTest {

    @TempDir
    static Path models;
    static ParserAdapter parser;
    static DeepLogModel model;

    @BeforeAll
    static void train() throws Exception {
        parser = TinyModels.train(models.resolve("tiny"), 11, 12);
        model = new ModelStore(models).load("tiny");
    }

    @Test
    void trainingConvergesOnHeldOutNormalWindows() throws Exception {
        ModelMetadata metadata = new ModelStore(models).metadata("tiny");
        assertThat(metadata.validationTopGAccuracy()).isGreaterThanOrEqualTo(0.9);
        assertThat(metadata.templates()).isEqualTo(6);
        // ln(9) = 2.2 untrained; what remains is the choice of the next activity (ln 3 at every boundary)
        assertThat(metadata.finalLoss()).isLessThan(1.5);
        assertThat(Files.exists(models.resolve("tiny/templates.json"))).isTrue();
        assertThat(Files.exists(models.resolve("tiny/deeplog-0000.params"))).isTrue();
    }

    @Test
    void aWindowThatBreaksTheLearnedOrderScoresHigherThanNormalOnes() {
        ScoreMapping mapping = new ScoreMapping(ScoringProperties.defaults());
        Window normal1 = TinyModels.window(parser, "t", 1, "gamma ping 1", "alpha open id 5", "alpha work id 5");
        Window normal2 = TinyModels.window(parser, "t", 1, "beta begin 3", "beta end 3", "alpha open id 5");
        Window normal3 = TinyModels.window(parser, "t", 1, "alpha open id 5", "alpha work id 5", "alpha close id 5");
        Window broken = TinyModels.window(parser, "t", 1, "gamma ping 1", "beta begin 3", "alpha close id 5");
        List<Score> scores = score(mapping, List.of(normal1, normal2, normal3, broken));
        double worstNormal = Math.max(scores.get(0).score(), Math.max(scores.get(1).score(), scores.get(2).score()));
        assertThat(scores.get(3).score()).isGreaterThan(worstNormal).isGreaterThanOrEqualTo(7);
        assertThat(scores.get(3).alert()).isTrue();
        assertThat(scores.get(3).expected()).isNotEmpty();
        assertThat(scores.get(3).expected().get(0).template()).isEqualTo("beta end <NUM>");
        assertThat(scores.get(3).reason()).contains("outside the top 3");
        assertThat(worstNormal).isLessThan(7);
    }

    @Test
    void anUnknownTemplateIsAlwaysCritical() {
        Window unseen = TinyModels.window(parser, "t", 1, "gamma ping 1", "delta explode now");
        Score score = score(new ScoreMapping(ScoringProperties.defaults()), List.of(unseen)).get(0);
        assertThat(score.unseenTemplate()).isTrue();
        assertThat(score.score()).isGreaterThanOrEqualTo(9);
        assertThat(score.severity()).isEqualTo(Severity.CRITICAL);
    }

    @Test
    void savedThenLoadedGivesTheSameScores() throws Exception {
        List<Window> windows = List.of(
                TinyModels.window(parser, "t", 1, "gamma ping 1", "alpha open id 5", "alpha work id 5"),
                TinyModels.window(parser, "t", 1, "gamma ping 1", "beta begin 3", "alpha close id 5"),
                TinyModels.window(parser, "t", 1, "beta begin 3"));
        ScoreMapping mapping = new ScoreMapping(ScoringProperties.defaults());
        try (DeepLogModel reloaded = new ModelStore(models).load("tiny")) {
            List<Score> first = score(mapping, windows);
            List<Score> second = new ScoreMapping(ScoringProperties.defaults()).scores(new DeepLogBatch(windows, reloaded), probabilities(reloaded, windows));
            for (int i = 0; i < windows.size(); i++) {
                assertThat(second.get(i).score()).isEqualTo(first.get(i).score());
                assertThat(second.get(i).expected()).isEqualTo(first.get(i).expected());
            }
        }
    }

    private static List<Score> score(ScoreMapping mapping, List<Window> windows) {
        return mapping.scores(new DeepLogBatch(windows, model), probabilities(model, windows));
    }

    static float[][] probabilities(DeepLogModel m, List<Window> windows) {
        int h = m.settings().window();
        long[] histories = new long[windows.size() * h];
        for (int i = 0; i < windows.size(); i++) {
            m.vocabulary().encode(windows.get(i).history().stream().map(e -> e.templateId()).toList(), h, histories, i * h);
        }
        return DeepLogNetwork.probabilities(m.network(), histories, windows.size(), h);
    }
}
