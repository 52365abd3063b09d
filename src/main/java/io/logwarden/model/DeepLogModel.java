package io.logwarden.model;

import ai.djl.Model;

import java.util.Map;

/**
 * A loaded model directory: the network, its vocabulary and detection settings, the templates'
 * text (for explanations) and its metadata. Closing it frees the native memory of its parameters.
 */
public record DeepLogModel(String name, Model network, Vocabulary vocabulary, ModelSettings settings,
                           ModelMetadata metadata, Map<Integer, String> templates, SessionInvariants invariants,
                           Detector detector) implements AutoCloseable {

    public DeepLogModel(String name, Model network, Vocabulary vocabulary, ModelSettings settings,
                        ModelMetadata metadata, Map<Integer, String> templates, SessionInvariants invariants) {
        this(name, network, vocabulary, settings, metadata, templates, invariants,
                new Detector(network, vocabulary, settings, invariants));
    }

    /** A model whose detector keeps its predictions in a shared cache (the service's, sized by its settings). */
    public DeepLogModel(String name, Model network, Vocabulary vocabulary, ModelSettings settings,
                        ModelMetadata metadata, Map<Integer, String> templates, SessionInvariants invariants, PredictionCache cache) {
        this(name, network, vocabulary, settings, metadata, templates, invariants,
                new Detector(network, vocabulary, settings, invariants, cache));
    }

    public DeepLogModel(String name, Model network, Vocabulary vocabulary, ModelSettings settings,
                        ModelMetadata metadata, Map<Integer, String> templates) {
        this(name, network, vocabulary, settings, metadata, templates, null);
    }

    public String scorerName() {
        return "deeplog:" + name;
    }

    public String template(int templateId) {
        return templates.getOrDefault(templateId, "template " + templateId);
    }

    @Override
    public void close() {
        network.close();
    }
}
