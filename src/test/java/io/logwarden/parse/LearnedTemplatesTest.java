package io.logwarden.parse;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 11, hole 4: run-time learning never writes the model's templates.json and is capped. */
class LearnedTemplatesTest {

    @Test
    void learnedTemplatesGoUnderTheDataDirectoryAndBeyondTheCapIntoTheRareBucket(@TempDir Path dir) throws Exception {
        Path modelFile = dir.resolve("models/demo/templates.json");
        LogParser trainer = new LogParser(ParserProperties.defaults(), modelFile, new TemplateStore());
        trainer.parse("sshd: session opened for user alice", "train", 1);
        trainer.close();
        byte[] model = Files.readAllBytes(modelFile);

        Path learnedRoot = dir.resolve("data/templates");
        LogParser parser = new LogParser(ParserProperties.defaults(), modelFile, new TemplateStore(), learnedRoot, 5);
        assertThat(parser.parse("sshd: session opened for user bob", "s", 1).templateId()).isNotEqualTo(LogParser.RARE_TEMPLATE_ID);
        String[] words = {"alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet"};
        int rare = 0;
        for (int i = 0; i < words.length; i++) {
            LogEvent event = parser.parse(words[i] + " kernel message kind " + words[i] + " only", "s", i + 2);
            if (event.templateId() == LogParser.RARE_TEMPLATE_ID) {
                rare++;
            }
        }
        assertThat(parser.learnedTemplates()).isEqualTo(5);
        assertThat(rare).isEqualTo(5);
        assertThat(parser.rareTemplateLines()).isEqualTo(5);
        // a line of a known template still maps to it after the cap
        assertThat(parser.parse("sshd: session opened for user carol", "s", 99).templateId()).isNotEqualTo(LogParser.RARE_TEMPLATE_ID);
        parser.close();

        assertThat(Files.readAllBytes(modelFile)).as("the model's templates.json is never written").isEqualTo(model);
        Path learned = learnedRoot.resolve("demo/templates.json");
        assertThat(parser.templatesFile()).isEqualTo(learned);
        assertThat(learned).exists();
        // after a restart the learned templates are read back, still capped
        LogParser again = new LogParser(ParserProperties.defaults(), modelFile, new TemplateStore(), learnedRoot, 5);
        assertThat(again.templateCount()).isEqualTo(6);
        assertThat(again.learnedTemplates()).isEqualTo(5);
        again.close();
    }
}
