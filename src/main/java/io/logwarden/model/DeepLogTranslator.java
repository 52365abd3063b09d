package io.logwarden.model;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.Batchifier;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorContext;
import io.logwarden.window.Window;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * camel-djl's translator for the scoring route: a whole micro-batch of windows is one input, so one
 * Predictor (camel-djl makes one per exchange) runs one forward pass for the batch. No batchifier:
 * the batch dimension is ours.
 */
@Component("deeplogTranslator")
public class DeepLogTranslator implements Translator<DeepLogBatch, List<Score>> {

    private static final String BATCH = "batch";
    private final ScoreMapping mapping;
    private final ModelManager models;

    public DeepLogTranslator(ScoringProperties scale, ModelManager models) {
        this.mapping = new ScoreMapping(scale);
        this.models = models;
    }

    @Override
    public NDList processInput(TranslatorContext ctx, DeepLogBatch batch) {
        ActiveModelBlock.bind(batch.model());
        ctx.setAttachment(BATCH, batch);
        int h = batch.model().settings().window();
        List<Window> windows = batch.windows();
        long[] histories = new long[windows.size() * h];
        for (int i = 0; i < windows.size(); i++) {
            List<Integer> history = windows.get(i).history().stream().map(e -> e.templateId()).toList();
            batch.model().vocabulary().encode(history, h, histories, i * h);
        }
        return new NDList(ctx.getNDManager().create(histories, new Shape(windows.size(), h)));
    }

    @Override
    public List<Score> processOutput(TranslatorContext ctx, NDList list) {
        try {
            DeepLogBatch batch = (DeepLogBatch) ctx.getAttachment(BATCH);
            float[][] rows = DeepLogNetwork.rows(list.singletonOrThrow().softmax(1), batch.windows().size());
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
