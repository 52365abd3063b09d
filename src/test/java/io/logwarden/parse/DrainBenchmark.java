package io.logwarden.parse;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Throughput of the miner alone (masking + tree search + update; no I/O, no format split) over the
 * six loghub 2k data sets. Not a JUnit test: run its {@code main}. Each round feeds every data set's
 * contents to a fresh miner, so template learning is part of what is measured, as in a real start.
 *
 * <p>Arguments: {@code [warmupRounds=20] [measuredRounds=50]}. The reference Python Drain does about
 * 43,000 lines/s on the project's machine.
 */
public final class DrainBenchmark {

    public static void main(String[] args) throws Exception {
        int warmup = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        Path dataDir = LoghubData.sharedDataDir().orElseThrow(() -> new IllegalStateException(
                "loghub-2k data not found (set LOGWARDEN_SHARED_DATA)"));

        List<String> systems = new ArrayList<>(LoghubData.FORMATS.keySet());
        List<List<String>> contents = new ArrayList<>();
        for (String system : systems) {
            LogFormat format = LogFormat.compile(LoghubData.FORMATS.get(system));
            List<String> c = new ArrayList<>();
            for (String line : LoghubData.rawLines(dataDir, system)) {
                c.add(format.split(line).content());
            }
            contents.add(c);
        }

        for (int r = 0; r < warmup; r++) {
            for (List<String> c : contents) {
                feed(c);
            }
        }

        System.out.printf("Drain miner throughput (%d warm-up rounds, %d measured rounds, 1 thread)%n", warmup, rounds);
        System.out.printf("| %-10s | %8s | %12s |%n", "data set", "lines", "lines/s");
        System.out.println("|------------|----------|--------------|");
        long allLines = 0;
        long allNanos = 0;
        for (int i = 0; i < systems.size(); i++) {
            List<String> c = contents.get(i);
            long start = System.nanoTime();
            long sink = 0;
            for (int r = 0; r < rounds; r++) {
                sink += feed(c);
            }
            long nanos = System.nanoTime() - start;
            long lines = (long) c.size() * rounds;
            allLines += lines;
            allNanos += nanos;
            System.out.printf("| %-10s | %8d | %12.0f |%s%n", systems.get(i), lines, lines / (nanos / 1e9),
                    sink == 42 ? " " : "");
        }
        System.out.printf("| %-10s | %8d | %12.0f |%n", "all", allLines, allLines / (allNanos / 1e9));
    }

    private static long feed(List<String> contents) {
        DrainMiner miner = new DrainMiner(Masker.withDefaults(List.of()), DrainSettings.defaults());
        long sum = 0;
        for (String content : contents) {
            sum += miner.add(content).templateId();
        }
        return sum;
    }
}
