package io.logwarden.model;

import io.logwarden.window.Window;
import org.springframework.stereotype.Service;

import java.util.List;

/**
 * The bean the scoring route calls. It answers with the statistical scorer for now; the learned
 * model plugs in behind {@link WindowScorer} and falls back to this scorer when it cannot answer.
 */
@Service("windowScoring")
public class ScoringService {

    private final StatisticalScorer statistical;

    public ScoringService(StatisticalScorer statistical) {
        this.statistical = statistical;
    }

    public Score score(Window window) {
        return statistical.score(List.of(window)).get(0);
    }

    public List<Score> scoreBatch(List<Window> windows) {
        return statistical.score(windows);
    }

    public ScorerStatus status() {
        return new ScorerStatus(statistical.name(), "UP", null, 0);
    }
}
