package io.logwarden.training;

import io.logwarden.parse.LogEvent;
import io.logwarden.parse.LogParser;
import io.logwarden.parse.ParserProperties;
import io.logwarden.parse.TemplateStore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@link TrainingParser} on the pipeline's own {@link LogParser}, writing straight into the model
 * directory's templates.json: training mines exactly as the service parses, and the service, loading
 * that file, maps every line to the id the model was trained on. Retraining into an existing model
 * directory keeps its template ids.
 */
public class ParserAdapter implements TrainingParser {

    private final LogParser parser;
    private final ParserProperties properties;
    private final Map<Integer, String> templates = new TreeMap<>();

    public ParserAdapter(String format, Path modelDirectory) {
        ParserProperties defaults = ParserProperties.defaults();
        this.properties = new ParserProperties(format == null ? "" : format, defaults.similarity(), defaults.depth(),
                defaults.maxChildren(), defaults.maxClusters(), defaults.masks(), defaults.saveInterval());
        try {
            Files.createDirectories(modelDirectory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create model directory " + modelDirectory, e);
        }
        this.parser = new LogParser(properties, modelDirectory.resolve(TemplateStore.FILE_NAME), new TemplateStore());
    }

    @Override
    public int templateId(String line, long lineNumber) {
        LogEvent event = parser.parse(line, "training", lineNumber);
        templates.put(event.templateId(), event.template());
        return event.templateId();
    }

    @Override
    public Map<Integer, String> templates() {
        return templates;
    }

    /** The parser writes templates.json into the model directory it was opened on; this makes it final. */
    @Override
    public void saveTemplates(Path modelDirectory) {
        parser.close();
    }

    @Override
    public String format() {
        return properties.format();
    }

    @Override
    public List<String> masks() {
        return properties.masks();
    }
}
