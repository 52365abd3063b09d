package io.logwarden.scoring;

import io.logwarden.model.DeepLogModel;
import io.logwarden.window.Window;

import java.util.List;

/** One djl: exchange: the windows of a micro-batch and the model that was active when it formed. */
public record DeepLogBatch(List<Window> windows, DeepLogModel model) {
}
