package io.logwarden.scoring;

import io.logwarden.cli.OfflinePipeline;
import io.logwarden.demo.AuthLogGenerator;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shipped models/demo (read-only) through the service's routes, on demo traffic it never saw
 * (another generator seed): quiet on normal activity, and every kind of injected anomaly alerts.
 */
class DemoModelTest {

    static final Map<String, Function<AuthLogGenerator, List<String>>> ANOMALIES = new TreeMap<>(Map.of(
            "brute force", AuthLogGenerator::bruteForce,
            "sudo by an outsider", AuthLogGenerator::sudoByOutsider,
            "session out of order", AuthLogGenerator::sessionOutOfOrder));

    record Run(List<Score> alerts, long lines) {
    }

    static Run score(List<String> lines) throws Exception {
        ConcurrentLinkedQueue<Score> alerts = new ConcurrentLinkedQueue<>();
        try (OfflinePipeline pipeline = new OfflinePipeline(Path.of("routes"), Path.of("models/demo"), null, "demo.log", null, null,
                Duration.ofMinutes(10), 1000, s -> {
                    if (s.alert()) alerts.add(s);
                })) {
            for (int i = 0; i < lines.size(); i++) pipeline.line(lines.get(i), i + 1);
        }
        return new Run(new ArrayList<>(alerts), lines.size());
    }

    @Test
    void normalTrafficIsQuietAndEveryInjectedKindOfAnomalyAlerts() throws Exception {
        AuthLogGenerator generator = new AuthLogGenerator(2024, "web-02", LocalDateTime.of(2025, 1, 1, 0, 0));
        List<String> lines = new ArrayList<>();
        while (lines.size() < 20_000) lines.addAll(generator.normalActivity());
        // each kind three times, each burst between normal activities
        Map<String, List<long[]>> injected = new TreeMap<>();
        for (int round = 0; round < 3; round++) {
            for (Map.Entry<String, Function<AuthLogGenerator, List<String>>> kind : ANOMALIES.entrySet()) {
                for (int i = 0; i < 40; i++) lines.addAll(generator.normalActivity());
                List<String> burst = kind.getValue().apply(generator);
                injected.computeIfAbsent(kind.getKey(), k -> new ArrayList<>()).add(new long[] {lines.size() + 1, lines.size() + burst.size()});
                lines.addAll(burst);
            }
        }
        for (int i = 0; i < 40; i++) lines.addAll(generator.normalActivity());
        Run run = score(lines);

        long normalAlerts = run.alerts().stream().filter(a -> a.lastLine() <= 20_000).count();
        // the calibration's target is 1 per 10,000 windows; the bar is 2
        assertThat(normalAlerts).as("alerts on 20,000 lines of normal traffic: %s", run.alerts()).isLessThanOrEqualTo(4);
        for (Map.Entry<String, List<long[]>> kind : injected.entrySet()) {
            for (long[] range : kind.getValue()) {
                assertThat(run.alerts()).as("%s at lines %d-%d", kind.getKey(), range[0], range[1])
                        .anySatisfy(a -> assertThat(a.lastLine()).isBetween(range[0], range[1]));
            }
        }
    }
}
