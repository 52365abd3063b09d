package io.logwarden.scoring;

import org.springframework.validation.annotation.Validated;
import jakarta.validation.constraints.Positive;
import io.logwarden.model.PredictionCache;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Severity bands and the alert threshold of the 0-10 score. The defaults keep the original
 * specification's example true: 8.5 is HIGH and an alert.
 *
 * @param medium        lowest MEDIUM score
 * @param high          lowest HIGH score
 * @param critical      lowest CRITICAL score
 * @param alert         lowest score that raises an alert
 * @param warmupWindows windows the statistical scorer learns from before it may raise alerts
 * @param predictionCache memory for the detector's cache of predictions by window history (rows are
 *                        reused only for the same network and history, so scores are unchanged); 0 disables it
 * @param batchSize     windows scored in one forward pass by routes/score.yaml (its completionSize)
 * @param batchInterval milliseconds after which routes/score.yaml scores a batch that neither filled up nor got the
 *                      window of a line marked as the last its reader has for now (a safety net)
 */
@ConfigurationProperties(prefix = "logwarden.scoring")
@Validated
public record ScoringProperties(@DefaultValue("4") double medium, @DefaultValue("7") double high,
                                @DefaultValue("9") double critical, @DefaultValue("7") double alert,
                                @DefaultValue("50") int warmupWindows,
                                @DefaultValue(PredictionCache.DEFAULT_SIZE) DataSize predictionCache,
                                @DefaultValue("256") @Positive int batchSize,
                                @DefaultValue("100") @Positive int batchInterval) {

    @ConstructorBinding
    public ScoringProperties {
        if (predictionCache == null) predictionCache = DataSize.ofBytes(PredictionCache.DEFAULT_BYTES);
        if (predictionCache.isNegative()) {
            throw new IllegalArgumentException("logwarden.scoring.prediction-cache must not be negative, got " + predictionCache);
        }
        if (!(0 <= medium && medium <= high && high <= critical && critical <= 10)) {
            throw new IllegalArgumentException("logwarden.scoring thresholds must satisfy 0 <= medium <= high <= critical <= 10, got "
                    + medium + ", " + high + ", " + critical);
        }
        if (alert < 0 || alert > 10) {
            throw new IllegalArgumentException("logwarden.scoring.alert must be within 0-10, got " + alert);
        }
    }

    /** Bands, threshold and prediction cache with the default batches. */
    public ScoringProperties(double medium, double high, double critical, double alert, int warmupWindows, DataSize predictionCache) {
        this(medium, high, critical, alert, warmupWindows, predictionCache, 256, 100);
    }

    /** Bands and threshold with the default prediction cache. */
    public ScoringProperties(double medium, double high, double critical, double alert, int warmupWindows) {
        this(medium, high, critical, alert, warmupWindows, DataSize.ofBytes(PredictionCache.DEFAULT_BYTES));
    }

    public Severity severityOf(double score) {
        if (score >= critical) return Severity.CRITICAL;
        if (score >= high) return Severity.HIGH;
        if (score >= medium) return Severity.MEDIUM;
        return Severity.LOW;
    }

    public boolean isAlert(double score) {
        return score >= alert;
    }

    public static ScoringProperties defaults() {
        return new ScoringProperties(4, 7, 9, 7, 50);
    }
}
