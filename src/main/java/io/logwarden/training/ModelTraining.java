package io.logwarden.training;

import io.logwarden.files.LogLines;
import io.logwarden.model.DeepLogNetwork;
import io.logwarden.model.ModelMetadata;
import io.logwarden.model.ModelStore;
import io.logwarden.model.TrainingWindows;
import io.logwarden.window.SessionKeys;
import ai.djl.Model;
import ai.djl.engine.Engine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Learns a model directory from a log of normal behaviour: mines the templates, turns the log into
 * one key stream (as the service's default window key, the source, does) or into sessions (with a
 * session key), and trains the detector ({@link DetectorTraining}) with its operating point chosen on
 * a validation slice (the last 10% of the stream, or 10% of the sessions).
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

        /** How many epochs the network that ships trained, and why (see {@link DetectorTraining}). */
        default void epochsChosen(String explanation) {
        }

        /** The operating point training chose, with its reasons and warnings. */
        default void chose(OperatingPoint.Choice choice) {
        }
    }

    public record Outcome(Path directory, ModelMetadata metadata, int topG, OperatingPoint.Choice choice) {
    }

    public static final double VALIDATION_SHARE = 0.15;

    private ModelTraining() {
    }

    public static Outcome train(Request request, TrainingParser parser, Listener listener) throws IOException {
        return train(request, parser, listener, null, OperatingPoint.Rule.defaults());
    }

    /**
     * Trains a model directory. With a {@code sessionKey} (a regex whose first group, or group
     * {@code key}, names the session of a line), the log is split into sessions as the service's
     * session step splits it, the model learns where sessions end and the count invariants are mined;
     * without, the log is one stream.
     */
    public static Outcome train(Request request, TrainingParser parser, Listener listener, String sessionKey,
                                OperatingPoint.Rule rule) throws IOException {
        return train(request, parser, listener, sessionKey, rule, VALIDATION_SHARE);
    }

    public static Outcome train(Request request, TrainingParser parser, Listener listener, String sessionKey,
                                OperatingPoint.Rule rule, double validationShare) throws IOException {
        if (!Files.isRegularFile(request.input())) throw new IOException("input log " + request.input() + " is not a readable file");
        long started = System.nanoTime();
        java.util.regex.Pattern session = sessionKey == null || sessionKey.isBlank() ? null : java.util.regex.Pattern.compile(sessionKey);
        List<Integer> keys = new ArrayList<>();
        Map<String, List<Integer>> sessions = new LinkedHashMap<>();
        try (LogLines reader = LogLines.open(request.input())) {
            String line;
            long lineNumber = 0;
            while ((line = reader.next()) != null) {
                lineNumber++;
                if (line.isBlank()) continue;
                int id = parser.templateId(line, lineNumber);
                keys.add(id);
                if (session != null) {
                    String key = SessionKeys.keyOf(session, line);
                    if (key != null) sessions.computeIfAbsent(key, k -> new ArrayList<>()).add(id);
                }
            }
        }
        if (keys.size() < request.window() + 2) {
            throw new IOException("input log " + request.input() + " has " + keys.size() + " lines; training needs more than the window (" + request.window() + ")");
        }
        if (session != null && sessions.size() < 2) {
            throw new IOException("session key " + sessionKey + " found " + sessions.size() + " sessions in " + request.input() + "; training on sessions needs at least 2");
        }
        listener.parsed(keys.size(), parser.templates().size());
        String name = request.output().getFileName().toString();
        DetectorTraining.Options options = new DetectorTraining.Options(request.window(), request.hidden(), request.layers(),
                request.epochs(), request.seed(), request.topG(), validationShare, rule, parser.format(), parser.masks());
        try (DetectorTraining.Trained trained = session == null
                ? DetectorTraining.stream(name, keys, options, listener::epoch)
                : DetectorTraining.sessions(name, new ArrayList<>(sessions.values()), options, listener::epoch)) {
            listener.epochsChosen(trained.epochs());
            listener.chose(trained.choice());
            ModelMetadata metadata = new ModelMetadata(name, Instant.now(), keys.size(), parser.templates().size(),
                    trained.windows(), trained.fit().epoch(), trained.loss(), trained.validationTopGAccuracy(), (System.nanoTime() - started) / 1e9, request.seed(),
                    request.input().getFileName().toString(), libraries());
            new ModelStore(request.output().getParent() == null ? Path.of(".") : request.output().getParent())
                    .save(request.output(), trained.network(), trained.settings(), metadata, trained.invariants());
            parser.saveTemplates(request.output());
            return new Outcome(request.output(), metadata, trained.settings().topG(), trained.choice());
        }
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
