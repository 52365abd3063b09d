package io.logwarden.model;

import ai.djl.Model;
import ai.djl.engine.Engine;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Learns a model directory from a log of normal behaviour: mines the templates, turns the log into
 * one key stream (as the service's default window key, the source, does), trains the LSTM on the
 * first 90% of its windows and measures top-g accuracy on the last 10%.
 */
public final class ModelTraining {

    /** What to train. {@code output} is the model directory to write. */
    public record Request(Path input, String format, int window, int topG, int epochs, int hidden, int layers,
                          long seed, Path output) {
        public Request {
            if (window < 1) throw new IllegalArgumentException("--window must be at least 1, got " + window);
            if (epochs < 1) throw new IllegalArgumentException("--epochs must be at least 1, got " + epochs);
            if (topG < 0) throw new IllegalArgumentException("--top-g must be at least 1 (or 0: choose it on held-out data), got " + topG);
        }
    }

    /** Progress callbacks: parsing, then every epoch. */
    public interface Listener {
        default void parsed(long lines, int templates) {
        }

        default void epoch(int epoch, int epochs, double loss, double secondsLeft) {
        }
    }

    public record Outcome(Path directory, ModelMetadata metadata, int topG) {
    }

    static final double VALIDATION_SHARE = 0.1;

    private ModelTraining() {
    }

    public static Outcome train(Request request, TrainingParser parser, Listener listener) throws IOException {
        if (!Files.isRegularFile(request.input())) throw new IOException("input log " + request.input() + " is not a readable file");
        long started = System.nanoTime();
        List<Integer> keys = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(request.input(), StandardCharsets.UTF_8)) {
            String line;
            long lineNumber = 0;
            while ((line = reader.readLine()) != null) {
                lineNumber++;
                if (!line.isBlank()) keys.add(parser.templateId(line, lineNumber));
            }
        }
        if (keys.size() < request.window() + 2) {
            throw new IOException("input log " + request.input() + " has " + keys.size() + " lines; training needs more than the window (" + request.window() + ")");
        }
        listener.parsed(keys.size(), parser.templates().size());
        Vocabulary vocabulary = new Vocabulary(new ArrayList<>(new java.util.TreeSet<>(keys)));
        int split = (int) Math.round(keys.size() * (1 - VALIDATION_SHARE));
        TrainingWindows windows = new TrainingWindows(request.window());
        for (int t = 0; t < split; t++) windows.add(TrainingWindows.windowAt(keys, t, vocabulary, request.window()));
        List<TrainingWindows.Key> validation = new ArrayList<>();
        for (int t = split; t < keys.size(); t++) validation.add(TrainingWindows.windowAt(keys, t, vocabulary, request.window()));

        String name = request.output().getFileName().toString();
        try (Model network = DeepLogNetwork.newModel(name, vocabulary.size(), request.hidden(), request.layers())) {
            double loss = DeepLogNetwork.train(network, windows,
                    new DeepLogNetwork.TrainingOptions(request.epochs(), 256, 0.01f, request.seed()), listener::epoch);
            int g = request.topG() > 0 ? request.topG() : chooseTopG(network, validation, request.window(), vocabulary.size());
            double accuracy = topGAccuracy(network, validation, request.window(), g);
            ModelSettings settings = new ModelSettings(request.window(), g, 0, request.hidden(), request.layers(),
                    vocabulary.templateIds(), parser.format(), parser.masks());
            ModelMetadata metadata = new ModelMetadata(name, Instant.now(), keys.size(), parser.templates().size(),
                    windows.total(), request.epochs(), loss, accuracy, (System.nanoTime() - started) / 1e9, request.seed(),
                    request.input().getFileName().toString(), libraries());
            new ModelStore(request.output().getParent() == null ? Path.of(".") : request.output().getParent())
                    .save(request.output(), network, settings, metadata);
            parser.saveTemplates(request.output());
            return new Outcome(request.output(), metadata, g);
        }
    }

    /** Share of held-out normal windows a chosen g may still flag: the model's false-alarm budget. */
    static final double HELD_OUT_MISS_BUDGET = 0.002;

    /**
     * The smallest g (at least the DeepLog default 9) under which at most {@link #HELD_OUT_MISS_BUDGET} of
     * the held-out normal windows fall outside the top g: chosen on training data only. Logs whose normal
     * traffic has many interchangeable templates (sudo by user and command, say) need a larger g than 9.
     */
    static int chooseTopG(Model network, List<TrainingWindows.Key> validation, int h, int vocabularySize) {
        int g = Math.min(9, vocabularySize);
        while (g < vocabularySize && topGAccuracy(network, validation, h, g) < 1 - HELD_OUT_MISS_BUDGET) {
            g++;
        }
        return g;
    }

    /** Share of held-out windows whose actual next key is among the g most likely. */
    public static double topGAccuracy(Model network, List<TrainingWindows.Key> windows, int h, int g) {
        if (windows.isEmpty()) return 0;
        long hits = 0;
        for (int from = 0; from < windows.size(); from += 1024) {
            List<TrainingWindows.Key> batch = windows.subList(from, Math.min(windows.size(), from + 1024));
            long[] histories = new long[batch.size() * h];
            for (int i = 0; i < batch.size(); i++) System.arraycopy(batch.get(i).values(), 0, histories, i * h, h);
            float[][] rows = DeepLogNetwork.probabilities(network, histories, batch.size(), h);
            for (int i = 0; i < batch.size(); i++) {
                if (DeepLogNetwork.rank(rows[i], batch.get(i).actual()) <= g) hits++;
            }
        }
        return (double) hits / windows.size();
    }

    static Map<String, String> libraries() {
        Map<String, String> versions = new LinkedHashMap<>();
        versions.put("djl", Engine.getDjlVersion());
        versions.put("engine", DeepLogNetwork.ENGINE + " " + Engine.getEngine(DeepLogNetwork.ENGINE).getVersion());
        versions.put("java", System.getProperty("java.version"));
        return versions;
    }
}
