package io.logwarden.incident;

import io.logwarden.alert.Alert;
import io.logwarden.alert.AlertRepository;
import io.logwarden.scoring.Score;
import io.logwarden.scoring.Severity;
import io.logwarden.support.WebSocketRecorder;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Alerts sent through the real alert and incident routes group into incidents by source and gap,
 * escalate, keep bounded samples, and resolve themselves when quiet. Runs on H2 and PostgreSQL.
 */
abstract class IncidentGroupingTest extends IncidentTestContext {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Autowired
    IncidentRepository incidents;

    @Autowired
    IncidentAuditRepository audit;

    @Autowired
    AlertRepository alerts;

    @Autowired
    io.logwarden.alert.AlertService alertService;

    @Test
    void anAlertStoredByARunKilledBeforeGroupingIsGroupedAndAnnouncedOnceWhenItsLineIsReadAgain() throws Exception {
        String source = uniqueSource("orphan");
        String key = source + "|1:2:ab|7";
        Score score = alertScore(source, Instant.now().truncatedTo(ChronoUnit.MILLIS), Severity.HIGH, 8.0, "orphaned <*>", 7);
        // what kill -9 between the commit of the alert and its incident leaves: the row, in no incident
        Alert orphan = alerts.save(alertService.toEntity(score, key));
        assertThat(orphan.getIncidentId()).isNull();
        try (WebSocketRecorder client = WebSocketRecorder.connect(websocketUrl())) {
            client.awaitType("connection", WAIT);
            for (int replay = 0; replay < 2; replay++) { // the line read again after the restart, then once more
                camel.send("direct:store-alert", exchange -> {
                    exchange.getMessage().setBody(score);
                    exchange.setProperty("LogwardenScore", score);
                    exchange.setProperty("LogwardenIdempotencyKey", key);
                });
            }
            Alert grouped = await().atMost(WAIT).until(() -> alerts.findById(orphan.getId()).orElseThrow(),
                    a -> a.getIncidentId() != null);
            assertThat(alerts.findAll().stream().filter(a -> key.equals(a.getIdempotencyKey()))).hasSize(1);
            assertThat(incidents.findById(grouped.getIncidentId()).orElseThrow().getAlertCount()).isEqualTo(1);
            await().atMost(WAIT).until(() -> client.ofType("alert").stream()
                    .anyMatch(m -> m.path("data").path("id").asLong() == orphan.getId()));
            await("announced once").during(Duration.ofMillis(500)).atMost(WAIT).until(() -> client.ofType("alert").stream()
                    .filter(m -> m.path("data").path("id").asLong() == orphan.getId()).count() == 1);
        }
    }

    @Test
    void alertsWithinTheGapShareOneIncidentAndALaterAlertOpensAnother() throws Exception {
        String source = uniqueSource("grouping");
        String other = uniqueSource("grouping-other");
        Instant t0 = Instant.now().minus(20, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MILLIS);
        try (WebSocketRecorder client = WebSocketRecorder.connect(websocketUrl())) {
            client.awaitType("connection", WAIT);
            // a storm: 30 alerts 2 s apart (58 s in all), one of them CRITICAL
            for (int i = 0; i < 30; i++) {
                Severity severity = i == 10 ? Severity.CRITICAL : Severity.HIGH;
                score(alertScore(source, t0.plusSeconds(2L * i), severity, i == 10 ? 9.5 : 8.0 + i / 100.0, "failure <*> number " + (i % 7), 100 + i));
            }
            // same time, other file: its own incident
            score(alertScore(other, t0.plusSeconds(5), Severity.HIGH, 8.0, "failure <*>", 5));
            // 3 minutes after the storm's last alert (gap 2 min): a new incident of the same source
            score(alertScore(source, t0.plusSeconds(58 + 180), Severity.HIGH, 8.1, "late failure <*>", 500));

            List<Alert> stored = await().atMost(WAIT).until(() -> alerts.findAll().stream()
                    .filter(a -> a.getSource().equals(source)).toList(), list -> list.size() == 31);
            await().atMost(WAIT).until(() -> alerts.findAll().stream().filter(a -> a.getSource().equals(source))
                    .allMatch(a -> a.getIncidentId() != null));
            List<Incident> ofSource = incidents.findAll().stream().filter(i -> i.getSource().equals(source))
                    .sorted((a, b) -> a.getFirstSeen().compareTo(b.getFirstSeen())).toList();
            assertThat(ofSource).hasSize(2);
            Incident storm = ofSource.get(0);
            assertThat(storm.getAlertCount()).isEqualTo(30);
            assertThat(storm.getState()).isEqualTo(IncidentState.OPEN);
            assertThat(storm.getSeverity()).isEqualTo(Severity.CRITICAL);
            assertThat(storm.getHighestScore()).isEqualTo(9.5);
            assertThat(storm.getFirstSeen()).isEqualTo(t0);
            assertThat(storm.getLastSeen()).isEqualTo(t0.plusSeconds(58));
            assertThat(storm.getTemplates()).hasSize(7).contains("failure <*> number 0", "failure <*> number 6");
            assertThat(storm.getSampleWindows()).hasSize(5);
            assertThat(storm.getSampleWindows().get(0).lastLine()).isEqualTo(100);
            assertThat(storm.getSampleWindows()).anyMatch(s -> s.score() == 9.5);
            assertThat(ofSource.get(1).getAlertCount()).isEqualTo(1);
            assertThat(stored).filteredOn(a -> a.getLastLine() == 500).singleElement()
                    .extracting(Alert::getIncidentId).isEqualTo(ofSource.get(1).getId());
            assertThat(stored).filteredOn(a -> a.getLastLine() < 500).allMatch(a -> storm.getId().equals(a.getIncidentId()));
            assertThat(incidents.findAll().stream().filter(i -> i.getSource().equals(other))).hasSize(1);

            assertThat(audit.findByIncidentIdOrderByIdAsc(storm.getId())).singleElement()
                    .satisfies(a -> {
                        assertThat(a.getAction()).isEqualTo("open");
                        assertThat(a.getActor()).isEqualTo("logwarden");
                    });

            // the WebSocket: alert messages carry the incident id; incident messages say opened, escalated, updated
            client.awaitMessage(WAIT, m -> "alert".equals(m.path("type").asText())
                    && m.path("data").path("source").asText().equals(source)
                    && m.path("data").path("incident_id").asLong() == storm.getId());
            client.awaitMessage(WAIT, m -> "incident".equals(m.path("type").asText())
                    && m.path("data").path("incident").path("id").asLong() == storm.getId()
                    && m.path("data").path("event").asText().equals("escalated")
                    && m.path("data").path("incident").path("severity").asText().equals("CRITICAL"));
            List<String> events = client.ofType("incident").stream()
                    .filter(m -> m.path("data").path("incident").path("id").asLong() == storm.getId())
                    .map(m -> m.path("data").path("event").asText()).toList();
            assertThat(events).first().isEqualTo("opened");
            assertThat(events).containsOnly("opened", "updated", "escalated").hasSize(30);
        }
    }

    /**
     * A black-box tester snoozed a quiet incident for longer than resolve-after: it resolved itself under the
     * snooze, and nothing came back when the snooze ended. A snoozed incident does not resolve itself; its
     * snooze ends, it reopens, and a later check resolves it if it is still quiet.
     */
    @Test
    void aSnoozedIncidentComesBackWhenItsSnoozeEndsEvenIfQuiet() {
        String source = uniqueSource("snoozed-quiet");
        // quiet for resolve-after (30 min) three seconds from now, while it is snoozed for six
        score(alertScore(source, Instant.now().minus(30, ChronoUnit.MINUTES).plusSeconds(3), Severity.HIGH, 8.0,
                "fan <*> stalled", 12));
        long id = await().atMost(WAIT).until(() -> incidents.findAll().stream().filter(i -> i.getSource().equals(source))
                .findFirst(), java.util.Optional::isPresent).orElseThrow().getId();
        Instant until = Instant.now().plusSeconds(6).truncatedTo(ChronoUnit.SECONDS);
        assertThat(api("POST", "/api/v1/incidents/" + id + "/snooze", "{\"until\":\"" + until + "\"}").json()
                .path("state").asText()).isEqualTo("SNOOZED");

        await().atMost(WAIT).until(() -> incidents.findById(id).orElseThrow().getState() == IncidentState.RESOLVED);
        assertThat(audit.findByIncidentIdOrderByIdAsc(id)).extracting(IncidentAudit::getAction)
                .containsExactly("open", "snooze", "snooze_end", "resolve");
    }

    @Test
    void aQuietIncidentResolvesItselfAndNewAlertsOpenAFreshOne() throws Exception {
        String source = uniqueSource("quiet");
        // last alert 2 hours ago: quiet for longer than resolve-after (30 min)
        Instant longAgo = Instant.now().minus(2, ChronoUnit.HOURS);
        try (WebSocketRecorder client = WebSocketRecorder.connect(websocketUrl())) {
            client.awaitType("connection", WAIT);
            score(alertScore(source, longAgo, Severity.HIGH, 8.0, "disk <*> failing", 10));
            Incident resolved = await().atMost(WAIT).until(() -> incidents.findAll().stream()
                    .filter(i -> i.getSource().equals(source)).findFirst().orElse(null),
                    i -> i != null && i.getState() == IncidentState.RESOLVED);
            assertThat(resolved.getResolvedAt()).isNotNull();
            assertThat(audit.findByIncidentIdOrderByIdAsc(resolved.getId())).extracting(IncidentAudit::getAction)
                    .containsExactly("open", "resolve");
            client.awaitMessage(WAIT, m -> "incident".equals(m.path("type").asText())
                    && m.path("data").path("incident").path("id").asLong() == resolved.getId()
                    && m.path("data").path("event").asText().equals("resolved"));

            // within the gap of the resolved incident's last alert, but a resolved incident takes no alerts
            score(alertScore(source, longAgo.plusSeconds(30), Severity.HIGH, 8.0, "disk <*> failing", 11));
            await().atMost(WAIT).until(() -> incidents.findAll().stream().filter(i -> i.getSource().equals(source)).count() == 2);
        }
    }
}
