package io.logwarden.scoring;

import ai.djl.Model;
import io.logwarden.model.DeepLogNetwork;

/** The {@code deepLogModel} bean camel-djl looks up: a DJL model whose block forwards to the batch's own model. */
public final class ActiveModelBinding {

    private ActiveModelBinding() {
    }

    public static Model servingModel() {
        Model serving = Model.newInstance("deeplog-serving", DeepLogNetwork.ENGINE);
        serving.setBlock(new ActiveModelBlock());
        return serving;
    }
}
