package io.logwarden.parse;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A multiline event from the tail reader keeps its header fields: the format is applied to its first line. */
class MultilineEventParseTest {

    @TempDir
    Path dir;

    @Test
    void theFirstLineGivesTheFieldsAndTheStackTraceStaysInTheContent() {
        ParserProperties properties = new ParserProperties("<Date> <Time> <Level> <Component>: <Content>", 0.65, 4, 100, 0,
                List.of(), Duration.ofHours(1));
        LogParser parser = new LogParser(properties, dir.resolve("templates.json"), new TemplateStore());
        String event = "2024-05-01 12:00:01 ERROR Orders: order 42 failed\njava.lang.IllegalStateException: stock\n"
                + "\tat com.example.Orders.take(Orders.java:88)";
        LogEvent parsed = parser.parse(event, "/var/log/app.log", 2);
        assertThat(parsed.fields()).containsEntry("Level", "ERROR").containsEntry("Component", "Orders");
        assertThat(parsed.content()).startsWith("order 42 failed\njava.lang.IllegalStateException: stock\n")
                .endsWith("(Orders.java:88)");
        assertThat(parser.parse("2024-05-01 12:00:02 INFO Orders: fine", "/var/log/app.log", 5).fields())
                .containsEntry("Level", "INFO");
    }
}
