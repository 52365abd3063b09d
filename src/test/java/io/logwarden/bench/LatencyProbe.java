package io.logwarden.bench;

import io.logwarden.demo.AuthLogGenerator;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * The latency probe of the benchmarks: appends numbered lines of normal demo traffic to a followed file at
 * a fixed rate, and from the append times and the arrival times of the lines' score messages
 * ({@link ScoreListener}) computes percentiles.
 */
public final class LatencyProbe {

    private LatencyProbe() {
    }

    /** {@code count} lines of normal demo activity (no anomaly bursts). */
    public static List<String> lines(int count) {
        AuthLogGenerator generator = new AuthLogGenerator(21, "web-probe", LocalDateTime.of(2025, 7, 1, 0, 0));
        List<String> lines = new ArrayList<>();
        while (lines.size() < count) lines.addAll(generator.normalActivity());
        return lines.subList(0, count);
    }

    /**
     * Appends the lines to the file, line i (from 1) at {@code (i - 1) / perSecond} s after the first;
     * returns when each line was written (System.nanoTime; index 0 unused).
     */
    public static long[] append(Path file, List<String> lines, int perSecond) throws IOException {
        long[] appended = new long[lines.size() + 1];
        long interval = 1_000_000_000L / perSecond;
        try (OutputStream out = new FileOutputStream(file.toFile(), true)) {
            long t0 = System.nanoTime();
            for (int i = 1; i <= lines.size(); i++) {
                long due = t0 + (i - 1) * interval;
                long wait = due - System.nanoTime();
                if (wait > 0) LockSupport.parkNanos(wait);
                out.write((lines.get(i - 1) + "\n").getBytes(StandardCharsets.UTF_8));
                appended[i] = System.nanoTime();
            }
        }
        return appended;
    }

    /**
     * Latency of lines {@code from} to the last: p50, p99, max (ms), lines without a message, lines counted.
     * For a line whose message came over several connections, the first arrival counts.
     */
    public static double[] summarize(long[] appended, int from, long[]... arrivals) {
        List<Double> latencies = new ArrayList<>(appended.length);
        int missing = 0;
        for (int i = from; i < appended.length; i++) {
            long first = firstArrival(i, arrivals);
            if (first == 0) missing++;
            else latencies.add((first - appended[i]) / 1e6);
        }
        latencies.sort(null);
        return new double[] {percentile(latencies, 0.50), percentile(latencies, 0.99),
                latencies.isEmpty() ? Double.NaN : latencies.get(latencies.size() - 1), missing, appended.length - from};
    }

    /**
     * Where the slow lines of a probe fall, so a stall can be matched with the service's log: each second
     * of the probe (from the first append) in which a line took more than {@code slowMs}, with how many
     * lines did, its worst latency and the line numbers of the slow ones. At most {@code maxSeconds} rows,
     * the worst seconds first, then in time order.
     */
    public static List<String> slowSeconds(long[] appended, double slowMs, int maxSeconds, long[]... arrivals) {
        record Second(int second, int slow, int lines, double worst, int firstLine, int lastLine) {
        }
        long t0 = appended[1];
        java.util.Map<Integer, Second> seconds = new java.util.TreeMap<>();
        for (int i = 1; i < appended.length; i++) {
            long first = firstArrival(i, arrivals);
            int second = (int) ((appended[i] - t0) / 1_000_000_000L);
            double latency = first == 0 ? Double.POSITIVE_INFINITY : (first - appended[i]) / 1e6;
            boolean slow = latency > slowMs;
            int line = i;
            seconds.merge(second, new Second(second, slow ? 1 : 0, 1, slow ? latency : 0, slow ? line : 0, slow ? line : 0),
                    (a, b) -> new Second(a.second, a.slow + b.slow, a.lines + b.lines, Math.max(a.worst, b.worst),
                            a.firstLine != 0 ? a.firstLine : b.firstLine, b.lastLine != 0 ? b.lastLine : a.lastLine));
        }
        List<Second> slow = new ArrayList<>(seconds.values().stream().filter(s -> s.slow > 0)
                .sorted((a, b) -> Double.compare(b.worst, a.worst)).limit(maxSeconds).toList());
        slow.sort((a, b) -> Integer.compare(a.second, b.second));
        List<String> rows = new ArrayList<>();
        for (Second s : slow) {
            rows.add(String.format(java.util.Locale.ROOT, "%d-%d s: %d of %d lines over %.0f ms (lines %d-%d), worst %.0f ms",
                    s.second, s.second + 1, s.slow, s.lines, slowMs, s.firstLine, s.lastLine, s.worst));
        }
        return rows;
    }

    /** line, ms from the first append to its append, latency in ms (empty: no message). */
    public static void writeCsv(Path file, long[] appended, long[]... arrivals) throws IOException {
        StringBuilder csv = new StringBuilder("line,appended_ms,latency_ms\n");
        for (int i = 1; i < appended.length; i++) {
            long first = firstArrival(i, arrivals);
            csv.append(i).append(',').append((appended[i] - appended[1]) / 1_000_000).append(',')
                    .append(first == 0 ? "" : String.valueOf((first - appended[i]) / 1_000_000)).append('\n');
        }
        java.nio.file.Files.writeString(file, csv);
    }

    /** When line i's message first arrived over any of the connections (0: never). */
    private static long firstArrival(int i, long[]... arrivals) {
        long first = 0;
        for (long[] times : arrivals) {
            if (times[i] != 0 && (first == 0 || times[i] < first)) first = times[i];
        }
        return first;
    }

    static double percentile(List<Double> sorted, double q) {
        if (sorted.isEmpty()) return Double.NaN;
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(q * sorted.size()) - 1));
    }
}
