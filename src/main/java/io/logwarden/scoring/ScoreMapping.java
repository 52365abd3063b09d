package io.logwarden.scoring;

import io.logwarden.model.DeepLogModel;
import io.logwarden.model.DeepLogNetwork;
import io.logwarden.model.Detector;
import io.logwarden.model.ModelSettings;
import io.logwarden.model.Vocabulary;
import io.logwarden.window.Window;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns the model's next-key probabilities into the 0-10 score, so that the severity bands of
 * {@link ScoringProperties} (medium 4, high 7, critical 9, alert 7) keep their meaning:
 * <ul>
 *   <li><b>template unknown to the model</b> (not in its vocabulary): 9.5, CRITICAL, always an alert,
 *       flagged {@code unseenTemplate};</li>
 *   <li><b>anomalous</b>, the actual key is outside the top g (or below the model's probability
 *       threshold): 7 + 2 * u with u = clamp((-log10 p - 1) / 5, 0, 1); 7.0 for p >= 10%, 9.0 for
 *       p <= 0.0001%: HIGH (an alert) rising to CRITICAL for keys the model all but ruled out;</li>
 *   <li><b>normal</b>, the actual key is in the top g: 6.9 * (0.5 * (rank - 1) / g + 0.5 * (1 - p)),
 *       never above 6.9: the most likely key with high probability scores near 0 (LOW); a key the
 *       model ranked low in the top g with little probability reaches MEDIUM (from 4) but never alerts.</li>
 * </ul>
 * Every score names the line that was judged, its template, and the three keys the model expected.
 */
public class ScoreMapping {

    static final double UNSEEN_TEMPLATE_SCORE = 9.5;
    static final double NORMAL_CAP = 6.9;
    static final int EXPECTED_SHOWN = 3;

    private final ScoringProperties scale;

    public ScoreMapping(ScoringProperties scale) {
        this.scale = scale;
    }

    /** The uncalibrated scale: 7.0 at p >= 10%, 9.0 at p <= 0.0001%. */
    public static double anomalousScore(double probability) {
        return anomalousScore(probability, 1);
    }

    /**
     * 7.0 at the calibrated alert probability (or 10% when that is higher), rising by 0.4 per factor of
     * ten rarer, 9.0 at a hundred thousand times rarer.
     */
    public static double anomalousScore(double probability, double alertProbability) {
        double reference = Math.min(0.1, alertProbability);
        double decades = Math.log10(Math.max(reference, 1e-12) / Math.max(probability, 1e-12));
        double u = Math.max(0, Math.min(1, decades / 5));
        return 7 + 2 * u;
    }

    public static double normalScore(int rank, int g, double probability) {
        return Math.min(NORMAL_CAP, NORMAL_CAP * (0.5 * (rank - 1) / g + 0.5 * (1 - probability)));
    }

    private static String percent(double p) {
        return String.valueOf(Math.round(p * 1_000_000) / 10_000.0);
    }

    public List<Score> scores(DeepLogBatch batch, float[][] probabilities) {
        List<Score> scores = new ArrayList<>(batch.windows().size());
        for (int i = 0; i < batch.windows().size(); i++) {
            scores.add(score(batch.windows().get(i), batch.model(), probabilities[i]));
        }
        return scores;
    }

    public Score score(Window window, DeepLogModel model, float[] probabilities) {
        ModelSettings settings = model.settings();
        Vocabulary vocabulary = model.vocabulary();
        int actual = window.newest().templateId();
        List<Prediction> expected = new ArrayList<>();
        for (int index : DeepLogNetwork.topIndices(probabilities, EXPECTED_SHOWN)) {
            int id = vocabulary.templateIdAt(index);
            expected.add(new Prediction(id, id < 0 ? "(end)" : model.template(id), probabilities[index]));
        }
        double score;
        String reason;
        boolean unseen = !vocabulary.knows(actual);
        String line = "line " + window.lastLine() + " of " + window.source();
        if (unseen) {
            score = UNSEEN_TEMPLATE_SCORE;
            reason = String.format(Locale.ROOT, "%s has template %d \"%s\", which model %s never saw in training",
                    line, actual, window.newest().template(), model.name());
        } else {
            Detector.WindowVerdict verdict = model.detector().judgeWindow(actual, probabilities);
            int rank = verdict.rank();
            double p = verdict.probability();
            score = verdict.anomalous() ? anomalousScore(p, settings.detector().alertProbability()) : normalScore(rank, settings.topG(), p);
            // concatenation, not String.format: this runs for every window at tens of thousands a second
            reason = line + ": template " + actual + " \"" + window.newest().template() + "\" was the model's #" + rank
                    + " prediction (p=" + percent(p) + "%), " + (verdict.outsideTopG() ? "outside" : "within") + " the top " + settings.topG();
            if (verdict.belowFloor()) reason += ", below the probability floor";
            else if (verdict.outsideTopG() && !verdict.anomalous()) reason += ", but not rarer than normal traffic's rarest keys (calibrated)";
            if (window.events().size() <= settings.window()) reason += " (history padded: " + (window.events().size() - 1) + " lines before it)";
        }
        score = Math.round(score * 100) / 100.0;
        return new Score(score, scale.severityOf(score), scale.isAlert(score), window.sequence(), Instant.now(),
                window.source(), window.key(), window.firstLine(), window.lastLine(), window.templates(), window.lines(),
                model.scorerName(), unseen, List.copyOf(expected), reason);
    }
}
