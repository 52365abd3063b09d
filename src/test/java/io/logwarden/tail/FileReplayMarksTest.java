package io.logwarden.tail;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import io.logwarden.live.StreamingStats;
import io.logwarden.live.WebSocketClients;
import io.logwarden.parse.LineHeaders;
import io.logwarden.window.SlidingWindowStrategy;
import io.logwarden.window.WindowProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An upload marks the last line it has for now ({@link LineHeaders#LAST_OF_READ}): the scoring batch holding its
 * window goes at once instead of on the batch timer (routes/score.yaml). Unmarked, an upload would still be scored,
 * only later, so only a test of the marks themselves can catch their loss.
 */
class FileReplayMarksTest {

    /** Line number to mark, for every line that reached direct:log-lines. */
    private final List<Map.Entry<Long, Boolean>> seen = new CopyOnWriteArrayList<>();
    private CamelContext camel;
    private FileReplay replay;

    @BeforeEach
    void start() throws Exception {
        camel = new DefaultCamelContext();
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:log-lines").process(e -> seen.add(Map.entry(
                        e.getMessage().getHeader(LineHeaders.LINE_NUMBER, Long.class),
                        e.getMessage().getHeader(LineHeaders.LAST_OF_READ, false, Boolean.class))));
            }
        });
        camel.start();
        WindowProperties windows = new WindowProperties(5, 1, 100, "", 100, Duration.ofMinutes(10));
        replay = new FileReplay(camel.createProducerTemplate(),
                new StreamingStats(new SimpleMeterRegistry(), new WebSocketClients()),
                new SlidingWindowStrategy(windows), new Uploads());
    }

    @AfterEach
    void stop() throws Exception {
        camel.close();
    }

    private List<Long> marked() {
        return seen.stream().filter(Map.Entry::getValue).map(Map.Entry::getKey).toList();
    }

    @Test
    void aWholeUploadMarksOnlyItsLastLine() throws IOException {
        byte[] content = "one\ntwo\nthree\nfour\n".getBytes(StandardCharsets.UTF_8);

        replay.replay("whole.log", new ByteArrayInputStream(content), 5);

        assertThat(seen).hasSize(4);
        assertThat(marked()).containsExactly(4L);
    }

    @Test
    void aStreamedUploadMarksTheLastLineOfEachPartThatArrived() throws Exception {
        PipedInputStream in = new PipedInputStream(64 * 1024);
        OutputStream sender = new PipedOutputStream(in);
        CompletableFuture<FileReplay.Summary> reading = CompletableFuture.supplyAsync(() -> {
            try {
                return replay.replay("streamed.log", in, 5);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });

        sender.write("a\nb\nc\n".getBytes(StandardCharsets.UTF_8));
        sender.flush();
        // the rest is sent only once the first part was read: its last line was all there was
        await().atMost(Duration.ofSeconds(10)).until(() -> seen.size() == 3);
        sender.write("d\ne\n".getBytes(StandardCharsets.UTF_8));
        sender.close();

        assertThat(reading.get(30, java.util.concurrent.TimeUnit.SECONDS).source()).startsWith("upload:streamed.log#");
        assertThat(seen).hasSize(5);
        assertThat(marked()).containsExactly(3L, 5L);
    }
}
