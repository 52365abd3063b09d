package io.logwarden.model;

import io.logwarden.parse.TemplateStore;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Model directories under one root: {@code NAME/} holds the DJL parameters ({@code deeplog-0000.params},
 * written by Model.save), {@code settings.json}, {@code metadata.json} and {@code templates.json}.
 */
public class ModelStore {

    public static final String PARAMETERS_PREFIX = "deeplog";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private final Path root;
    private final TemplateStore templateStore = new TemplateStore();
    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public ModelStore(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    public static boolean validName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    public Path directory(String name) {
        if (!validName(name)) throw new IllegalArgumentException("model name must match " + NAME + ", got \"" + name + "\"");
        return root.resolve(name);
    }

    public boolean exists(String name) {
        return validName(name) && Files.isRegularFile(root.resolve(name).resolve("settings.json"));
    }

    /** Names of the directories that look like models (have settings.json), sorted. */
    public List<String> names() throws IOException {
        if (!Files.isDirectory(root)) return List.of();
        try (Stream<Path> dirs = Files.list(root)) {
            return dirs.filter(d -> Files.isRegularFile(d.resolve("settings.json")))
                    .map(d -> d.getFileName().toString()).filter(ModelStore::validName).sorted().toList();
        }
    }

    /**
     * SHA-256 of what makes the network answer as it does: the parameter files and settings.json, by name.
     * templates.json and metadata.json are left out because a running parser adds templates to the former,
     * so two copies of one model would soon differ there without scoring differently.
     */
    public String networkChecksum(String name) throws IOException {
        Path directory = directory(name);
        java.security.MessageDigest digest;
        try {
            digest = java.security.MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        List<Path> files;
        try (Stream<Path> all = Files.list(directory)) {
            files = all.filter(f -> {
                String file = f.getFileName().toString();
                return file.equals("settings.json") || (file.startsWith(PARAMETERS_PREFIX) && file.endsWith(".params"));
            }).sorted().toList();
        }
        for (Path file : files) {
            digest.update(file.getFileName().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(Files.readAllBytes(file));
        }
        return java.util.HexFormat.of().formatHex(digest.digest());
    }

    public ModelMetadata metadata(String name) throws IOException {
        return json.readValue(directory(name).resolve("metadata.json").toFile(), ModelMetadata.class);
    }

    public ModelSettings settings(String name) throws IOException {
        return json.readValue(directory(name).resolve("settings.json").toFile(), ModelSettings.class);
    }

    public static final String INVARIANTS_FILE = "invariants.json";

    public void save(Path directory, Model network, ModelSettings settings, ModelMetadata metadata) throws IOException {
        save(directory, network, settings, metadata, null);
    }

    /** Writes a model directory; {@code invariants} (session models only) go to invariants.json. */
    public void save(Path directory, Model network, ModelSettings settings, ModelMetadata metadata,
                     SessionInvariants invariants) throws IOException {
        Files.createDirectories(directory);
        // DJL numbers a new parameter file after the existing ones and loads the highest: retraining into a
        // directory would leave the old weights beside the new, so they go first
        try (Stream<Path> old = Files.list(directory)) {
            for (Path file : old.filter(f -> f.getFileName().toString().matches(PARAMETERS_PREFIX + "-\\d{4}\\.params")).toList()) {
                Files.delete(file);
            }
        }
        if (invariants != null) json.writeValue(directory.resolve(INVARIANTS_FILE).toFile(), invariants.rules());
        else Files.deleteIfExists(directory.resolve(INVARIANTS_FILE));
        network.save(directory, PARAMETERS_PREFIX);
        json.writeValue(directory.resolve("settings.json").toFile(), settings);
        json.writeValue(directory.resolve("metadata.json").toFile(), metadata);
    }

    /** Loads a model directory; any missing or corrupt part is an IOException naming the part. */
    public DeepLogModel load(String name) throws IOException {
        return load(name, new PredictionCache(PredictionCache.DEFAULT_BYTES));
    }

    /** Loads a model directory whose detector keeps its predictions in {@code cache}. */
    public DeepLogModel load(String name, PredictionCache cache) throws IOException {
        Path directory = directory(name);
        if (!Files.isDirectory(directory)) throw new IOException("model directory " + directory + " does not exist");
        ModelSettings settings;
        ModelMetadata metadata;
        Map<Integer, String> templates = new HashMap<>();
        SessionInvariants invariants = null;
        try {
            if (Files.exists(directory.resolve(INVARIANTS_FILE))) {
                invariants = new SessionInvariants(json.readValue(directory.resolve(INVARIANTS_FILE).toFile(), SessionInvariants.Rules.class));
            }
            settings = json.readValue(directory.resolve("settings.json").toFile(), ModelSettings.class);
            metadata = Files.exists(directory.resolve("metadata.json"))
                    ? json.readValue(directory.resolve("metadata.json").toFile(), ModelMetadata.class) : null;
            // the template miner's own file: the same reader the pipeline's parser uses
            templateStore.load(directory.resolve(TemplateStore.FILE_NAME)).ifPresent(state ->
                    state.templates().forEach(t -> templates.put(t.id(), t.template())));
        } catch (IOException | RuntimeException e) {
            throw new IOException("model " + name + ": unreadable settings/metadata/templates/invariants in " + directory + ": " + e.getMessage(), e);
        }
        if (settings.vocabulary().isEmpty()) throw new IOException("model " + name + ": settings.json has an empty vocabulary");
        if (settings.detector().invariants() && invariants == null) {
            throw new IOException("model " + name + ": settings.json turns the session invariants on but " + INVARIANTS_FILE + " is missing");
        }
        Vocabulary vocabulary = new Vocabulary(settings.vocabulary());
        Model network = DeepLogNetwork.newModel(name, vocabulary.size(), settings.hidden(), settings.layers());
        try {
            network.load(directory, PARAMETERS_PREFIX);
            // DJL skips a parameter file it cannot match without complaint: insist every weight arrived
            boolean complete = network.getBlock().getParameters().values().stream().allMatch(p -> p.isInitialized());
            if (!complete) {
                throw new IOException("parameter file " + PARAMETERS_PREFIX + "-0000.params is missing or does not fit the network in settings.json");
            }
        } catch (IOException | MalformedModelException | RuntimeException e) {
            network.close();
            throw new IOException("model " + name + ": cannot load the network parameters from " + directory + ": " + e.getMessage(), e);
        }
        return new DeepLogModel(name, network, vocabulary, settings, metadata, templates, invariants, cache);
    }

    public List<Path> files(String name) throws IOException {
        try (Stream<Path> files = Files.list(directory(name))) {
            return new ArrayList<>(files.sorted().toList());
        }
    }
}
