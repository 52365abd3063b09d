package io.logwarden.tail;

import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A line whose destination does not take it (the agent's Kafka broker gone: routes/kafka-agent.yaml throws
 * {@link LineNotDelivered}) is kept: handed out again until it is taken, the lines after it waiting in the
 * file, and when the reader stops meanwhile the saved position stays before it. Any other failure is still
 * reported and passed.
 */
class UndeliveredLineTest {

    @TempDir
    Path dir;

    private final List<String> taken = new ArrayList<>();
    private final AtomicBoolean refusing = new AtomicBoolean();
    private final AtomicInteger refusals = new AtomicInteger();
    private DefaultCamelContext camel;
    private TailingStreamComponent component;

    @AfterEach
    void stop() {
        if (camel != null) {
            camel.stop();
        }
    }

    @Test
    void aLineNotTakenIsSentAgainAndTheLinesAfterItWaitInTheFile() throws Exception {
        Path file = dir.resolve("app.log");
        write(file, 1, 2);
        start(file);
        await().atMost(Duration.ofSeconds(30)).until(() -> taken().size() == 2);
        refusing.set(true);
        write(file, 3, 50);
        await().atMost(Duration.ofSeconds(30)).until(() -> refusals.get() >= 3);
        TailState state = state(file);
        assertThat(taken()).containsExactly("line 1", "line 2");
        assertThat(state.linesInFlight()).as("lines read and not taken: only the refused one").isLessThanOrEqualTo(1);
        assertThat(state.linesRead()).isEqualTo(2);
        assertThat(state.linesNotDelivered()).isGreaterThanOrEqualTo(3);
        assertThat(state.lag()).as("the backlog stays in the file").isPositive();

        refusing.set(false);
        await().atMost(Duration.ofSeconds(30)).until(() -> taken().size() == 50);
        assertThat(taken()).containsExactlyElementsOf(IntStream.rangeClosed(1, 50).mapToObj(n -> "line " + n).toList());
    }

    @Test
    void aReaderStoppedWhileALineIsRefusedReadsItAgainAfterARestart() throws Exception {
        Path file = dir.resolve("app.log");
        write(file, 1, 2);
        start(file);
        await().atMost(Duration.ofSeconds(30)).until(() -> taken().size() == 2);
        refusing.set(true);
        write(file, 3, 5);
        await().atMost(Duration.ofSeconds(30)).until(() -> refusals.get() >= 2);
        camel.stop();
        refusing.set(false);
        start(file);
        await().atMost(Duration.ofSeconds(30)).until(() -> taken().size() == 5);
        assertThat(taken()).containsExactly("line 1", "line 2", "line 3", "line 4", "line 5");
    }

    @Test
    void anyOtherFailureIsReportedAndPassed() throws Exception {
        Path file = dir.resolve("app.log");
        write(file, 1, 3);
        start(file, "line 2");
        await().atMost(Duration.ofSeconds(30)).until(() -> taken().size() == 2);
        assertThat(taken()).containsExactly("line 1", "line 3");
        assertThat(state(file).linesNotDelivered()).isZero();
    }

    private void start(Path file) throws Exception {
        start(file, null);
    }

    /** A context whose route takes lines, refuses them while {@code refusing}, and fails {@code poison} for good. */
    private void start(Path file, String poison) throws Exception {
        camel = new DefaultCamelContext();
        component = new TailingStreamComponent();
        component.setPositionsDirectory(dir.resolve("positions"));
        camel.addComponent("stream", component);
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("stream:file?fileName=" + file + "&scanStream=true&scanStreamDelay=10&startFrom=beginning")
                        .process(e -> {
                            String line = e.getIn().getBody(String.class);
                            if (line.equals(poison)) {
                                throw new IllegalArgumentException("poison");
                            }
                            if (refusing.get()) {
                                // both ways a route may say so: the agent's exchange property, and the exception
                                LineNotDelivered why = new LineNotDelivered("broker gone", new IllegalStateException("timeout"));
                                if (refusals.incrementAndGet() % 2 == 0) {
                                    throw why;
                                }
                                LineNotDelivered.mark(e, why);
                                return;
                            }
                            synchronized (taken) {
                                taken.add(line);
                            }
                        });
            }
        });
        camel.start();
    }

    private List<String> taken() {
        synchronized (taken) {
            return List.copyOf(taken);
        }
    }

    private TailState state(Path file) {
        return component.getRegistry().state(file.toAbsolutePath().normalize().toString()).orElseThrow();
    }

    private static void write(Path file, int from, int to) throws Exception {
        StringBuilder text = new StringBuilder();
        for (int n = from; n <= to; n++) {
            text.append("line ").append(n).append('\n');
        }
        Files.writeString(file, text, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
