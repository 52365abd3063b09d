package io.logwarden.training;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Issue 11, hole 3: training jobs no longer queue without bound. */
class TrainingJobsQueueTest {

    @Test
    void oneJobRunsQueueSizeWaitAndTheNextIsRefused() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        TrainingJobs jobs = new TrainingJobs(2, (request, listener) -> {
            release.await(30, TimeUnit.SECONDS);
            throw new IllegalStateException("held job ends");
        });
        TrainingJobs.Job running = jobs.submit(request("a"));
        await().atMost(Duration.ofSeconds(10)).until(() -> "RUNNING".equals(jobs.get(running.id()).state()));
        jobs.submit(request("b"));
        jobs.submit(request("c"));
        assertThatThrownBy(() -> jobs.submit(request("d"))).isInstanceOf(TrainingJobs.QueueFullException.class)
                .hasMessageContaining("logwarden.training.queue-size");
        assertThat(jobs.all()).extracting(TrainingJobs.Job::model).containsExactlyInAnyOrder("a", "b", "c");
        release.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> jobs.all().stream().allMatch(j -> j.state().equals("FAILED")));
        jobs.submit(request("e")); // room again once the queue drained
    }

    @Test
    void aFailedJobLeavesNoHalfWrittenModelButNeverTouchesAnExistingDirectory(@org.junit.jupiter.api.io.TempDir Path models)
            throws Exception {
        TrainingJobs jobs = new TrainingJobs(2, (request, listener) -> {
            java.nio.file.Files.createDirectories(request.output());
            java.nio.file.Files.writeString(request.output().resolve("templates.json"), "{}");
            throw new IllegalStateException("window larger than any session");
        });
        Path fresh = models.resolve("fresh-20261203");
        TrainingJobs.Job failed = jobs.submit(new ModelTraining.Request(Path.of("in.log"), null, 3, 2, 1, 8, 1, 1, fresh));
        await().atMost(Duration.ofSeconds(10)).until(() -> "FAILED".equals(jobs.get(failed.id()).state()));
        assertThat(fresh).as("the half-written model of the failed job").doesNotExist();

        Path existing = java.nio.file.Files.createDirectories(models.resolve("kept"));
        java.nio.file.Files.writeString(existing.resolve("settings.json"), "{}");
        TrainingJobs.Job second = jobs.submit(new ModelTraining.Request(Path.of("in.log"), null, 3, 2, 1, 8, 1, 1, existing));
        await().atMost(Duration.ofSeconds(10)).until(() -> "FAILED".equals(jobs.get(second.id()).state()));
        assertThat(existing.resolve("settings.json")).as("a directory the job did not create is left alone").exists();
    }

    private static ModelTraining.Request request(String name) {
        return new ModelTraining.Request(Path.of("in.log"), null, 3, 2, 1, 8, 1, 1, Path.of("models", name));
    }
}
