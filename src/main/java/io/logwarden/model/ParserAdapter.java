package io.logwarden.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.logwarden.parse.LogEvent;
import io.logwarden.parse.LogParser;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** {@link TrainingParser} on the pipeline's {@link LogParser}: training mines exactly as the service parses. */
public class ParserAdapter implements TrainingParser {

    private final LogParser parser = new LogParser();
    private final Map<Integer, String> templates = new TreeMap<>();
    private final String format;

    public ParserAdapter(String format) {
        this.format = format;
    }

    @Override
    public int templateId(String line, long lineNumber) {
        LogEvent event = parser.parse(line, "training", lineNumber);
        templates.putIfAbsent(event.templateId(), event.template());
        return event.templateId();
    }

    @Override
    public Map<Integer, String> templates() {
        return templates;
    }

    @Override
    public void saveTemplates(Path modelDirectory) throws IOException {
        List<Map<String, Object>> records = new ArrayList<>();
        templates.forEach((id, template) -> records.add(Map.of("id", id, "template", template)));
        Files.writeString(modelDirectory.resolve("templates.json"),
                new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(records));
    }

    @Override
    public String format() {
        return format;
    }

    @Override
    public List<String> masks() {
        return List.of("digits");
    }
}
