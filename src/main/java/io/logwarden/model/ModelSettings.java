package io.logwarden.model;

import java.util.List;

/**
 * settings.json of a model directory: how the model was built and how its verdicts are drawn.
 *
 * @param window               h, the history length the LSTM reads
 * @param topG                 g: the actual next key must be among the g most likely
 * @param probabilityThreshold the floor: a key less likely than this is anomalous whatever its rank and
 *                             whatever the session rules say (0 = off); chosen on validation data by training
 * @param hidden               LSTM hidden size
 * @param layers               LSTM layers
 * @param vocabulary           template ids in class-index order (see {@link Vocabulary})
 * @param format               the log line format the templates were mined with (null = whole line)
 * @param masks                variable-token masks the parser applied
 * @param detector             session rules and alert calibration (see {@link DetectorSettings})
 */
public record ModelSettings(int window, int topG, double probabilityThreshold, int hidden, int layers,
                            List<Integer> vocabulary, String format, List<String> masks, DetectorSettings detector) {

    public ModelSettings(int window, int topG, double probabilityThreshold, int hidden, int layers,
                         List<Integer> vocabulary, String format, List<String> masks) {
        this(window, topG, probabilityThreshold, hidden, layers, vocabulary, format, masks, DetectorSettings.none());
    }

    public ModelSettings {
        if (window < 1) throw new IllegalArgumentException("window must be at least 1, got " + window);
        if (topG < 1) throw new IllegalArgumentException("top-g must be at least 1, got " + topG);
        if (hidden < 1 || layers < 1) throw new IllegalArgumentException("hidden and layers must be positive");
        vocabulary = vocabulary == null ? List.of() : List.copyOf(vocabulary);
        masks = masks == null ? List.of() : List.copyOf(masks);
        detector = detector == null ? DetectorSettings.none() : detector;
    }

    public ModelSettings withDetection(int topG, double probabilityThreshold) {
        return new ModelSettings(window, topG, probabilityThreshold, hidden, layers, vocabulary, format, masks, detector);
    }

    public ModelSettings withVocabulary(List<Integer> ids) {
        return new ModelSettings(window, topG, probabilityThreshold, hidden, layers, ids, format, masks, detector);
    }
}

