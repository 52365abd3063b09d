package io.logwarden.tail;

import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.stream.StreamComponent;
import org.apache.camel.impl.DefaultCamelContext;

import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Not a test: lines/s read by Logwarden's tailer into a no-op route versus Camel 4.17's own
 * StreamComponent (same file, same route, same JVM run), printed as a table. Each reader gets a warm-up
 * run and then the measured runs; the best run of each counts.
 * Usage: TailBenchmark [lines=2000000] [runs=3]
 */
public final class TailBenchmark {

    public static void main(String[] args) throws Exception {
        // logback's default without a config file is DEBUG on the console: that would measure the logging
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .setLevel(ch.qos.logback.classic.Level.WARN);
        int lines = args.length > 0 ? Integer.parseInt(args[0]) : 2_000_000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        Path dir = Files.createTempDirectory("tail-bench");
        Path file = dir.resolve("bench.log");
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (int i = 0; i < lines; i++) {
                w.write("2024-06-11T10:00:00Z host app[42]: short line ");
                w.write(Integer.toString(i));
                w.write('\n');
            }
        }
        System.out.printf("file: %d lines, %.1f MB, %d runs each after a warm-up, %s, %d cores%n", lines,
                Files.size(file) / 1e6, runs, System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors());
        double plainBest = 0;
        double oursBest = 0;
        for (int run = 0; run <= runs; run++) {
            double plain = measure(new StreamComponent(), file, lines, dir);
            double ours = measure(new TailingStreamComponent(), file, lines, dir);
            if (run > 0) { // run 0 warms the JIT up
                plainBest = Math.max(plainBest, plain);
                oursBest = Math.max(oursBest, ours);
            }
        }
        System.out.println();
        System.out.printf("%-44s %14s%n", "reader (stream:file?scanStream=true -> no-op)", "lines/s (best)");
        System.out.printf("%-44s %,14.0f%n", "Camel 4.17 StreamConsumer", plainBest);
        System.out.printf("%-44s %,14.0f%n", "Logwarden TailingStreamComponent", oursBest);
        System.out.printf("%-44s %14.2f%n", "ratio (Logwarden / Camel)", oursBest / plainBest);
        Files.deleteIfExists(file);
        try (var s = Files.walk(dir)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** Lines/s from the first line to the last of one reader over a whole file (also used by the end-to-end benchmark). */
    public static double measure(StreamComponent component, Path file, int lines, Path dir) throws Exception {
        if (component instanceof TailingStreamComponent ours) {
            ours.setPositionsDirectory(Files.createTempDirectory(dir, "positions")); // positions on, as in the service
        }
        AtomicLong seen = new AtomicLong();
        CountDownLatch done = new CountDownLatch(1);
        long[] started = new long[1];
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            camel.addComponent("stream", component);
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("stream:file?fileName=" + file + "&scanStream=true&scanStreamDelay=50")
                            .process(e -> {
                                long n = seen.incrementAndGet();
                                if (n == 1) {
                                    started[0] = System.nanoTime();
                                }
                                if (n == lines) {
                                    done.countDown();
                                }
                            });
                }
            });
            camel.start();
            if (!done.await(120, TimeUnit.SECONDS)) {
                throw new IllegalStateException(component.getClass().getSimpleName() + " read only " + seen.get() + " lines");
            }
            long elapsed = System.nanoTime() - started[0]; // first line to last: reading, not context start-up
            return (lines - 1) / (elapsed / 1e9);
        }
    }
}
