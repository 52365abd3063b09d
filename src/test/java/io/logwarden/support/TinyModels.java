package io.logwarden.support;

import io.logwarden.parse.LogEvent;
import io.logwarden.training.ModelTraining;
import io.logwarden.training.ParserAdapter;
import io.logwarden.window.Window;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** A small synthetic log with a strict order inside three kinds of activity, and models trained on it in seconds. */
public final class TinyModels {

    static {
        System.setProperty("ai.djl.pytorch.num_threads", "1");
        System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
    }

    private TinyModels() {
    }

    public static List<String> normalLog(int activities, long seed) {
        Random random = new Random(seed);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < activities; i++) {
            int id = 100 + random.nextInt(900);
            switch (random.nextInt(3)) {
                case 0 -> lines.addAll(List.of("alpha open id " + id, "alpha work id " + id, "alpha close id " + id));
                case 1 -> lines.addAll(List.of("beta begin " + id, "beta end " + id));
                default -> lines.add("gamma ping " + id);
            }
        }
        return lines;
    }

    /** Trains a model directory; returns the parser used, so test windows get the same template ids. */
    public static ParserAdapter train(Path modelDirectory, long seed, int epochs) throws IOException {
        Path log = Files.createTempFile("tiny-normal", ".log");
        Files.write(log, normalLog(700, 11));
        ParserAdapter parser = new ParserAdapter(null, modelDirectory);
        ModelTraining.train(new ModelTraining.Request(log, null, 4, 3, epochs, 32, 2, seed, modelDirectory), parser,
                new ModelTraining.Listener() { });
        Files.delete(log);
        return parser;
    }

    /** A parser of its own (templates in a fresh temporary directory) for tests that need no model. */
    public static ParserAdapter scratchParser() {
        try {
            return new ParserAdapter(null, Files.createTempDirectory("logwarden-parser"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A window over the given lines (the last one is judged), parsed with the training parser. */
    public static Window window(ParserAdapter parser, String source, long firstLine, String... lines) {
        List<LogEvent> events = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            int id = parser.templateId(lines[i], firstLine + i);
            events.add(new LogEvent(source, firstLine + i, lines[i], lines[i], Map.of(), id, parser.templates().get(id), List.of(), Instant.now()));
        }
        return new Window(source, source, events);
    }
}
