package io.logwarden.parse;

import io.logwarden.settings.LogwardenProperties;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;

import jakarta.annotation.PreDestroy;

import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Turns raw lines into {@link LogEvent}s: splits the line by the configured format, mines the
 * template of its content and extracts the parameters. Called by the Camel tail routes from several
 * threads at once.
 *
 * <p>Templates of the active model come from {@code ${logwarden.models-dir}/${logwarden.model}/templates.json},
 * which the service never writes: templates learned at run time are saved under
 * {@code ${logwarden.data-dir}/templates/<model>/templates.json} (read instead of the model's file while it is the
 * newer of the two), and at most {@code logwarden.learned-templates.max} are learned per model; further unknown
 * lines go to the "rare template" bucket (id {@link #RARE_TEMPLATE_ID}), counted, never stored.
 * The hot path never does I/O: in the service a timer route (routes/parse.yaml) calls {@link #saveChanges()} every
 * {@code logwarden.parser.save-interval}, which writes the file when templates changed; {@link #close()} writes it
 * once more (shutdown, the end of an offline run or of a training).
 */
@Component
public class LogParser {

    /** The template id of lines that found no template once the learned-template cap was reached (the miner starts at 1). */
    public static final int RARE_TEMPLATE_ID = 0;
    public static final String RARE_TEMPLATE = "<rare template>";

    private static final Logger log = LoggerFactory.getLogger(LogParser.class);

    private final ParserProperties properties;
    private final TemplateStore store;
    private final Object saveLock = new Object();
    /** Where learned templates are saved, one directory per model; null: next to the templates read (offline tools). */
    private final Path learnedRoot;
    private final int maxLearned;
    private final LongAdder rareLines = new LongAdder();

    /** Swapped as a whole on {@link #reload(Path)}; lines in flight finish on the old one. */
    private volatile Model model;

    @Autowired
    public LogParser(ParserProperties properties,
                     LogwardenProperties settings,
                     LearnedTemplatesProperties learned) {
        this(properties, Path.of(settings.modelsDir(), settings.model(), TemplateStore.FILE_NAME), new TemplateStore(),
                settings.absoluteDataDir().resolve("templates"), learned.max());
    }

    /** Reads and saves the given file, learning without a cap (the offline tools: parse, train). */
    public LogParser(ParserProperties properties, Path templatesJson, TemplateStore store) {
        this(properties, templatesJson, store, null, -1);
    }

    public LogParser(ParserProperties properties, Path templatesJson, TemplateStore store, Path learnedRoot, int maxLearned) {
        this.properties = properties;
        this.store = store;
        this.learnedRoot = learnedRoot;
        this.maxLearned = maxLearned;
        this.model = open(templatesJson);
    }

    /** Parses one line. The annotations let a Camel route call this as a bean method directly. */
    public LogEvent parse(@Body String line, @Header(LineHeaders.SOURCE) String source,
                          @Header(LineHeaders.LINE_NUMBER) long lineNumber) {
        Model m = model;
        String raw = line == null ? "" : line;
        LogFormat.SplitLine split = splitEvent(m.format, raw);
        if (WarmUpSource.is(source)) {
            return warmUp(m, source, lineNumber, raw, split);
        }
        if (m.limit >= 0 && m.miner.templateCount() >= m.limit) {
            Optional<TemplateRecord> known = m.miner.match(split.content());
            if (known.isEmpty()) {
                rareLines.increment();
                return rare(source, lineNumber, raw, split);
            }
        }
        TemplateMatch match = m.miner.add(split.content());
        m.linesSinceSave.increment();
        List<String> parameters = ParameterExtractor.extract(match.template(), split.content());
        return new LogEvent(source, lineNumber, raw, split.content(), split.fields(), match.templateId(),
                match.template(), parameters, Instant.now());
    }

    /** A start-up warm-up line: matched against the known templates, never learned (a rare-template event if none fits). */
    private static LogEvent warmUp(Model m, String source, long lineNumber, String raw, LogFormat.SplitLine split) {
        Optional<TemplateRecord> known = m.miner.match(split.content());
        if (known.isEmpty()) {
            return rare(source, lineNumber, raw, split);
        }
        TemplateRecord template = known.get();
        return new LogEvent(source, lineNumber, raw, split.content(), split.fields(), template.id(), template.template(),
                ParameterExtractor.extract(template.template(), split.content()), Instant.now());
    }

    private static LogEvent rare(String source, long lineNumber, String raw, LogFormat.SplitLine split) {
        return new LogEvent(source, lineNumber, raw, split.content(), split.fields(), RARE_TEMPLATE_ID, RARE_TEMPLATE,
                List.of(), Instant.now());
    }

    /**
     * A multiline event (a log line and its stack trace, joined by the tail reader) is split by its first line;
     * the lines after it belong to the content, so the format's fields still come from the header line.
     */
    private static LogFormat.SplitLine splitEvent(LogFormat format, String raw) {
        int newline = raw.indexOf('\n');
        if (newline < 0 || format.isWholeLine()) {
            return format.split(raw);
        }
        LogFormat.SplitLine head = format.split(raw.substring(0, newline));
        return new LogFormat.SplitLine(head.content() + raw.substring(newline).stripTrailing(), head.fields(), head.matched());
    }

    /** For routes that prefer a processor: reads the body and headers, puts the {@link LogEvent} in the body. */
    public void parseExchange(Exchange exchange) {
        String line = exchange.getMessage().getBody(String.class);
        String source = exchange.getMessage().getHeader(LineHeaders.SOURCE, String.class);
        Long lineNumber = exchange.getMessage().getHeader(LineHeaders.LINE_NUMBER, Long.class);
        exchange.getMessage().setBody(parse(line, source, lineNumber == null ? 0L : lineNumber));
    }

    public int templateCount() {
        return model.miner.templateCount();
    }

    public Optional<TemplateRecord> template(int id) {
        return model.miner.template(id);
    }

    /** All templates of the active model, by id. */
    public List<TemplateRecord> templates() {
        return model.miner.templates();
    }

    /** Whether the id is one of the active model's own templates (from its templates.json), not a learned one. */
    public boolean isModelTemplate(int id) {
        return model.baseIds.contains(id);
    }

    /** Lines of the active model that did not fit the line format (taken whole). */
    public long formatMismatches() {
        return model.format.mismatches();
    }

    /** Of {@link #formatMismatches()}, the lines where the format's regex gave up ({@link MatchDeadline}). */
    public long formatTimeouts() {
        return model.format.timeouts();
    }

    /** Where the templates are saved (under the data directory for the service; never in models/). */
    public Path templatesFile() {
        return model.file;
    }

    /** Lines put in the "rare template" bucket because the learned-template cap was reached. */
    public long rareTemplateLines() {
        return rareLines.sum();
    }

    /** Templates learned beyond the model's own (bounded by logwarden.learned-templates.max). */
    public int learnedTemplates() {
        Model m = model;
        return Math.max(0, m.miner.templateCount() - m.baseCount);
    }

    /**
     * Switches to another model's templates (when another model is activated): saves the current
     * templates first, then loads the given file (missing = start empty, corrupt = start empty).
     */
    public void reload(Path templatesJson) {
        synchronized (saveLock) {
            saveIfChanged(true);
            model = open(templatesJson);
        }
        log.info("Template miner now uses {} ({} templates)", templatesJson, templateCount());
    }

    /** Writes the templates now if anything changed since the last write. */
    public void flush() {
        synchronized (saveLock) {
            saveIfChanged(true);
        }
    }

    /** Writes the templates, counts included, if anything changed (nothing runs in the background to stop). */
    @PreDestroy
    public void close() {
        flush();
    }

    // ---- loading and saving -----------------------------------------------------------------------

    /** The file learned templates of this model are saved to: under the data directory, never in models/. */
    private Path saveTarget(Path modelFile) {
        if (learnedRoot == null) {
            return modelFile;
        }
        Path modelDir = modelFile.toAbsolutePath().normalize().getParent();
        String name = modelDir == null || modelDir.getFileName() == null ? "default" : modelDir.getFileName().toString();
        return learnedRoot.resolve(name).resolve(TemplateStore.FILE_NAME);
    }

    private Model open(Path modelFile) {
        Path file = saveTarget(modelFile);
        Set<Integer> base = Set.of();
        Path source = modelFile;
        try {
            if (!file.equals(modelFile)) {
                Optional<TemplateStore.MinerState> own = store.load(modelFile);
                base = own.map(st -> st.templates().stream().map(TemplateRecord::id).collect(Collectors.toUnmodifiableSet()))
                        .orElse(Set.of());
                // learned templates extend the model's: read them unless the model was replaced (retrained) since
                if (java.nio.file.Files.exists(file) && (own.isEmpty()
                        || java.nio.file.Files.getLastModifiedTime(file).compareTo(java.nio.file.Files.getLastModifiedTime(modelFile)) >= 0)) {
                    source = file;
                }
            }
            Optional<TemplateStore.MinerState> state = store.load(source);
            if (state.isPresent()) {
                TemplateStore.MinerState s = state.get();
                reportStoredSettings(source, s.settings());
                DrainMiner miner = s.toMiner();
                log.info("Loaded {} templates from {}{}", miner.templateCount(), source,
                        file.equals(source) ? "" : "; templates learned from now on are saved to " + file);
                return new Model(file, LogFormat.compile(s.settings().format()), miner, false, limit(base), base);
            }
            log.info("No templates at {} yet; starting empty", source);
        }
        catch (TemplateStore.CorruptTemplateFileException e) {
            log.warn("Ignoring corrupt templates file {} ({}); starting with no templates. The file is kept"
                    + " until a new template is learned, then renamed to {}.corrupt-<timestamp>",
                    file, e.getMessage(), file.getFileName());
            return fresh(file, true, base);
        }
        catch (IOException e) {
            log.warn("Cannot read templates file {} ({}); starting with no templates", source, e.toString());
            return fresh(file, true, base);
        }
        return fresh(file, false, base);
    }

    private int limit(Set<Integer> base) {
        return maxLearned < 0 ? -1 : base.size() + maxLearned;
    }

    private Model fresh(Path file, boolean corrupt, Set<Integer> base) {
        Masker masker = new Masker(properties.maskRules());
        return new Model(file, LogFormat.compile(properties.format()), new DrainMiner(masker, properties.drainSettings()),
                corrupt, limit(base), base);
    }

    /**
     * Templates keep the settings they were mined with, so that ids stay stable. A model trained with
     * a line format brings it along: with no format configured that is the expected case (INFO); any
     * other difference means logwarden.parser.* is not what runs, which the operator should know (WARN).
     */
    private void reportStoredSettings(Path file, TemplateStore.StoredSettings stored) {
        TemplateStore.StoredSettings configured = TemplateStore.StoredSettings.of(LogFormat.compile(properties.format()),
                new Masker(properties.maskRules()), properties.drainSettings());
        List<String> differences = new ArrayList<>();
        List<String> expected = new ArrayList<>();
        if (!configured.format().equals(stored.format())) {
            differences.add("format \"" + stored.format() + "\" (configured \"" + configured.format() + "\")");
            if (configured.format().isEmpty()) {
                expected.add(differences.get(differences.size() - 1)); // the model brings its line format
            }
        }
        if (!configured.drainSettings().equals(stored.drainSettings())) {
            differences.add("drain " + stored.drainSettings() + " (configured " + configured.drainSettings() + ")");
        }
        // an older model keeps its version's default masks: only user masks can really differ then
        List<MaskRule> configuredMasks = configured.masks();
        if (!configured.settingsVersion().equals(stored.settingsVersion())) {
            differences.add("parser settings version " + stored.settingsVersion() + " (new models get "
                    + configured.settingsVersion() + "; retrain into a new model directory to use it)");
            expected.add(differences.get(differences.size() - 1));
            if (stored.settingsVersion() == 1) {
                configuredMasks = new ArrayList<>(configuredMasks.subList(0, properties.masks().size()));
                configuredMasks.addAll(Masker.LEGACY_RULES);
            }
            else {
                configuredMasks = new ArrayList<>(configuredMasks.subList(0, configuredMasks.size() - Masker.DEFAULT_RULES.size()));
                List<MaskRule> older = Masker.defaultRules(stored.settingsVersion());
                if (properties.maskQuoted() && older.stream().noneMatch(rule -> rule.name().equals("quoted"))) {
                    configuredMasks.add(Masker.QUOTED_RULE); // version 4 masks quoted strings by default
                }
                configuredMasks.addAll(older);
            }
        }
        if (!configuredMasks.equals(stored.masks())) {
            differences.add("masks " + names(stored.masks()) + " (configured " + names(configuredMasks) + ")");
        }
        if (differences.isEmpty()) {
            return;
        }
        String message = "{} keeps the parser settings it was mined with, so that template ids stay stable: {}";
        if (expected.size() == differences.size()) {
            log.info(message, file, String.join("; ", differences));
        } else {
            log.warn(message + "; logwarden.parser.* differs and is not used for these templates", file, String.join("; ", differences));
        }
    }

    private static List<String> names(List<MaskRule> rules) {
        return rules.stream().map(MaskRule::name).toList();
    }

    /** Writes the templates if one was learned since the last write (routes/parse.yaml, every save interval). */
    public void saveChanges() {
        synchronized (saveLock) {
            saveIfChanged(false);
        }
    }

    /**
     * Saves when templates changed; with {@code includeCounts} also when only counts changed (shutdown,
     * switch of model). A corrupt file is left alone until a template is learned.
     */
    private void saveIfChanged(boolean includeCounts) {
        Model m = model;
        long version = m.miner.version();
        boolean templatesChanged = version != m.savedVersion;
        boolean countsChanged = m.linesSinceSave.sum() > 0;
        if (!templatesChanged && !(includeCounts && countsChanged && !m.corrupt)) {
            return;
        }
        try {
            if (m.corrupt && java.nio.file.Files.exists(m.file)) {
                Path aside = store.quarantine(m.file);
                log.warn("Moved corrupt templates file {} to {}", m.file, aside);
            }
            m.corrupt = false;
            long lines = m.linesSinceSave.sumThenReset();
            try {
                store.save(m.file, TemplateStore.MinerState.of(m.miner, m.format));
            }
            catch (IOException | RuntimeException e) {
                m.linesSinceSave.add(lines);
                throw e;
            }
            m.savedVersion = version;
        }
        catch (IOException | RuntimeException e) {
            log.warn("Cannot save templates to {}: {}", m.file, e.toString());
        }
    }

    /** One model's miner with where it is saved and what was saved last. */
    private static final class Model {
        final Path file;
        final LogFormat format;
        final DrainMiner miner;
        final LongAdder linesSinceSave = new LongAdder();
        volatile long savedVersion;
        volatile boolean corrupt;
        /** Templates the miner may hold at most (the model's plus the learned cap); -1: no cap. */
        final int limit;
        final int baseCount;
        /** Ids of the model's own templates (its templates.json), the ids its vocabulary knows. */
        final Set<Integer> baseIds;

        Model(Path file, LogFormat format, DrainMiner miner, boolean corrupt, int limit, Set<Integer> baseIds) {
            this.file = file;
            this.format = format;
            this.miner = miner;
            this.corrupt = corrupt;
            this.savedVersion = miner.version();
            this.limit = limit;
            this.baseCount = baseIds.size();
            this.baseIds = baseIds;
        }
    }
}
