package io.logwarden.tail;

import io.logwarden.parse.LineHeaders;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A plain Camel context with one route {@code stream:file?...&scanStream=true -> collect}, using
 * {@link TailingStreamComponent} registered as "stream" exactly as the service does, and a positions
 * directory that survives {@link #restart()} (a new context, a new component, like a service restart).
 */
final class TailHarness implements AutoCloseable {

    /** One processed line, its headers and when it reached the route (System.nanoTime()). */
    record Line(String text, long lineNumber, long streamIndex, String namespace, String pod, String container, long arrivedNanos,
                String idempotencyKey) {
    }

    private final Path file;
    private final Path positions;
    private final String options;
    private final long perLineNanos;
    private final List<TailSource> sources;
    private final LineGate gate;
    private final List<Line> lines = new ArrayList<>();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private DefaultCamelContext camel;
    private TailingStreamComponent component;

    TailHarness(Path file, Path positions, String options) throws Exception {
        this(file, positions, options, Duration.ZERO);
    }

    /** With a pipeline that takes {@code perLine} for every line, so the reader falls behind a fast writer. */
    TailHarness(Path file, Path positions, String options, Duration perLine) throws Exception {
        this(file, positions, options, perLine, List.of());
    }

    /** With per-file settings (logwarden.tail.sources), e.g. a multiline setting. */
    TailHarness(Path file, Path positions, String options, Duration perLine, List<TailSource> sources) throws Exception {
        this(file, positions, options, perLine, sources, null);
    }

    /** With a pipeline that waits on the line the gate holds: the reader is behind exactly there. */
    TailHarness(Path file, Path positions, String options, LineGate gate) throws Exception {
        this(file, positions, options, Duration.ZERO, List.of(), gate);
    }

    private TailHarness(Path file, Path positions, String options, Duration perLine, List<TailSource> sources,
                        LineGate gate) throws Exception {
        this.sources = sources;
        this.gate = gate;
        this.file = file;
        this.positions = positions;
        this.options = options;
        this.perLineNanos = perLine.toNanos();
        start();
    }

    void start() throws Exception {
        start(TailingStreamComponent.NO_GUARD);
    }

    /** Starts with a check before every open, as the service's allowed roots do. */
    void start(TailingStreamComponent.OpenGuard guard) throws Exception {
        camel = new DefaultCamelContext();
        component = new TailingStreamComponent();
        component.setRegistry(new TailRegistry(meters)); // the per-file meters, as the service registers them
        component.setOpenGuard(guard);
        component.setPositionsDirectory(positions);
        component.setSources(sources);
        // these tests rotate dozens of times within seconds; how long a renamed file is waited for is FileFollowerTest's
        component.setRotateWait(200);
        camel.addComponent("stream", component);
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("stream:file?fileName=" + file + "&scanStream=true"
                        + (options.contains("scanStreamDelay") ? "" : "&scanStreamDelay=10") + options)
                        .routeId("tail-under-test")
                        .process(e -> {
                            if (gate != null) {
                                gate.pass(e.getIn().getBody(String.class));
                            }
                            if (perLineNanos > 0) {
                                long until = System.nanoTime() + perLineNanos;
                                while (System.nanoTime() < until) {
                                    java.util.concurrent.locks.LockSupport.parkNanos(until - System.nanoTime());
                                }
                            }
                            synchronized (lines) {
                                lines.add(new Line(e.getIn().getBody(String.class),
                                        e.getIn().getHeader(LineHeaders.LINE_NUMBER, Long.class),
                                        e.getIn().getHeader("CamelStreamIndex", Long.class),
                                        e.getIn().getHeader(TailHeaders.K8S_NAMESPACE, String.class),
                                        e.getIn().getHeader(TailHeaders.K8S_POD, String.class),
                                        e.getIn().getHeader(TailHeaders.K8S_CONTAINER, String.class), System.nanoTime(),
                                        LineAcks.currentOrigin() == null ? null : LineAcks.currentOrigin().idempotencyKey()));
                            }
                        });
            }
        });
        camel.start();
    }

    void stop() {
        if (camel != null) {
            camel.stop();
            camel = null;
        }
    }

    void restart() throws Exception {
        stop();
        start();
    }

    /** The running context's name, which Camel puts in its threads' names. */
    String camelName() {
        return camel.getName();
    }

    TailingStreamComponent component() {
        return component;
    }

    MeterRegistry meters() {
        return meters;
    }

    TailState state() {
        return component.getRegistry().state(file.toAbsolutePath().normalize().toString()).orElseThrow();
    }

    List<Line> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    List<String> texts() {
        return lines().stream().map(Line::text).toList();
    }

    int count() {
        synchronized (lines) {
            return lines.size();
        }
    }

    void awaitCount(int expected, Duration timeout) {
        await(() -> count() >= expected, timeout, () -> "expected " + expected + " lines, got " + count()
                + "; last: " + (count() == 0 ? "-" : lines().get(count() - 1).text()));
    }

    /**
     * Holds for {@code quiet} while the count stays where it is: a line read twice or an extra line would
     * arrive in that time (the containsExactly asserts after it then name the line).
     */
    void assertNoMoreLines(Duration quiet) {
        int settled = count();
        Awaitility.await("no line after the " + settled + " processed").during(quiet).atMost(quiet.plusSeconds(5))
                .pollInterval(Duration.ofMillis(10))
                .untilAsserted(() -> assertThat(count()).as("lines processed").isEqualTo(settled));
    }

    static void await(BooleanSupplier condition, Duration timeout, java.util.function.Supplier<String> message) {
        try {
            Awaitility.await().atMost(timeout).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(5))
                    .until(condition::getAsBoolean);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("timed out: " + message.get(), e);
        }
    }

    @Override
    public void close() {
        stop();
    }
}
