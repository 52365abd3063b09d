package io.logwarden.tail;

import io.logwarden.web.StreamingApi;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The per-source lines-read meter lives as long as its source: a followed file's goes when it is no longer followed,
 * an upload's when it is finished (its totals stay in the status).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ForgottenSourceMetersTest {

    private static final String LINES_READ = "logwarden.lines.read";
    private static final String LINES = "Accepted password for alice from 10.0.0.1 port 22\n"
            + "Failed password for bob from 10.0.0.2 port 22\n"
            + "Accepted password for carol from 10.0.0.3 port 22\n";

    @TempDir
    static Path data;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        TailServiceProperties.register(registry, data);
    }

    @Autowired TailManager tails;
    @Autowired FileReplay replay;
    @Autowired StreamingApi api;
    @Autowired MeterRegistry meters;

    @Test
    void aFileNoLongerFollowedLosesItsMeter() throws IOException {
        Path log = Files.createDirectories(data.resolve("logs")).resolve("stopped.log");
        Files.writeString(log, LINES);
        String file = tails.start(log.toString(), 2, "beginning").file().path();
        await().atMost(Duration.ofSeconds(30)).until(() -> linesRead(file) == 3.0);

        assertThat(tails.stop(file)).isPresent();

        assertThat(meters.find(LINES_READ).tag("file", file).meters()).isEmpty();
        assertThat(api.status("localhost").files()).isEmpty();
        assertThat(meters.find(LINES_READ).tag("file", file).meters()).as("the status does not bring it back").isEmpty();
    }

    @Test
    void aFinishedUploadLosesItsMeterAndKeepsItsTotals() throws IOException {
        FileReplay.Summary summary = replay.replay("auth.log",
                new ByteArrayInputStream(LINES.getBytes(StandardCharsets.UTF_8)), 2);

        assertThat(summary.lines()).isEqualTo(3);
        assertThat(meters.find(LINES_READ).tag("file", summary.source()).meters()).isEmpty();
        Map<String, Object> shown = api.status("localhost").uploads().stream()
                .filter(u -> summary.source().equals(u.get("source"))).findFirst().orElseThrow();
        assertThat(shown).containsEntry("state", "finished").containsEntry("lines", 3L)
                .containsEntry("sequences", summary.sequences()).containsEntry("alerts", summary.alerts());
        assertThat(meters.find(LINES_READ).tag("file", summary.source()).meters()).as("the status does not bring it back")
                .isEmpty();
    }

    private double linesRead(String file) {
        var counter = meters.find(LINES_READ).tag("file", file).functionCounter();
        return counter == null ? 0 : counter.count();
    }
}
