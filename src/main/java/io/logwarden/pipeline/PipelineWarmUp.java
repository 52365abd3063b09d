package io.logwarden.pipeline;

import io.logwarden.demo.AuthLogGenerator;
import io.logwarden.live.SourceStats;
import io.logwarden.live.StreamingStats;
import io.logwarden.model.ModelManager;
import io.logwarden.parse.LineHeaders;
import io.logwarden.parse.WarmUpSource;
import io.logwarden.settings.LogwardenProperties;
import io.logwarden.tail.LineChunk;
import io.logwarden.window.SlidingWindowStrategy;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.support.service.ServiceHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Sends {@code logwarden.pipeline.warm-up-lines} generated auth.log lines through the live chunk pipeline (parse,
 * windows, the model through djl:, score routing) once Camel has started and before the service reports ready and
 * follows files (an ApplicationRunner: readiness and the followers wait for ApplicationReadyEvent, which comes after
 * it). The code a line runs through is interpreted until the JIT has compiled it, and on two cores the compiler
 * competes with it: in {@code make bench-e2e} the first followed file's lines waited 0.5-1.1 s for their score
 * messages for the first 3-4 s (p99 of the first 30 s 600-1,100 ms); after 20,000 lines through the same routes the
 * p99 was 22 ms. The lines leave no trace ({@link WarmUpSource}): no template learned, no alert, no WebSocket message,
 * no count in the service's totals, and their source's windows and counters are forgotten here.
 */
@Component
class PipelineWarmUp implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(PipelineWarmUp.class);
    static final String CHUNKS = "direct:log-chunks";
    /** On a loaded machine 20,000 lines took 3-8 s; past this the service starts anyway, only less warm. */
    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    private final CamelContext camel;
    private final StreamingStats stats;
    private final SlidingWindowStrategy windows;
    private final ModelManager models;
    private final int lines;
    private final int chunkSize;
    private volatile Run lastRun;

    /**
     * What the warm-up did: lines sent, windows scored, of them windows whose newest template the model never saw
     * (alerting windows, of which nothing was stored), how long it took, and whether every window was scored in time.
     */
    record Run(long lines, long windows, long unseenTemplates, long millis, boolean finished) {
    }

    PipelineWarmUp(CamelContext camelContext, StreamingStats streamingStats, SlidingWindowStrategy slidingWindowStrategy,
                   ModelManager modelManager, LogwardenProperties settings) {
        this.camel = camelContext;
        this.stats = streamingStats;
        this.windows = slidingWindowStrategy;
        this.models = modelManager;
        this.lines = settings.pipeline().warmUpLines();
        this.chunkSize = settings.pipeline().groupLines();
    }

    @Override
    public void run(ApplicationArguments args) throws InterruptedException {
        if (lines <= 0) {
            return;
        }
        if (chunkSize <= 1 || camel.hasEndpoint(CHUNKS) == null) {
            log.info("No start-up warm-up of the line pipeline: lines go one per exchange in this role (logwarden.pipeline.group-lines {})", chunkSize);
            return;
        }
        if (models.active() == null) {
            log.info("No start-up warm-up of the line pipeline: no model is active ({})", models.degradedReason());
            return;
        }
        long started = System.nanoTime();
        SourceStats warmUp = stats.of(WarmUpSource.NAME);
        boolean scored = false;
        boolean failed = false;
        ProducerTemplate producer = camel.createProducerTemplate();
        try {
            AuthLogGenerator generator = new AuthLogGenerator(1, "warm-up", LocalDateTime.of(2026, 1, 1, 0, 0));
            List<String> chunk = new ArrayList<>(chunkSize);
            long number = 1;
            for (int sent = 0; sent < lines; ) {
                // the first half in full chunks, as a file read in bulk; the rest as one activity per chunk, as lines
                // appended live arrive, so that the per-exchange routing code runs often enough to be compiled too
                boolean bulk = sent < lines / 2;
                for (String line : generator.normalActivity()) {
                    if (sent < lines) {
                        chunk.add(line);
                        sent++;
                    }
                }
                if (!bulk || chunk.size() >= chunkSize || sent == lines) {
                    producer.sendBodyAndHeaders(CHUNKS, LineChunk.of(chunk, number, !bulk || sent == lines),
                            Map.of(LineHeaders.SOURCE, WarmUpSource.NAME));
                    number += chunk.size();
                    chunk = new ArrayList<>(chunkSize);
                }
            }
            scored = warmUp.awaitScored(TIMEOUT);
        } catch (RuntimeException e) {
            // a warm-up is never a reason not to start: the first followed lines only find colder code
            failed = true;
            log.warn("The start-up warm-up of the line pipeline failed after {} lines ({}); starting anyway", warmUp.lines(), e.toString());
        } finally {
            ServiceHelper.stopService(producer);
            windows.forgetSource(WarmUpSource.NAME);
            stats.forget(WarmUpSource.NAME);
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        lastRun = new Run(warmUp.lines(), warmUp.sequences(), warmUp.unseenTemplates(), millis, scored);
        if (scored) {
            log.info("Warmed up the line pipeline in {} ms: {} generated lines through parse, windows, the model and score routing,"
                    + " before following files (logwarden.pipeline.warm-up-lines)", millis, warmUp.lines());
        } else if (!failed) {
            log.warn("The start-up warm-up of the line pipeline did not finish within {} s ({} of {} windows scored); starting anyway",
                    TIMEOUT.toSeconds(), warmUp.sequences(), warmUp.windowsFormed());
        }
    }

    /** The warm-up of this start, or null when it was skipped. */
    Run lastRun() {
        return lastRun;
    }
}
