package io.logwarden.model;

import io.logwarden.settings.LogwardenProperties;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Owns the active DeepLog model. Activation loads the new model first and then swaps one reference:
 * batches formed before the swap keep the model they captured (see scoring.DeepLogBatch), and the old
 * model is closed only after a grace period, so no window in flight is dropped or scored by a
 * half-swapped model. A model that fails to load leaves the current one (or the fallback) in place.
 */
@Component
public class ModelManager {

    private static final Logger log = LoggerFactory.getLogger(ModelManager.class);

    static {
        TorchThreads.defaultToOne();
    }
    static final long CLOSE_GRACE_SECONDS = 60;

    private final ModelStore store;
    private final AtomicReference<DeepLogModel> active = new AtomicReference<>();
    private final AtomicLong errors = new AtomicLong();
    private volatile String unavailableReason;
    private volatile String lastInferenceError;
    // a replaced model is closed after a grace period, once batches that took it before the switch are done
    private final ThreadPoolTaskScheduler closer = closer();

    private final PredictionCache predictions;

    /** Tools and tests: the default prediction cache. */
    public ModelManager(String modelsDir, String model) {
        this(modelsDir, model, new PredictionCache(PredictionCache.DEFAULT_BYTES));
    }

    /**
     * Every model this manager activates keeps its predictions in {@code predictions} (one budget for all); the
     * service's cache is the bean sized by logwarden.scoring.prediction-cache (scoring.DjlServingConfiguration).
     */
    @Autowired
    public ModelManager(LogwardenProperties settings, PredictionCache predictions) {
        this(settings.modelsDir(), settings.model(), predictions);
    }

    public ModelManager(String modelsDir, String model, PredictionCache predictions) {
        this.store = new ModelStore(Path.of(modelsDir));
        this.predictions = predictions;
        if (model == null || model.isBlank()) {
            unavailableReason = "no model configured (logwarden.model is empty)";
        } else if (!store.exists(model)) {
            unavailableReason = "model " + model + " not found in " + store.root().toAbsolutePath() + " (train one with `logwarden train`)";
            log.warn("Scoring DEGRADED, statistical fallback answers: {}", unavailableReason);
        } else {
            try {
                activate(model);
            } catch (IOException | RuntimeException e) {
                errors.incrementAndGet();
                unavailableReason = "model " + model + " failed to load: " + e.getMessage();
                log.error("Scoring DEGRADED, statistical fallback answers: {}", unavailableReason, e);
            }
        }
    }

    public PredictionCache predictions() {
        return predictions;
    }

    public ModelStore store() {
        return store;
    }

    public DeepLogModel active() {
        return active.get();
    }

    /** Loads and activates a model directory by name; throws when it does not exist or cannot load. */
    public DeepLogModel activate(String name) throws IOException {
        if (!store.exists(name)) throw new ModelNotFoundException(name, store.root());
        DeepLogModel loaded = store.load(name, predictions);
        long warming = System.nanoTime();
        try {
            // the first forward passes at each batch size are slow: pay for them before traffic, not on it
            loaded.detector().warmUp();
        } catch (RuntimeException e) {
            loaded.close();
            throw new IOException("model " + name + " loaded but cannot run a forward pass: " + e.getMessage(), e);
        }
        long warmUpMillis = (System.nanoTime() - warming) / 1_000_000;
        DeepLogModel previous = active.getAndSet(loaded);
        unavailableReason = null;
        lastInferenceError = null;
        log.info("Model {} active ({} templates, window {}, top-g {}, warmed up in {} ms)", name, loaded.vocabulary().templateIds().size(),
                loaded.settings().window(), loaded.settings().topG(), warmUpMillis);
        if (previous != null) {
            closer.schedule(previous::close, Instant.now().plusSeconds(CLOSE_GRACE_SECONDS));
        }
        return loaded;
    }

    /** An inference failure: counted; status says DEGRADED until a batch succeeds again. */
    public void inferenceFailed(Throwable cause) {
        long n = errors.incrementAndGet();
        lastInferenceError = cause.getClass().getSimpleName() + ": " + cause.getMessage();
        if (n == 1 || Long.bitCount(n) == 1) {
            log.warn("Model inference failed ({} failures so far), statistical fallback scored the batch: {}", n, lastInferenceError);
        }
    }

    public void inferenceSucceeded() {
        if (lastInferenceError != null) lastInferenceError = null;
    }

    public long errors() {
        return errors.get();
    }

    /** Why the model cannot answer, or null when it can. */
    public String degradedReason() {
        if (active.get() == null) return unavailableReason == null ? "no model active" : unavailableReason;
        String error = lastInferenceError;
        return error == null ? null : "model " + active.get().name() + " inference failed: " + error;
    }

    private static ThreadPoolTaskScheduler closer() {
        ThreadPoolTaskScheduler scheduler = new ThreadPoolTaskScheduler();
        scheduler.setThreadNamePrefix("logwarden-model-closer-");
        scheduler.setDaemon(true);
        scheduler.initialize();
        return scheduler;
    }

    @PreDestroy
    public void close() {
        closer.shutdown();
        DeepLogModel model = active.getAndSet(null);
        if (model != null) model.close();
    }

    /** No model directory of that name. */
    public static class ModelNotFoundException extends IllegalArgumentException {
        public ModelNotFoundException(String name, Path root) {
            super("no model named \"" + name + "\" in " + root);
        }
    }
}
