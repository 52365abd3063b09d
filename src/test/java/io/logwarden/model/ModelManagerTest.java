package io.logwarden.model;

import io.logwarden.scoring.DeepLogTranslator;
import io.logwarden.scoring.Score;
import io.logwarden.scoring.ScorerStatus;
import io.logwarden.scoring.ScoringProperties;
import io.logwarden.scoring.StatisticalScorer;
import io.logwarden.scoring.WindowScoring;
import io.logwarden.support.TinyModels;
import io.logwarden.training.ParserAdapter;
import io.logwarden.window.Window;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ModelManagerTest {

    @TempDir
    Path models;

    @Test
    void aCorruptModelDirectoryGivesDegradedAndTheFallbackNotACrash() throws Exception {
        Path corrupt = Files.createDirectories(models.resolve("demo"));
        Files.writeString(corrupt.resolve("settings.json"), "{\"window\": 10, \"topG\": 9, \"hidden\": 64, \"layers\": 2, \"vocabulary\": [1,2,3]}");
        Files.writeString(corrupt.resolve("deeplog-0000.params"), "not parameters");
        ModelManager manager = new ModelManager(models.toString(), "demo");
        ScoringProperties scale = ScoringProperties.defaults();
        WindowScoring scoring = new WindowScoring(new StatisticalScorer(scale), manager, new DeepLogTranslator(scale, manager));

        ScorerStatus status = scoring.status();
        assertThat(status.state()).isEqualTo("DEGRADED");
        assertThat(status.reason()).contains("demo").contains("failed to load");
        assertThat(status.errors()).isEqualTo(1);
        assertThat(status.model()).isNull();
        ParserAdapter parser = TinyModels.scratchParser();
        List<Score> scores = scoring.scoreBatch(List.of(TinyModels.window(parser, "s", 1, "gamma ping 1", "beta begin 2")));
        assertThat(scores).hasSize(1);
        assertThat(scores.get(0).scorer()).isEqualTo("statistical");
    }

    @Test
    void aMissingModelIsDegradedWithTheReason() {
        ModelManager manager = new ModelManager(models.toString(), "nothing-here");
        assertThat(manager.active()).isNull();
        assertThat(manager.degradedReason()).contains("nothing-here").contains("not found");
        assertThatThrownBy(() -> manager.activate("nope")).isInstanceOf(ModelManager.ModelNotFoundException.class);
    }

    @Test
    void inferenceFailuresAreCountedAndAnsweredByTheFallback() throws Exception {
        TinyModels.train(models.resolve("tiny"), 3, 2);
        ModelManager manager = new ModelManager(models.toString(), "tiny");
        ScoringProperties scale = ScoringProperties.defaults();
        WindowScoring scoring = new WindowScoring(new StatisticalScorer(scale), manager, new DeepLogTranslator(scale, manager));
        assertThat(scoring.status().state()).isEqualTo("UP");
        assertThat(scoring.status().scorer()).isEqualTo("deeplog:tiny");

        Window window = TinyModels.window(TinyModels.scratchParser(), "s", 1, "gamma ping 1");
        List<Score> scores = scoring.fallback(List.of(window), new IllegalStateException("boom"));
        assertThat(scores.get(0).scorer()).isEqualTo("statistical");
        assertThat(scoring.status().state()).isEqualTo("DEGRADED");
        assertThat(scoring.status().reason()).contains("boom");
        assertThat(scoring.status().errors()).isEqualTo(1);

        assertThat(scoring.scoreBatch(List.of(window)).get(0).scorer()).isEqualTo("deeplog:tiny");
        assertThat(scoring.status().state()).isEqualTo("UP");
        manager.close();
    }
}
