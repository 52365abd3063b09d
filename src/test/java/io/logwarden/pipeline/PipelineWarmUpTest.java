package io.logwarden.pipeline;

import io.logwarden.alert.AlertRepository;
import io.logwarden.incident.IncidentRepository;
import io.logwarden.live.StreamingStats;
import io.logwarden.parse.LogParser;
import io.logwarden.parse.WarmUpSource;
import io.logwarden.scoring.StatisticalScorer;
import io.logwarden.support.FreePort;
import io.logwarden.support.TestCredentials;
import io.logwarden.support.TinyModels;
import io.logwarden.window.SlidingWindowStrategy;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The start-up warm-up goes through the real chunk pipeline with a real model and leaves nothing behind. The model
 * is a tiny one that knows none of the generated auth.log lines: had the miner learned from them it would have new
 * templates, and every window is judged on a template the model never saw, so each one alerts; none may be stored.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PipelineWarmUpTest {

    static final int LINES = 3_000;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        Path root = Files.createTempDirectory("logwarden-warm-up");
        TinyModels.train(root.resolve("models").resolve("tiny"), 1, 3);
        registry.add("logwarden.models-dir", () -> root.resolve("models").toString());
        registry.add("logwarden.model", () -> "tiny");
        registry.add("logwarden.data-dir", () -> root.resolve("data").toString());
        registry.add("logwarden.demo.enabled", () -> "false");
        registry.add("logwarden.pipeline.warm-up-lines", () -> LINES);
        TestCredentials.register(registry);
        registry.add("logwarden.websocket.port", FreePort::find);
        registry.add("spring.datasource.url", () -> "jdbc:h2:mem:warm-up-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1");
        registry.add("camel.main.routes-reload-enabled", () -> "false");
    }

    /** Records the warm-up as the service reports ready: readiness and the followers wait for that event. */
    @TestConfiguration
    static class AtReady {
        static final AtomicReference<PipelineWarmUp.Run> RUN = new AtomicReference<>();

        @Bean
        Object readyListener(PipelineWarmUp warmUp) {
            return new Object() {
                @EventListener(ApplicationReadyEvent.class)
                public void ready() {
                    RUN.set(warmUp.lastRun());
                }
            };
        }
    }

    @Autowired
    PipelineWarmUp warmUp;
    @Autowired
    LogParser parser;
    @Autowired
    StreamingStats stats;
    @Autowired
    StatisticalScorer fallback;
    @Autowired
    SlidingWindowStrategy windows;
    @Autowired
    AlertRepository alerts;
    @Autowired
    IncidentRepository incidents;
    @Autowired
    MeterRegistry meters;

    @Test
    void everyLineWentThroughTheModelBeforeTheServiceWasReady() {
        PipelineWarmUp.Run run = AtReady.RUN.get();
        assertThat(run).as("the warm-up had finished when the service reported ready").isNotNull();
        assertThat(run.finished()).isTrue();
        assertThat(run.lines()).isEqualTo(LINES);
        // the tiny model's window is a few lines: nearly every line completes a window, all of them scored
        assertThat(run.windows()).isGreaterThan(LINES - 10L);
        assertThat(meters.get("logwarden.model.inference").timer().count()).as("forward passes of the warm-up").isPositive();
        assertThat(run.unseenTemplates()).as("windows that alerted (their template is unknown to the model)").isPositive();
    }

    @Test
    void itLeavesNoTemplateAlertCountOrWindowBehind() {
        assertThat(warmUp.lastRun()).isNotNull();
        assertThat(parser.learnedTemplates()).as("templates learned from the warm-up's lines").isZero();
        assertThat(parser.rareTemplateLines()).isZero();
        assertThat(alerts.count()).as("alerts stored").isZero();
        assertThat(incidents.count()).isZero();
        assertThat(fallback.learnedWindows()).as("windows the statistical fallback learned").isZero();
        assertThat(windows.openKeys()).as("window buffers left open").isZero();
        assertThat(stats.total().lines()).isZero();
        assertThat(stats.total().sequences()).isZero();
        assertThat(stats.total().unseenTemplates()).isZero();
        assertThat(stats.find(WarmUpSource.NAME)).isEmpty();
        assertThat(meters.find("logwarden.lines.read").meters()).as("per-file line meters").isEmpty();
        assertThat(meters.get("logwarden.windows.scored").functionCounter().count()).isZero();
    }
}
