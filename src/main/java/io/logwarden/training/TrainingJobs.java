package io.logwarden.training;

import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** Training runs started through the API: one at a time on a background thread, progress kept per job. */
@Component
public class TrainingJobs {

    private static final Logger log = LoggerFactory.getLogger(TrainingJobs.class);

    /** A job's progress as the API shows it. */
    public record Job(String id, String model, String state, int epoch, int epochs, Double loss, Double etaSeconds,
                      Long lines, Integer templates, Double validationTopGAccuracy, String error, Instant startedAt,
                      Instant finishedAt) {
        Job with(String state, int epoch, Double loss, Double eta) {
            return new Job(id, model, state, epoch, epochs, loss, eta, lines, templates, validationTopGAccuracy, error, startedAt, finishedAt);
        }
    }

    /** The queue of waiting jobs is full (logwarden.training.queue-size): the API answers 429. */
    public static class QueueFullException extends IllegalStateException {
        QueueFullException(int size) {
            super("training queue full: one job runs and " + size + " wait (logwarden.training.queue-size); try again later");
        }
    }

    /** Runs one training; the service's is ModelTraining with the pipeline's parser. */
    @FunctionalInterface
    public interface Trainer {
        ModelTraining.Outcome train(ModelTraining.Request request, ModelTraining.Listener listener) throws Exception;
    }

    /**
     * The check made when a job opens its input log, not only when the job is queued: returns the path to open
     * (the real path, after symlinks) or throws when the file now resolves outside the allowed roots.
     */
    @FunctionalInterface
    public interface InputCheck {
        Path open(Path requested) throws IOException;
    }

    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    private final int queueSize;
    private final ThreadPoolTaskExecutor runner;
    private final Trainer trainer;
    private final InputCheck inputCheck;

    @org.springframework.beans.factory.annotation.Autowired
    public TrainingJobs(TrainingProperties properties, InputCheck inputCheck) {
        this(properties.queueSize(), (request, listener) -> ModelTraining.train(request, new ParserAdapter(request.format(), request.output()), listener),
                inputCheck);
    }

    /** Jobs whose input is opened as given (tests of the queue only; the service always checks the roots). */
    public TrainingJobs(int queueSize, Trainer trainer) {
        this(queueSize, trainer, requested -> requested);
    }

    public TrainingJobs(int queueSize, Trainer trainer, InputCheck inputCheck) {
        this.trainer = trainer;
        this.inputCheck = inputCheck;
        this.queueSize = queueSize;
        // one job runs, at most queueSize wait: a flood of requests cannot pile up work (and memory) without bound
        this.runner = new ThreadPoolTaskExecutor();
        runner.setCorePoolSize(1);
        runner.setMaxPoolSize(1);
        runner.setQueueCapacity(Math.max(1, queueSize));
        runner.setThreadNamePrefix("logwarden-training-");
        runner.setDaemon(true);
        runner.initialize();
    }

    public Job submit(ModelTraining.Request request) {
        String id = UUID.randomUUID().toString();
        String model = request.output().getFileName().toString();
        jobs.put(id, new Job(id, model, "QUEUED", 0, request.epochs(), null, null, null, null, null, null, Instant.now(), null));
        try {
            runner.submit(() -> run(id, request));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            jobs.remove(id);
            throw new QueueFullException(queueSize);
        }
        return jobs.get(id);
    }

    public Job get(String id) {
        return jobs.get(id);
    }

    /** Every job known since start-up. */
    public java.util.Collection<Job> all() {
        return java.util.List.copyOf(jobs.values());
    }

    private void run(String id, ModelTraining.Request request) {
        jobs.computeIfPresent(id, (k, j) -> j.with("RUNNING", 0, null, null));
        boolean outputIsNew = false;
        try {
            // the file may have been swapped (e.g. for a symlink out of the roots) while the job waited in the queue
            Path real;
            try {
                real = inputCheck.open(request.input());
            } catch (IOException e) {
                log.warn("Training job {} refused its input log: {}", id, e.getMessage());
                fail(id, "input log refused when the job opened it: " + e.getMessage());
                return;
            }
            ModelTraining.Request checked = new ModelTraining.Request(real, request.format(), request.window(), request.topG(),
                    request.epochs(), request.hidden(), request.layers(), request.seed(), request.output());
            outputIsNew = !Files.exists(request.output());
            ModelTraining.Outcome outcome = trainer.train(checked, new ModelTraining.Listener() {
                @Override
                public void parsed(long lines, int templates) {
                    jobs.computeIfPresent(id, (k, j) -> new Job(j.id(), j.model(), j.state(), 0, j.epochs(), null, null, lines,
                            templates, null, null, j.startedAt(), null));
                }

                @Override
                public void epoch(int epoch, int epochs, double loss, double secondsLeft) {
                    jobs.computeIfPresent(id, (k, j) -> j.with("RUNNING", epoch, loss, secondsLeft));
                }
            });
            jobs.computeIfPresent(id, (k, j) -> new Job(j.id(), j.model(), "DONE", j.epochs(), j.epochs(), outcome.metadata().finalLoss(),
                    0.0, outcome.metadata().lines(), outcome.metadata().templates(), outcome.metadata().validationTopGAccuracy(),
                    null, j.startedAt(), Instant.now()));
            log.info("Training job {} wrote model {}", id, outcome.directory());
        } catch (Exception e) {
            log.warn("Training job {} failed: {}", id, e.getMessage());
            if (outputIsNew) {
                removePartialModel(id, request.output());
            }
            fail(id, e.getMessage());
        }
    }

    /** A failed job leaves no half-written model: its name would stay taken by a model that cannot be activated. */
    private static void removePartialModel(String id, Path output) {
        try {
            if (org.springframework.util.FileSystemUtils.deleteRecursively(output)) {
                log.info("Training job {} removed its unfinished model directory {}", id, output);
            }
        } catch (IOException e) {
            log.warn("Training job {} could not remove its unfinished model directory {}: {}", id, output, e.getMessage());
        }
    }

    private void fail(String id, String error) {
        jobs.computeIfPresent(id, (k, j) -> new Job(j.id(), j.model(), "FAILED", j.epoch(), j.epochs(), j.loss(), null, j.lines(),
                j.templates(), null, error, j.startedAt(), Instant.now()));
    }

    @PreDestroy
    void stop() {
        runner.shutdown(); // a running training is interrupted, waiting ones are dropped (their state is in memory only)
    }
}
