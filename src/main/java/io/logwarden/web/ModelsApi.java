package io.logwarden.web;

import io.logwarden.training.TrainingProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.logwarden.model.DeepLogModel;
import io.logwarden.model.ModelActivation;
import io.logwarden.model.ModelAnnouncer;
import io.logwarden.model.ModelManager;
import io.logwarden.model.ModelMetadata;
import io.logwarden.model.ModelSettings;
import io.logwarden.model.ModelStore;
import io.logwarden.scoring.ScorerStatus;
import io.logwarden.scoring.WindowScoring;
import io.logwarden.tail.AllowedRoots;
import io.logwarden.training.ModelTraining;
import io.logwarden.training.TrainingJobs;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The /api/v1/models operations the REST routes (routes/models-api.yaml) call. */
@Component("modelsApi")
public class ModelsApi {

    private final ModelManager models;
    private final ModelActivation activation;
    private final ModelAnnouncer announcer;
    private final WindowScoring scoring;
    private final TrainingJobs jobs;
    private final AllowedRoots roots;
    private final int maxEpochs;
    private final java.time.Clock clock;
    /** Names handed to jobs (their directories appear only when a job finishes): two jobs never share one. */
    private final java.util.Set<String> reserved = new java.util.HashSet<>();

    @org.springframework.beans.factory.annotation.Autowired
    public ModelsApi(ModelManager models, ModelActivation activation, ModelAnnouncer announcer, WindowScoring scoring,
                     TrainingJobs jobs, AllowedRoots roots,
                     TrainingProperties training) {
        this(models, activation, announcer, scoring, jobs, roots, training.maxEpochs(), java.time.Clock.systemUTC());
    }

    ModelsApi(ModelManager models, ModelActivation activation, ModelAnnouncer announcer, WindowScoring scoring,
              TrainingJobs jobs, AllowedRoots roots, int maxEpochs, java.time.Clock clock) {
        this.activation = activation;
        this.announcer = announcer;
        this.maxEpochs = maxEpochs;
        this.clock = clock;
        this.models = models;
        this.scoring = scoring;
        this.jobs = jobs;
        this.roots = roots;
    }

    /**
     * The models under {@code models_dir}; {@code active} is null while the statistical fallback scores.
     * {@code cluster} (detector role, once a model was activated for the cluster): that model and whether
     * this replica scores with it.
     */
    public record ModelList(@JsonProperty("models_dir") String modelsDir, @JsonInclude(JsonInclude.Include.ALWAYS) String active,
                            ScorerStatus scorer, List<Map<String, Object>> models,
                            @JsonInclude(JsonInclude.Include.NON_NULL) ModelActivation.ClusterStatus cluster) {
    }

    /** The answer of a successful activation; {@code shared_on}: the control topic that took it to every detector replica. */
    public record Activated(String status, String active, ScorerStatus scorer,
                            @JsonProperty("shared_on") @JsonInclude(JsonInclude.Include.NON_NULL) String sharedOn) {
    }

    public ModelList list() throws IOException {
        ModelStore store = models.store();
        List<Map<String, Object>> entries = new ArrayList<>();
        DeepLogModel active = models.active();
        for (String name : store.names()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", name);
            entry.put("active", active != null && active.name().equals(name));
            try {
                ModelSettings settings = store.settings(name);
                entry.put("window", settings.window());
                entry.put("top_g", settings.topG());
                entry.put("templates", settings.vocabulary().size());
                ModelMetadata metadata = store.metadata(name);
                entry.put("metadata", metadata);
            } catch (IOException | RuntimeException e) {
                entry.put("error", "unreadable: " + e.getMessage());
            }
            entries.add(entry);
        }
        return new ModelList(store.root().toAbsolutePath().toString(), active == null ? null : active.name(),
                scoring.status(), entries, activation.cluster());
    }

    /**
     * Activates a model here first, so a model that is missing or does not load is refused before anyone else
     * hears of it; then, in the detector role, announces it to the other replicas and waits for the broker.
     */
    public Activated activate(@Header("name") String name, Exchange exchange) {
        if (!ModelStore.validName(name) || !models.store().exists(name)) {
            throw new ApiException(404, "model_not_found", "no model named \"" + name + "\" in " + models.store().root()
                    + "; GET /api/v1/models lists them");
        }
        try {
            activation.activate(name);
        } catch (IOException | RuntimeException e) {
            throw new ApiException(422, "model_load_failed", "model " + name + " could not be loaded, the previous scorer stays active: " + e.getMessage());
        }
        String sharedOn;
        try {
            sharedOn = announcer.announce(name, exchange);
        } catch (RuntimeException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new ApiException(503, "model_not_shared", "model " + name + " is active on this replica, but the other detector "
                    + "replicas were not told and keep their model: " + cause.getClass().getSimpleName() + ": " + cause.getMessage()
                    + "; activate it again once the Kafka broker is reachable");
        }
        return new Activated("activated", name, scoring.status(), sharedOn);
    }

    /**
     * Starts a training job. It always writes a new model directory: when {@code name} exists (the active model
     * included), the job writes {@code name-<UTC timestamp>} instead, which an operator activates when satisfied.
     */
    public TrainingJobs.Job train(@Body TrainRequest body) {
        TrainRequest request = JsonRequests.required(body);
        roots.checkReadableFile(request.logFile());
        if (!ModelStore.validName(request.name()) || request.name().length() > 40) {
            throw new ApiException(400, "invalid_name", "\"name\" must be 1-40 letters, digits, '.', '_' or '-', starting with a "
                    + "letter or digit, got \"" + ApiException.shorten(String.valueOf(request.name())) + "\"");
        }
        int epochs = orDefault(request.epochs(), io.logwarden.training.DetectorTraining.DEFAULT_MAX_EPOCHS);
        if (epochs < 1 || epochs > maxEpochs) {
            throw new ApiException(400, "invalid_epochs", "\"epochs\" must be between 1 and " + maxEpochs
                    + " (logwarden.training.max-epochs), got " + epochs);
        }
        Path input;
        try {
            input = roots.checkOpen(Path.of(request.logFile().trim()));
        } catch (io.logwarden.tail.PathNotAllowedException e) {
            throw new ApiException(403, "path_not_allowed", e.getMessage());
        } catch (IOException e) {
            throw new ApiException(404, "file_not_found", "cannot open " + ApiException.shorten(request.logFile()) + ": " + e.getMessage());
        }
        try {
            return jobs.submit(new ModelTraining.Request(input, request.format(), orDefault(request.window(), 10),
                    orDefault(request.topG(), 9), epochs, 64, 2,
                    request.seed() == null ? 42 : request.seed(), models.store().directory(newVersion(request.name()))));
        } catch (TrainingJobs.QueueFullException e) {
            throw new ApiException(429, "training_queue_full", e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, "invalid_training_request", e.getMessage());
        }
    }

    /** The name itself when no model has it yet, else the name with a timestamp: a model directory is never overwritten. */
    private synchronized String newVersion(String name) {
        if (!java.nio.file.Files.exists(models.store().root().resolve(name)) && reserved.add(name)) {
            return name;
        }
        String stamp = java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS").withZone(java.time.ZoneOffset.UTC)
                .format(clock.instant());
        String candidate = name + "-" + stamp;
        for (int i = 2; java.nio.file.Files.exists(models.store().root().resolve(candidate)) || reserved.contains(candidate); i++) {
            candidate = name + "-" + stamp + "-" + i;
        }
        reserved.add(candidate);
        return candidate;
    }

    public TrainingJobs.Job job(@Header("id") String id) {
        TrainingJobs.Job job = id == null ? null : jobs.get(id);
        if (job == null) throw new ApiException(404, "job_not_found", "no training job with id \"" + id + "\"");
        return job;
    }

    private static int orDefault(Integer value, int fallback) {
        return value == null ? fallback : value;
    }
}
