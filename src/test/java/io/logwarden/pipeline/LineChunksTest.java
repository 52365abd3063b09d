package io.logwarden.pipeline;

import io.logwarden.live.StreamingStats;
import io.logwarden.live.WebSocketClients;
import io.logwarden.parse.LineHeaders;
import io.logwarden.parse.LogEvent;
import io.logwarden.parse.LogParser;
import io.logwarden.parse.ParserProperties;
import io.logwarden.parse.TemplateDictionary;
import io.logwarden.parse.TemplateStore;
import io.logwarden.parse.WarmUpSource;
import io.logwarden.tail.LineAcks;
import io.logwarden.tail.LineChunk;
import io.logwarden.window.SlidingWindowStrategy;
import io.logwarden.window.Window;
import io.logwarden.window.WindowHeaders;
import io.logwarden.window.WindowKeys;
import io.logwarden.window.WindowProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The loop over a chunk's lines: every line gets its window, in order, a bad one is counted and the others go on. */
class LineChunksTest {

    private static final String SOURCE = "/var/log/app.log";

    @TempDir
    Path dir;

    @Test
    void aBadLineIsCountedAndTheOtherLinesOfItsChunkGoOnInBatchesOfAtMostTheBatchSize() throws Exception {
        WindowProperties windows = new WindowProperties(3, 1, 100, "", 1000, Duration.ofMinutes(10), Duration.ofSeconds(30), "", 1000);
        LogParser parser = new LogParser(ParserProperties.defaults(), dir.resolve(TemplateStore.FILE_NAME), new TemplateStore()) {
            @Override
            public LogEvent parse(String line, String source, long lineNumber) {
                if (line.contains("BAD")) {
                    throw new IllegalArgumentException("cannot parse line " + lineNumber);
                }
                return super.parse(line, source, lineNumber);
            }
        };
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        StreamingStats stats = new StreamingStats(meters, new WebSocketClients());
        LineChunks chunks = new LineChunks(parser, TemplateDictionary.unshared(parser), stats, new WindowKeys(windows),
                new SlidingWindowStrategy(windows), new LineAcks(), 4);
        List<String> lines = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            lines.add(i == 5 ? "BAD line" : "user u" + i + " logged in from 10.0.0." + i);
        }
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            Exchange exchange = new DefaultExchange(camel);
            exchange.getMessage().setBody(LineChunk.of(lines, 1, true));
            exchange.getMessage().setHeader(LineHeaders.SOURCE, SOURCE);
            exchange.getMessage().setHeader(WindowHeaders.SIZE, 3);

            List<List<Window>> batches = chunks.process(exchange);

            assertThat(batches).extracting(List::size).containsExactly(4, 4, 1);
            List<Long> lastLines = batches.stream().flatMap(List::stream).map(Window::lastLine).toList();
            assertThat(lastLines).containsExactly(1L, 2L, 3L, 4L, 6L, 7L, 8L, 9L, 10L);
            Window last = batches.get(2).get(0);
            assertThat(last.events()).as("history of N = 3 lines, the bad one left out").extracting(LogEvent::lineNumber)
                    .containsExactly(7L, 8L, 9L, 10L);
            assertThat(stats.of(SOURCE).lines()).isEqualTo(9);
            assertThat(stats.of(SOURCE).errors()).isEqualTo(1);
            assertThat(meters.get("logwarden.errors").tag("stage", "parse-chunks").counter().count())
                    .as("one stage for every followed file, not each tail route's id").isEqualTo(1);
            assertThat(stats.of(SOURCE).windowsFormed()).isEqualTo(9);
        }
    }

    @Test
    void theStartUpWarmUpsLinesOpenNoSessionAndLeaveNoOpenWindowOnceForgotten() throws Exception {
        WindowProperties windows = new WindowProperties(3, 1, 100, "(blk_\\d+)", 1000, Duration.ofMinutes(10));
        LogParser parser = new LogParser(ParserProperties.defaults(), dir.resolve(TemplateStore.FILE_NAME), new TemplateStore());
        StreamingStats stats = new StreamingStats(new SimpleMeterRegistry(), new WebSocketClients());
        SlidingWindowStrategy strategy = new SlidingWindowStrategy(windows);
        LineChunks chunks = new LineChunks(parser, TemplateDictionary.unshared(parser), stats, new WindowKeys(windows),
                strategy, new LineAcks(), 256);
        List<String> lines = List.of("Receiving block blk_1 src 10.0.0.1", "Received block blk_1 of size 42", "Deleting block blk_2");
        List<String> sessionLines = new ArrayList<>();
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            camel.addRoutes(new org.apache.camel.builder.RouteBuilder() {
                @Override
                public void configure() {
                    from(LineChunks.SESSION_LINES).process(e -> sessionLines.add(e.getMessage().getHeader(WindowHeaders.SESSION, String.class)));
                }
            });
            camel.start();
            for (String source : List.of(SOURCE, WarmUpSource.NAME)) {
                Exchange exchange = new DefaultExchange(camel);
                exchange.getMessage().setBody(LineChunk.of(lines, 1, true));
                exchange.getMessage().setHeader(LineHeaders.SOURCE, source);
                chunks.process(exchange);
            }

            assertThat(sessionLines).as("session lines: the followed file's only").hasSize(3)
                    .allSatisfy(session -> assertThat(session).startsWith(SOURCE + "#"));
            assertThat(stats.of(WarmUpSource.NAME).windowsFormed()).as("the warm-up's lines still form windows").isEqualTo(3);
            int open = strategy.openKeys();
            strategy.forgetSource(WarmUpSource.NAME);
            assertThat(strategy.openKeys()).as("its per-session buffers go with its source").isEqualTo(open - 2);
        }
    }
}
