package io.logwarden.tail;

import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Not a test: what idle followed files cost. N files, all read to their end, then nothing written; the
 * reader pool's CPU time over the measured seconds, as a share of one core, beside the bare part (one
 * thread doing only the stat and size calls a look needs, for the same files at the same scan delay).
 * Usage: TailIdleBenchmark [seconds=10] [scanDelayMs=250] [readerThreads=8]
 */
public final class TailIdleBenchmark {

    public static void main(String[] args) throws Exception {
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .setLevel(ch.qos.logback.classic.Level.WARN);
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        long delayMs = args.length > 1 ? Long.parseLong(args[1]) : 250;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 8;
        System.out.printf("idle followed files, scan delay %d ms, %d reader threads, %d s measured after 3 s, %d cores, load %.2f%n",
                delayMs, threads, seconds, Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        System.out.printf("%6s %8s %16s %16s %8s%n", "files", "threads", "readers % core", "bare % core", "ratio");
        for (int files : new int[]{1, 50, 200, 500}) {
            Path dir = Files.createTempDirectory("tail-idle");
            List<Path> paths = new ArrayList<>();
            for (int i = 0; i < files; i++) {
                Path f = dir.resolve("app-" + i + ".log");
                Files.writeString(f, "2024-06-11T10:00:00Z host app[42]: started " + i + "\n");
                paths.add(f);
            }
            double[] readers = readers(paths, dir, delayMs, threads, seconds);
            double bare = bare(paths, delayMs, seconds);
            System.out.printf("%6d %8d %16.3f %16.3f %8.2f%n", files, (long) readers[1], readers[0], bare, readers[0] / bare);
            try (var s = Files.walk(dir)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static double[] readers(List<Path> paths, Path dir, long delayMs, int threads, int seconds) throws Exception {
        DefaultCamelContext camel = new DefaultCamelContext();
        TailingStreamComponent component = new TailingStreamComponent();
        component.setPositionsDirectory(dir.resolve("positions"));
        component.setReaderThreads(threads);
        camel.addComponent("stream", component);
        AtomicLong read = new AtomicLong();
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                for (Path f : paths) {
                    from("stream:file?fileName=" + f + "&scanStream=true&scanStreamDelay=" + delayMs)
                            .process(e -> read.incrementAndGet());
                }
            }
        });
        camel.start();
        try {
            while (read.get() < paths.size()) {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
            }
            LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(3)); // warm-up: the JIT compiles the idle look
            ThreadMXBean mx = ManagementFactory.getThreadMXBean();
            long cpu0 = readerCpu(mx);
            long wall0 = System.nanoTime();
            LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(seconds));
            return new double[]{100.0 * (readerCpu(mx) - cpu0) / (System.nanoTime() - wall0), readerThreadCount()};
        } finally {
            camel.stop();
        }
    }

    /** One thread, per file and scan delay: the stat of the name and the size of the open file. */
    private static double bare(List<Path> paths, long delayMs, int seconds) throws Exception {
        List<FileChannel> open = new ArrayList<>();
        for (Path p : paths) {
            open.add(FileChannel.open(p, StandardOpenOption.READ));
        }
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long sink = 0;
        long cpu0 = 0;
        long wall0 = 0;
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds + 3);
        long measureFrom = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        boolean measuring = false;
        while (System.nanoTime() < end) {
            if (!measuring && System.nanoTime() >= measureFrom) {
                measuring = true;
                cpu0 = mx.getCurrentThreadCpuTime();
                wall0 = System.nanoTime();
            }
            for (int i = 0; i < paths.size(); i++) {
                sink += FileIdentity.devIno(paths.get(i))[1] + open.get(i).size();
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(delayMs));
        }
        double share = 100.0 * (mx.getCurrentThreadCpuTime() - cpu0) / (System.nanoTime() - wall0);
        for (FileChannel c : open) {
            c.close();
        }
        return sink == 42 ? share + 1e-9 : share;
    }

    private static long readerCpu(ThreadMXBean mx) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().contains(TailingStreamComponent.READER_THREAD_NAME))
                .mapToLong(t -> Math.max(0, mx.getThreadCpuTime(t.getId()))).sum();
    }

    private static long readerThreadCount() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().contains(TailingStreamComponent.READER_THREAD_NAME) && t.isAlive()).count();
    }
}
