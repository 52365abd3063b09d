package io.logwarden.tail;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** One inotify watch per directory while a followed file in it is watched, none once the last one stops. */
class FileChangeWatcherTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    @Test
    void aDirectorysWatchIsCancelledWhenItsLastFollowedFileStopsAndTakenAgainWhenOneStarts() throws Exception {
        Path one = Files.createDirectories(dir.resolve("one"));
        Path two = Files.createDirectories(dir.resolve("two"));
        AtomicInteger wokenA = new AtomicInteger();
        AtomicInteger wokenB = new AtomicInteger();
        try (FileChangeWatcher watcher = new FileChangeWatcher("test change watch")) {
            int before = inotifyWatches();
            FileChangeWatcher.Registration a = watcher.watch(one.resolve("a.log"), wokenA::incrementAndGet);
            FileChangeWatcher.Registration b = watcher.watch(one.resolve("b.log"), wokenB::incrementAndGet);
            FileChangeWatcher.Registration c = watcher.watch(two.resolve("c.log"), () -> { });
            assertThat(watcher.watchedDirectories()).containsExactlyInAnyOrder(one, two);
            assertThat(inotifyWatches()).isEqualTo(before + 2);

            c.close();
            assertThat(watcher.watchedDirectories()).containsExactly(one);
            await().atMost(WAIT).untilAsserted(() -> assertThat(inotifyWatches()).isEqualTo(before + 1));

            a.close();
            a.close(); // twice is harmless
            assertThat(watcher.watchedDirectories()).as("b.log is still followed there").containsExactly(one);
            Files.writeString(one.resolve("b.log"), "line\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            await().atMost(WAIT).until(() -> wokenB.get() > 0);
            assertThat(wokenA.get()).as("a stopped file is not woken").isZero();

            b.close();
            assertThat(watcher.watchedDirectories()).isEmpty();
            await().atMost(WAIT).untilAsserted(() -> assertThat(inotifyWatches()).isEqualTo(before));

            FileChangeWatcher.Registration again = watcher.watch(one.resolve("a.log"), wokenA::incrementAndGet);
            assertThat(watcher.watchedDirectories()).containsExactly(one);
            Files.writeString(one.resolve("a.log"), "line\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            await().atMost(WAIT).until(() -> wokenA.get() > 0);
            again.close();
            await().atMost(WAIT).untilAsserted(() -> assertThat(inotifyWatches()).isEqualTo(before));
        }
    }

    /** inotify watches this process holds, from the kernel's own list (/proc/self/fdinfo of each inotify descriptor). */
    private static int inotifyWatches() throws IOException {
        int watches = 0;
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(Path.of("/proc/self/fd"))) {
            for (Path fd : fds) {
                try {
                    if (!Files.readSymbolicLink(fd).toString().contains("inotify")) {
                        continue;
                    }
                    watches += (int) Files.readAllLines(Path.of("/proc/self/fdinfo").resolve(fd.getFileName())).stream()
                            .filter(line -> line.startsWith("inotify wd:")).count();
                } catch (IOException e) {
                    // closed while listing (the listing's own descriptor among them)
                }
            }
        }
        return watches;
    }
}
