package io.logwarden.parse;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Throughput of the miner alone (masking + list merge + tree search + update; no I/O, no format
 * split) over the six loghub 2k data sets. Not a JUnit test: run its {@code main} ({@code make
 * bench-parse}). Each round feeds every data set's contents to a fresh miner, so template learning is
 * part of what is measured, as in a real start.
 *
 * <p>Two rates per row: wall-clock lines/s over all rounds, and lines per second of the thread's own
 * CPU time in its best round, which stays meaningful when other processes share the cores and the
 * JIT (the load average is printed with the table).
 * Every settings version is measured, the current one first (older models keep theirs), after all of
 * them have warmed up together.
 * Arguments: {@code [warmupRounds=20] [measuredRounds=50]}.
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
        // every version warms up before any is measured: measured alone, the first version's first data set
        // ran while the JIT was still compiling the shared code (HDFS 90,800 lines/s by wall clock in that
        // position, 204,000 for the same code measured second)
        for (int r = 0; r < warmup; r++) {
            for (int version = DrainMiner.SETTINGS_VERSION; version >= 1; version--) {
                for (List<String> c : contents) {
                    feed(c, version);
                }
            }
        }
        for (int version = DrainMiner.SETTINGS_VERSION; version >= 1; version--) {
            run(version, systems, contents, warmup, rounds);
        }
    }

    private static void run(int version, List<String> systems, List<List<String>> contents, int warmup, int rounds) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        System.out.printf("%nDrain miner, settings version %d%s (%d warm-up rounds, %d measured rounds, 1 thread, %d cores)%n",
                version, version == DrainMiner.SETTINGS_VERSION ? " (default)" : "", warmup, rounds,
                Runtime.getRuntime().availableProcessors());
        System.out.printf("| %-10s | %8s | %13s | %17s |%n", "data set", "lines", "lines/s wall", "lines/s CPU, best");
        System.out.println("|------------|----------|---------------|-------------------|");
        long allLines = 0;
        long allNanos = 0;
        long allCpu = 0;
        for (int i = 0; i < systems.size(); i++) {
            List<String> c = contents.get(i);
            long start = System.nanoTime();
            long sink = 0;
            long bestCpu = Long.MAX_VALUE;
            for (int r = 0; r < rounds; r++) {
                long cpuStart = threads.getCurrentThreadCpuTime();
                sink += feed(c, version);
                bestCpu = Math.min(bestCpu, threads.getCurrentThreadCpuTime() - cpuStart);
            }
            long nanos = System.nanoTime() - start;
            long lines = (long) c.size() * rounds;
            allLines += lines;
            allNanos += nanos;
            allCpu += bestCpu * rounds;
            System.out.printf("| %-10s | %8d | %13.0f | %17.0f |%s%n", systems.get(i), lines, lines / (nanos / 1e9),
                    c.size() / (bestCpu / 1e9), sink == 42 ? " " : "");
        }
        System.out.printf("| %-10s | %8d | %13.0f | %17.0f |%n", "all", allLines, allLines / (allNanos / 1e9), allLines / (allCpu / 1e9));
        System.out.printf("load average %.2f before, %.2f after%n", loadBefore,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    private static long feed(List<String> contents, int version) {
        Masker masker = new Masker(Masker.defaultRules(version));
        DrainMiner miner = new DrainMiner(masker, DrainSettings.defaults(), version);
        long sum = 0;
        for (String content : contents) {
            sum += miner.add(content).templateId();
        }
        return sum;
    }
}
