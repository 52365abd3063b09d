package io.logwarden.scoring;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.logwarden.model.DeepLogModel;

/**
 * The block of the {@code deepLogModel} bean that camel-djl looks up for every exchange. It forwards
 * to the network of the model the batch was formed with (bound to the predicting thread by
 * {@link DeepLogTranslator#processInput}), so activating another model never changes the network
 * under a batch in flight, and the bean itself never has to be replaced in the registry.
 */
public class ActiveModelBlock extends AbstractBlock {

    private static final ThreadLocal<DeepLogModel> BOUND = new ThreadLocal<>();

    public ActiveModelBlock() {
        super((byte) 1);
    }

    static void bind(DeepLogModel model) {
        BOUND.set(model);
    }

    static void unbind() {
        BOUND.remove();
    }

    private static DeepLogModel bound() {
        DeepLogModel model = BOUND.get();
        if (model == null) throw new IllegalStateException("no DeepLog model bound to this predictor thread (call through deepLogTranslator)");
        return model;
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        DeepLogModel model = bound();
        ai.djl.ndarray.NDArray x = inputs.singletonOrThrow();
        if (x.getShape().get(0) == 0) {
            // every window of the batch was answered from the prediction cache: no forward pass
            return new NDList(x.getManager().zeros(new Shape(0, model.vocabulary().size())));
        }
        return model.network().getBlock().forward(parameterStore, inputs, training, params);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return bound().network().getBlock().getOutputShapes(inputShapes);
    }

    @Override
    public void initialize(NDManager manager, DataType dataType, Shape... inputShapes) {
        // nothing to initialise: the parameters belong to the bound model's network
    }

    @Override
    public boolean isInitialized() {
        return true;
    }
}
