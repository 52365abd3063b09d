package io.logwarden.feedback;

import io.logwarden.files.AtomicFiles;
import io.logwarden.settings.LogwardenProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logwarden.model.DeepLogModel;
import io.logwarden.model.ModelManager;
import io.logwarden.scoring.Score;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Each model's learned-normal set: transitions an operator marked normal. Kept beside the model's data,
 * not in models/ (models stay as trained): {@code <data-dir>/learned-normal/<model>.json}, with a version
 * that grows at every change, written to a temporary file and moved into place so a crash never leaves
 * half a file. routes/alerts.yaml asks {@link #matches} before storing an alert.
 */
@Component("learnedNormal")
public class LearnedNormal {

    private final Path directory;
    private final ModelManager models;
    private final String configuredModel;
    private final ObjectMapper json;
    private final Counter suppressed;
    private final Map<String, Snapshot> loaded = new ConcurrentHashMap<>();

    private record Snapshot(LearnedNormalFile file, Set<String> keys) {
        static Snapshot of(LearnedNormalFile file) {
            return new Snapshot(file, file.patterns().stream().map(NormalPattern::key).collect(Collectors.toUnmodifiableSet()));
        }
    }

    public LearnedNormal(LogwardenProperties settings, ModelManager models, ObjectMapper json, MeterRegistry registry) {
        this.directory = settings.resolve("learned-normal");
        this.models = models;
        this.configuredModel = settings.model();
        this.json = json;
        this.suppressed = Counter.builder("logwarden.alerts.suppressed").tag("reason", "learned_normal")
                .description("Alerting windows not stored because an operator marked their transition normal (feedback)")
                .register(registry);
    }

    /** The model whose set applies now: the active one, else the configured one (while scoring falls back). */
    public String currentModel() {
        DeepLogModel active = models.active();
        return active != null ? active.name() : configuredModel;
    }

    /** True when this alerting window's judged transition is in the current model's learned-normal set. */
    public boolean matches(Score score) {
        if (!score.alert() || score.sequence() == null || score.sequence().isEmpty()) {
            return false;
        }
        Snapshot snapshot = snapshot(currentModel());
        if (snapshot.keys().isEmpty()) {
            return false;
        }
        List<Integer> sequence = score.sequence();
        Integer previous = sequence.size() < 2 ? null : sequence.get(sequence.size() - 2);
        boolean match = snapshot.keys().contains(NormalPattern.key(previous, sequence.get(sequence.size() - 1)));
        if (match) {
            suppressed.increment();
        }
        return match;
    }

    public LearnedNormalFile list(String model) {
        return snapshot(checkName(model)).file();
    }

    /** Adds the patterns not yet in the set; answers the new file (its version grows only when something was added). */
    public synchronized LearnedNormalFile add(String model, List<NormalPattern> patterns) {
        LearnedNormalFile current = snapshot(checkName(model)).file();
        Set<String> known = current.patterns().stream().map(NormalPattern::key).collect(Collectors.toSet());
        List<NormalPattern> merged = new ArrayList<>(current.patterns());
        for (NormalPattern pattern : patterns) {
            if (known.add(pattern.key())) {
                merged.add(pattern);
            }
        }
        if (merged.size() == current.patterns().size()) {
            return current;
        }
        return write(new LearnedNormalFile(LearnedNormalFile.FORMAT, model, current.version() + 1, Instant.now(), List.copyOf(merged)));
    }

    /** Removes one entry; null when the set has no such entry. */
    public synchronized LearnedNormalFile remove(String model, String patternId) {
        LearnedNormalFile current = snapshot(checkName(model)).file();
        List<NormalPattern> kept = current.patterns().stream().filter(p -> !p.id().equals(patternId)).toList();
        if (kept.size() == current.patterns().size()) {
            return null;
        }
        return write(new LearnedNormalFile(LearnedNormalFile.FORMAT, model, current.version() + 1, Instant.now(), kept));
    }

    static String newId() {
        return UUID.randomUUID().toString();
    }

    /** Model names become file names: only the characters model directories may have. */
    static String checkName(String model) {
        if (model == null || !model.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,99}")) {
            throw new IllegalArgumentException("not a model name: " + model);
        }
        return model;
    }

    private Snapshot snapshot(String model) {
        return loaded.computeIfAbsent(model, m -> Snapshot.of(read(m)));
    }

    private LearnedNormalFile read(String model) {
        Path file = directory.resolve(model + ".json");
        if (!Files.exists(file)) {
            return LearnedNormalFile.empty(model);
        }
        try {
            LearnedNormalFile stored = json.readValue(file.toFile(), LearnedNormalFile.class);
            return stored.patterns() == null ? LearnedNormalFile.empty(model) : stored;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the learned-normal set " + file + ": " + e.getMessage(), e);
        }
    }

    private LearnedNormalFile write(LearnedNormalFile next) {
        try {
            byte[] text = json.writerWithDefaultPrettyPrinter().writeValueAsBytes(next);
            AtomicFiles.replace(directory.resolve(next.model() + ".json"), out -> out.write(text));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the learned-normal set of model " + next.model() + ": " + e.getMessage(), e);
        }
        loaded.put(next.model(), Snapshot.of(next));
        return next;
    }
}
