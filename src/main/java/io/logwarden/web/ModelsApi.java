package io.logwarden.web;

import io.logwarden.parse.LogParser;
import io.logwarden.parse.TemplateStore;
import io.logwarden.model.DeepLogModel;
import io.logwarden.model.ModelManager;
import io.logwarden.model.ModelMetadata;
import io.logwarden.model.ModelSettings;
import io.logwarden.model.ModelStore;
import io.logwarden.model.ModelTraining;
import io.logwarden.model.ScoringService;
import io.logwarden.model.TrainingJobs;
import io.logwarden.tail.AllowedRoots;
import org.apache.camel.Body;
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
    private final ScoringService scoring;
    private final TrainingJobs jobs;
    private final JsonRequests requests;
    private final AllowedRoots roots;
    private final LogParser parser;

    public ModelsApi(ModelManager models, ScoringService scoring, TrainingJobs jobs, JsonRequests requests, AllowedRoots roots,
                     LogParser parser) {
        this.parser = parser;
        this.models = models;
        this.scoring = scoring;
        this.jobs = jobs;
        this.requests = requests;
        this.roots = roots;
    }

    public Map<String, Object> list() throws IOException {
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
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("models_dir", store.root().toAbsolutePath().toString());
        answer.put("active", active == null ? null : active.name());
        answer.put("scorer", scoring.status());
        answer.put("models", entries);
        return answer;
    }

    public Map<String, Object> activate(@Header("name") String name) {
        if (!ModelStore.validName(name) || !models.store().exists(name)) {
            throw new ApiException(404, "model_not_found", "no model named \"" + name + "\" in " + models.store().root()
                    + "; GET /api/v1/models lists them");
        }
        try {
            models.activate(name);
            // the model's vocabulary is the template ids of its own templates.json: parse with those from now on
            parser.reload(models.store().root().resolve(name).resolve(TemplateStore.FILE_NAME));
        } catch (IOException | RuntimeException e) {
            throw new ApiException(422, "model_load_failed", "model " + name + " could not be loaded, the previous scorer stays active: " + e.getMessage());
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("status", "activated");
        answer.put("active", name);
        answer.put("scorer", scoring.status());
        return answer;
    }

    public TrainingJobs.Job train(@Body String body) {
        TrainRequest request = requests.read(body, TrainRequest.class, null);
        Path input = roots.checkReadableFile(request.logFile());
        if (!ModelStore.validName(request.name())) {
            throw new ApiException(400, "invalid_name", "\"name\" must be 1-64 letters, digits, '.', '_' or '-', got \"" + request.name() + "\"");
        }
        try {
            return jobs.submit(new ModelTraining.Request(input, request.format(), orDefault(request.window(), 10),
                    orDefault(request.topG(), 9), orDefault(request.epochs(), 20), 64, 2,
                    request.seed() == null ? 42 : request.seed(), models.store().directory(request.name())));
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, "invalid_training_request", e.getMessage());
        }
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
