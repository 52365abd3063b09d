package io.logwarden.parse;

import io.logwarden.files.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;

/**
 * Reads and writes {@code templates.json}: the templates with their ids and counts plus the settings
 * that produced them. The settings travel with the templates because the same line only maps to the
 * same id again under the same format, masks and thresholds.
 *
 * <p>Writes are atomic (temporary file in the same directory, then a move), so a crash mid-write
 * leaves the previous file intact rather than half a JSON document.
 */
public final class TemplateStore {

    public static final String FILE_NAME = "templates.json";
    static final int FORMAT_VERSION = 1;
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private final ObjectMapper mapper;

    public TemplateStore() {
        this(new ObjectMapper());
    }

    public TemplateStore(ObjectMapper mapper) {
        // a private copy: the shared mapper's settings must not change what we write
        this.mapper = mapper.copy()
                .enable(SerializationFeature.INDENT_OUTPUT)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                // a file cut and pasted together, or a 6.5 where an integer belongs, is not one we wrote
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
    }

    /**
     * The settings a template set was mined with.
     *
     * @param format the line format ({@code ""} = whole line)
     * @param masks  every mask rule in order, defaults included, so that later changes of the
     *               defaults do not silently change an existing model
     * @param settingsVersion the miner's behaviour version ({@link DrainMiner#SETTINGS_VERSION}); absent
     *               in files written before it existed, which mean version 1 (a 0 or less is refused)
     */
    public record StoredSettings(String format, double similarity, int depth, int maxChildren, int maxClusters,
                                 List<MaskRule> masks, Integer settingsVersion) {

        public StoredSettings {
            format = format == null ? "" : format;
            masks = masks == null ? List.of() : List.copyOf(masks);
            settingsVersion = settingsVersion == null ? 1 : settingsVersion; // 0 or less is refused by the miner
        }

        public DrainSettings drainSettings() {
            return new DrainSettings(similarity, depth, maxChildren, maxClusters);
        }

        /** The settings of a new model: current version. */
        public static StoredSettings of(LogFormat format, Masker masker, DrainSettings drain) {
            return of(format, masker, drain, DrainMiner.SETTINGS_VERSION);
        }

        public static StoredSettings of(LogFormat format, Masker masker, DrainSettings drain, int settingsVersion) {
            return new StoredSettings(format.format(), drain.similarity(), drain.depth(), drain.maxChildren(),
                    drain.maxClusters(), masker.rules(), settingsVersion);
        }
    }

    /** Everything in one templates.json. */
    public record MinerState(int version, StoredSettings settings, int nextId, List<TemplateRecord> templates) {

        public MinerState {
            templates = templates == null ? List.of() : List.copyOf(templates);
        }

        public static MinerState of(DrainMiner miner, LogFormat format) {
            return new MinerState(FORMAT_VERSION, StoredSettings.of(format, miner.masker(), miner.settings(),
                    miner.settingsVersion()), miner.nextId(), miner.templates());
        }

        /** A miner with these settings and templates; ids are kept. */
        public DrainMiner toMiner() {
            DrainMiner miner = new DrainMiner(new Masker(settings.masks()), settings.drainSettings(), settings.settingsVersion());
            miner.restore(templates, nextId);
            return miner;
        }
    }

    /** Thrown when a file exists but is not a templates.json we can use. */
    public static final class CorruptTemplateFileException extends IOException {
        public CorruptTemplateFileException(Path file, String reason, Throwable cause) {
            super("templates file " + file + " is unreadable: " + reason, cause);
        }
    }

    /** The stored state, or empty if the file does not exist. */
    public Optional<MinerState> load(Path file) throws IOException {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        MinerState state;
        try {
            state = mapper.readValue(Files.readString(file, StandardCharsets.UTF_8), MinerState.class);
        }
        catch (JacksonException e) {
            throw new CorruptTemplateFileException(file, reason(e), e);
        }
        catch (java.nio.charset.CharacterCodingException e) {
            throw new CorruptTemplateFileException(file, "not UTF-8 text (a templates.json is written in UTF-8)", e);
        }
        if (state == null || state.settings() == null) {
            throw new CorruptTemplateFileException(file, "no settings", null);
        }
        if (state.version() > FORMAT_VERSION) {
            throw new CorruptTemplateFileException(file, "file format version " + state.version() + " is newer than this "
                    + "build reads (" + FORMAT_VERSION + ")", null);
        }
        for (int i = 0; i < state.templates().size(); i++) {
            TemplateRecord t = state.templates().get(i);
            if (t == null || t.id() < 1 || t.template() == null) {
                throw new CorruptTemplateFileException(file, "field \"templates[" + i + "]\": a template needs an id of 1 "
                        + "or more and a text" + (t == null ? ", this entry is empty" : ", got id " + t.id()
                        + (t.template() == null ? " and no text" : "")), null);
            }
        }
        try {
            state.toMiner(); // validates settings, masks and ids before anyone relies on them
            LogFormat.compile(state.settings().format());
        }
        catch (IllegalArgumentException | IllegalStateException e) {
            throw new CorruptTemplateFileException(file, e.getMessage(), e);
        }
        return Optional.of(state);
    }

    /**
     * What is wrong with the file, in the operator's words: where (a field path such as
     * {@code templates[3].id}, or a line and column) and what was expected, not the reader's own
     * wording with Java type names.
     */
    static String reason(JacksonException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof com.fasterxml.jackson.core.exc.InputCoercionException number) {
                return "a number out of range" + where(number); // valid JSON, too large for its field
            }
            if (t instanceof com.fasterxml.jackson.core.exc.StreamConstraintsException limit) {
                return "a value over the reader's limits (too long a text, too deep a nesting or too long a number)"
                        + where(limit);
            }
            if (t instanceof StreamReadException syntax) {
                return "not valid JSON" + (syntax instanceof JsonEOFException ? ", it ends too early" : "")
                        + where(syntax);
            }
        }
        String at = where(e);
        if (e instanceof ValueInstantiationException invalid && invalid.getCause() != null) {
            String why = invalid.getCause().getMessage();
            return field(invalid.getPath()) + (why == null ? "an empty (null) entry where a value is needed" : why) + at;
        }
        if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            return field(mismatch.getPath()) + "expected " + expected(mismatch.getTargetType()) + at;
        }
        if (e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            return field(mapping.getPath()) + "a value of the wrong kind" + at;
        }
        return "not valid JSON" + at;
    }

    private static String where(JacksonException e) {
        return e.getLocation() == null || e.getLocation().getLineNr() < 0 ? ""
                : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
    }

    private static String field(List<JsonMappingException.Reference> path) {
        StringBuilder where = new StringBuilder();
        for (JsonMappingException.Reference step : path) {
            if (step.getFieldName() != null) {
                where.append(where.isEmpty() ? "" : ".").append(step.getFieldName());
            }
            else if (step.getIndex() >= 0) {
                where.append('[').append(step.getIndex()).append(']');
            }
        }
        return where.isEmpty() ? "" : "field \"" + where + "\": ";
    }

    private static String expected(Class<?> type) {
        if (type.isPrimitive() || Number.class.isAssignableFrom(type)) {
            return type == boolean.class ? "true or false" : "a number";
        }
        if (type == String.class) {
            return "text";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "a list";
        }
        return "an object";
    }

    /** Writes atomically: readers and crashes see the old file or the new one, never a mix. */
    public void save(Path file, MinerState state) throws IOException {
        byte[] json = mapper.writeValueAsBytes(state);
        AtomicFiles.replace(file, out -> out.write(json));
    }

    /** Moves a corrupt file aside (to {@code templates.json.corrupt-<timestamp>}) so it is kept for a human. */
    public Path quarantine(Path file) throws IOException {
        Path target = file.resolveSibling(file.getFileName() + ".corrupt-" + LocalDateTime.now().format(STAMP));
        return Files.move(file, target, StandardCopyOption.REPLACE_EXISTING);
    }
}
