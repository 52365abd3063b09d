package io.logwarden.parse;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An operator's mask or format that backtracks without end shows on the metrics, not only as slowness. */
class RegexBudgetMetricsTest {

    @TempDir
    Path dir;

    @Test
    void aMaskAndAFormatThatGiveUpAreCounted() {
        ParserProperties properties = new ParserProperties("<Host> (.*a){12}z<Content>", DrainSettings.DEFAULT_SIMILARITY,
                DrainSettings.DEFAULT_DEPTH, DrainSettings.DEFAULT_MAX_CHILDREN, DrainSettings.DEFAULT_MAX_CLUSTERS,
                List.of("(.*b){12}z"), Duration.ofSeconds(2));
        LogParser parser = new LogParser(properties, dir.resolve(TemplateStore.FILE_NAME), new TemplateStore());
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        new RegexBudgetMetrics(parser).bindTo(registry);
        double masksBefore = registry.get("logwarden.parser.regex.gave.up").tag("regex", "mask").functionCounter().count();

        // the format gives up on the line, which is then mined whole, where the mask gives up too
        parser.parse("web1 " + "a".repeat(40) + " " + "b".repeat(40) + "c", "app.log", 1L);

        assertThat(registry.get("logwarden.parser.regex.gave.up").tag("regex", "format").functionCounter().count()).isEqualTo(1);
        assertThat(registry.get("logwarden.parser.regex.gave.up").tag("regex", "mask").functionCounter().count())
                .isGreaterThan(masksBefore);
        parser.close();
    }
}
