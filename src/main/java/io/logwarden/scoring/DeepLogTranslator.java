package io.logwarden.scoring;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.Batchifier;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorContext;
import io.logwarden.model.Detector;
import io.logwarden.model.ModelManager;
import io.logwarden.window.Window;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * camel-djl's translator for the scoring route: a whole micro-batch of windows is one input, so one
 * Predictor (camel-djl makes one per exchange) runs one forward pass for the batch. No batchifier:
 * the batch dimension is ours.
 */
@Component
public class DeepLogTranslator implements Translator<DeepLogBatch, List<Score>> {

    private static final String BATCH = "batch";
    private final ScoreMapping mapping;
    private final ModelManager models;

    public DeepLogTranslator(ScoringProperties scale, ModelManager models) {
        this.mapping = new ScoreMapping(scale);
        this.models = models;
    }

    /** A batch in the translator: rows found in the detector's cache, and the histories the network must predict. */
    private record Pending(DeepLogBatch batch, float[][] rows, long[][] histories, int[] misses, int missCount) {
    }

    @Override
    public NDList processInput(TranslatorContext ctx, DeepLogBatch batch) {
        ActiveModelBlock.bind(batch.model());
        Detector detector = batch.model().detector();
        int h = batch.model().settings().window();
        List<Window> windows = batch.windows();
        float[][] rows = new float[windows.size()][];
        long[][] histories = new long[windows.size()][];
        int[] misses = new int[windows.size()];
        int missCount = 0;
        for (int i = 0; i < windows.size(); i++) {
            List<Integer> history = windows.get(i).history().stream().map(e -> e.templateId()).toList();
            histories[i] = new long[h];
            batch.model().vocabulary().encode(history, h, histories[i], 0);
            rows[i] = detector.cached(histories[i]);
            if (rows[i] == null) misses[missCount++] = i;
        }
        ctx.setAttachment(BATCH, new Pending(batch, rows, histories, misses, missCount));
        // only the histories not seen before go through the network (none at all: ActiveModelBlock skips the pass)
        long[] input = new long[missCount * h];
        for (int m = 0; m < missCount; m++) System.arraycopy(histories[misses[m]], 0, input, m * h, h);
        return new NDList(ctx.getNDManager().create(input, new Shape(missCount, h)));
    }

    @Override
    public List<Score> processOutput(TranslatorContext ctx, NDList list) {
        try {
            Pending pending = (Pending) ctx.getAttachment(BATCH);
            DeepLogBatch batch = pending.batch();
            float[][] rows = pending.rows();
            if (pending.missCount() > 0) {
                float[][] predicted = Detector.rows(list.singletonOrThrow().softmax(1), pending.missCount());
                for (int m = 0; m < pending.missCount(); m++) {
                    int i = pending.misses()[m];
                    rows[i] = predicted[m];
                    batch.model().detector().remember(pending.histories()[i], predicted[m]);
                }
            }
            List<Score> scores = mapping.scores(batch, rows);
            models.inferenceSucceeded();
            return scores;
        } finally {
            ActiveModelBlock.unbind();
        }
    }

    @Override
    public Batchifier getBatchifier() {
        return null;
    }
}
