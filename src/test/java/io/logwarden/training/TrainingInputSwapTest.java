package io.logwarden.training;

import io.logwarden.tail.AllowedRoots;
import io.logwarden.tail.TailProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Training by path, attacked as issue 11's hostile test did: the log is inside the roots when the job is
 * queued, and swapped for a symlink to /etc/passwd while the job waits. The job must re-check the roots
 * when it opens the file, end FAILED, and no model directory may hold the outside file's content.
 */
class TrainingInputSwapTest {

    @TempDir
    Path root;

    @TempDir
    Path models;

    @Test
    void aLogSwappedForASymlinkOutOfTheRootsWhileQueuedIsNotRead() throws Exception {
        Path outside = Path.of("/etc/passwd");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isReadable(outside) || System.getenv("CI") != null);
        Path log = root.resolve("normal.log");
        Files.write(log, List.of("session opened for user deploy", "session closed for user deploy"));
        AllowedRoots roots = new AllowedRoots(new TailProperties(List.of(root.toString()), 250, List.of(), "end",
                Duration.ofSeconds(30), 10000));
        CountDownLatch release = new CountDownLatch(1);
        AtomicReference<Path> opened = new AtomicReference<>();
        // a stand-in trainer that, like the real one, reads the log it is given and writes a model directory from it
        TrainingJobs jobs = new TrainingJobs(2, (request, listener) -> {
            if (request.output().getFileName().toString().equals("hold")) {
                release.await(30, TimeUnit.SECONDS);
                throw new IllegalStateException("held job ends");
            }
            opened.set(request.input());
            Files.createDirectories(request.output());
            Files.copy(request.input(), request.output().resolve("templates.json"));
            throw new IllegalStateException("stand-in trainer stops after reading");
        }, roots::checkOpen);

        TrainingJobs.Job holding = jobs.submit(request(log, "hold"));
        await().atMost(Duration.ofSeconds(10)).until(() -> "RUNNING".equals(jobs.get(holding.id()).state()));
        TrainingJobs.Job queued = jobs.submit(request(log, "victim"));
        assertThat(jobs.get(queued.id()).state()).isEqualTo("QUEUED");

        Files.delete(log);
        Files.createSymbolicLink(log, outside);
        release.countDown();

        await().atMost(Duration.ofSeconds(10)).until(() -> "FAILED".equals(jobs.get(queued.id()).state()));
        assertThat(jobs.get(queued.id()).error()).contains("outside the allowed roots").contains(outside.toString());
        assertThat(opened.get()).as("the trainer never got the log").isNull();
        try (Stream<Path> files = Files.walk(models)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertThat(Files.readString(file)).doesNotContain("root:");
            }
        }
        assertThat(models.resolve("victim")).doesNotExist();
    }

    @Test
    void aLogInsideTheRootsIsOpenedByItsRealPath() throws Exception {
        Path real = Files.createDirectories(root.resolve("real")).resolve("normal.log");
        Files.write(real, List.of("line"));
        Path link = Files.createSymbolicLink(root.resolve("link.log"), real);
        AllowedRoots roots = new AllowedRoots(new TailProperties(List.of(root.toString()), 250, List.of(), "end",
                Duration.ofSeconds(30), 10000));
        AtomicReference<Path> opened = new AtomicReference<>();
        TrainingJobs jobs = new TrainingJobs(2, (request, listener) -> {
            opened.set(request.input());
            throw new IllegalStateException("stand-in trainer stops");
        }, roots::checkOpen);
        TrainingJobs.Job job = jobs.submit(request(link, "ok"));
        await().atMost(Duration.ofSeconds(10)).until(() -> "FAILED".equals(jobs.get(job.id()).state()));
        assertThat(opened.get()).isEqualTo(real.toRealPath());
    }

    private ModelTraining.Request request(Path input, String name) {
        return new ModelTraining.Request(input, null, 3, 2, 1, 8, 1, 1, models.resolve(name));
    }
}
