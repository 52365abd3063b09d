package io.logwarden.training;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What training needs from the template miner; the only seam between the model and the parser API,
 * so a new parser changes one adapter ({@link ParserAdapter}).
 */
public interface TrainingParser {

    /** Template id of one raw line (learning new templates as it goes). */
    int templateId(String line, long lineNumber);

    /** Every template mined so far, by id. */
    Map<Integer, String> templates();

    /** Writes the templates next to the model (templates.json) so the runtime parser uses the same ids. */
    void saveTemplates(Path modelDirectory) throws IOException;

    String format();

    List<String> masks();
}
