package io.logwarden.incident;

import io.logwarden.alert.Alert;
import io.logwarden.alert.AlertRepository;
import io.logwarden.scoring.Prediction;
import io.logwarden.scoring.Score;
import io.logwarden.scoring.Severity;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Alert evasion by a long line: an anomalous line whose template (and so the reason quoting it) is far
 * longer than the 4096-character columns must still be stored as an alert, cut to fit and marked with "…".
 */
class LongLineAlertTest extends IncidentTestContext {

    @Autowired
    AlertRepository alerts;

    @Autowired
    IncidentRepository incidents;

    @Test
    void anAlertOfAHugeLineIsStoredCutToItsColumns() {
        String source = uniqueSource("long-line");
        String template = "x".repeat(20_000) + " <*>";
        String reason = "template 3 (" + template + ") never followed template 2";
        Score score = new Score(9.0, Severity.HIGH, true, List.of(1, 2, 3), Instant.now(), source, source, 1, 3,
                List.of("session opened for user <*>", "session closed for user <*>", template),
                List.of("a", "b", template.replace("<*>", "42")), "s".repeat(1_000), false,
                List.of(new Prediction(1, "session opened for user <*>", 0.9)), reason);

        score(score);

        Alert stored = await().atMost(Duration.ofSeconds(20)).until(() -> alerts.findAll().stream()
                .filter(a -> a.getSource().equals(source)).findFirst().orElse(null), a -> a != null);
        assertThat(stored.getReason()).hasSize(4096).startsWith("template 3 (xxx").endsWith("…");
        assertThat(stored.getScorer()).hasSize(255).endsWith("…");
        assertThat(stored.getTemplates()).contains(template);
        // the incident it opens stores as well (its group key quotes the template)
        await().atMost(Duration.ofSeconds(20)).until(() -> alerts.findById(stored.getId()).orElseThrow().getIncidentId() != null);
        Incident incident = incidents.findById(alerts.findById(stored.getId()).orElseThrow().getIncidentId()).orElseThrow();
        assertThat(incident.getGroupKey()).hasSizeLessThanOrEqualTo(4096);
    }
}
