package io.logwarden.scoring;

import ai.djl.inference.Predictor;
import ai.djl.translate.TranslateException;
import io.logwarden.model.DeepLogModel;
import io.logwarden.model.ModelManager;
import io.logwarden.window.Window;
import org.springframework.stereotype.Service;

import java.util.List;

/**
 * The bean the scoring route calls around the djl: endpoint: {@link #prepare} pins the active model
 * to a micro-batch, {@link #fallback} answers with the statistical scorer when the model is missing
 * or inference throws (counting the failure), {@link #status} feeds the status endpoint and health.
 */
@Service
public class WindowScoring {

    public static final String DEGRADED = "DEGRADED";
    private final StatisticalScorer statistical;
    private final ModelManager models;
    private final DeepLogTranslator translator;

    public WindowScoring(StatisticalScorer statistical, ModelManager models, DeepLogTranslator translator) {
        this.statistical = statistical;
        this.models = models;
        this.translator = translator;
    }

    /** Body for the djl: endpoint; throws {@link ModelUnavailableException} when no model is active. */
    public DeepLogBatch prepare(List<Window> windows) {
        DeepLogModel model = models.active();
        if (model == null) throw new ModelUnavailableException(models.degradedReason());
        return new DeepLogBatch(List.copyOf(windows), model);
    }

    /** The statistical scorer's answer for a batch the model could not score. */
    public List<Score> fallback(List<Window> windows, Exception cause) {
        if (cause != null && !(cause instanceof ModelUnavailableException)) {
            models.inferenceFailed(cause);
        }
        return statistical.score(windows);
    }

    /** After the model scored a batch: the fallback learns it too, so that it is warm if it has to answer. */
    public void modelScored(List<Window> windows) {
        statistical.learn(windows);
    }

    /** Scores one window outside the route (tools, tests): the model if active, else the fallback. */
    public Score score(Window window) {
        return scoreBatch(List.of(window)).get(0);
    }

    /** Same as the route, without Camel: one Predictor, one forward pass, fallback on failure. */
    public List<Score> scoreBatch(List<Window> windows) {
        DeepLogBatch batch;
        try {
            batch = prepare(windows);
        } catch (ModelUnavailableException e) {
            return fallback(windows, e);
        }
        try (Predictor<DeepLogBatch, List<Score>> predictor = batch.model().network().newPredictor(translator)) {
            List<Score> scores = predictor.predict(batch);
            modelScored(windows);
            return scores;
        } catch (TranslateException | RuntimeException e) {
            return fallback(windows, e);
        }
    }

    public ScorerStatus status() {
        DeepLogModel model = models.active();
        String reason = models.degradedReason();
        String scorer = reason == null && model != null ? model.scorerName() : statistical.name();
        return new ScorerStatus(scorer, reason == null ? "UP" : DEGRADED, reason, models.errors(), model == null ? null : model.name());
    }
}
