package io.logwarden.model;

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

    private static ModelTraining.Request request(String name) {
        return new ModelTraining.Request(Path.of("in.log"), null, 3, 2, 1, 8, 1, 1, Path.of("models", name));
    }
}
