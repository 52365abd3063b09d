package io.logwarden.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.recurrent.LSTM;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The DeepLog network: one-hot log keys -> stacked LSTM -> linear layer over the vocabulary (logits;
 * softmax is applied by the loss while training and by the translator while serving).
 * Input: (batch, h) vocabulary indices; output: (batch, vocabulary) logits for the next key.
 * One-hot rather than an embedding: vocabularies are small (tens to a few hundred templates), and
 * one-hot needs no extra parameters to learn from a short normal log.
 */
public class DeepLogBlock extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int vocabularySize;
    private final LSTM lstm;
    private final Linear output;

    public DeepLogBlock(int vocabularySize, int hidden, int layers) {
        super(VERSION);
        this.vocabularySize = vocabularySize;
        this.lstm = addChildBlock("lstm", LSTM.builder().setStateSize(hidden).setNumLayers(layers)
                .optBatchFirst(true).optReturnState(false).build());
        this.output = addChildBlock("output", Linear.builder().setUnits(vocabularySize).build());
    }

    @Override
    protected NDList forwardInternal(ParameterStore parameterStore, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NDArray keys = inputs.singletonOrThrow().toType(DataType.INT64, false);
        NDArray oneHot = keys.oneHot(vocabularySize);
        NDArray sequence = lstm.forward(parameterStore, new NDList(oneHot), training, params).head();
        NDArray last = sequence.get(":, -1, :");
        return output.forward(parameterStore, new NDList(last), training, params);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(inputShapes[0].get(0), vocabularySize)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape input = inputShapes[0];
        Shape oneHot = new Shape(input.get(0), input.get(1), vocabularySize);
        lstm.initialize(manager, dataType, oneHot);
        Shape[] lstmOut = lstm.getOutputShapes(new Shape[] {oneHot});
        output.initialize(manager, dataType, new Shape(input.get(0), lstmOut[0].get(2)));
    }
}
