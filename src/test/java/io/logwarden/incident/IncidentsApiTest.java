package io.logwarden.incident;

import com.fasterxml.jackson.databind.JsonNode;
import io.logwarden.alert.Alert;
import io.logwarden.alert.AlertRepository;
import io.logwarden.scoring.Severity;
import io.logwarden.support.WebSocketRecorder;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** GET /api/v1/incidents (filters, paging), one incident with its alerts, state changes, bulk, alert context. */
class IncidentsApiTest extends IncidentTestContext {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Autowired
    AlertRepository alerts;

    @Autowired
    IncidentRepository incidents;

    private long incidentOf(String source, int expectedAlerts) {
        return await().atMost(WAIT).until(() -> incidents.findAll().stream()
                        .filter(i -> i.getSource().equals(source) && i.getAlertCount() == expectedAlerts).findFirst(),
                java.util.Optional::isPresent).orElseThrow().getId();
    }

    @Test
    void listsFiltersAndPagesIncidentsNewestFirst() {
        String source = uniqueSource("api-list");
        Instant t0 = Instant.now().minus(25, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MILLIS);
        score(alertScore(source, t0, Severity.HIGH, 8.0, "disk <*> full", 10));
        score(alertScore(source, t0.plusSeconds(10), Severity.HIGH, 8.2, "disk <*> full", 11));
        long first = incidentOf(source, 2);
        // 5 minutes later: a second incident, CRITICAL, other template
        score(alertScore(source, t0.plusSeconds(310), Severity.CRITICAL, 9.6, "kernel panic <*> oops_100%", 50));
        long second = incidentOf(source, 1);

        JsonNode all = api("GET", "/api/v1/incidents?source=" + source, null).json();
        assertThat(all.path("total").asLong()).isEqualTo(2);
        assertThat(all.path("incidents").findValuesAsText("id")).containsExactly(Long.toString(second), Long.toString(first));
        JsonNode firstView = all.path("incidents").get(1);
        assertThat(firstView.path("alert_count").asLong()).isEqualTo(2);
        assertThat(firstView.path("state").asText()).isEqualTo("OPEN");
        assertThat(firstView.path("severity").asText()).isEqualTo("HIGH");
        assertThat(firstView.path("highest_score").asDouble()).isEqualTo(8.2);
        assertThat(firstView.path("templates").get(0).asText()).isEqualTo("disk <*> full");
        assertThat(Instant.parse(firstView.path("first_seen").asText())).isEqualTo(t0);

        assertThat(api("GET", "/api/v1/incidents?source=" + source + "&min_severity=critical", null).json()
                .path("incidents").findValuesAsText("id")).containsExactly(Long.toString(second));
        // text search over templates and lines, case-insensitive, % taken literally
        assertThat(api("GET", "/api/v1/incidents?source=" + source + "&q=KERNEL%20PANIC", null).json()
                .path("total").asLong()).isEqualTo(1);
        assertThat(api("GET", "/api/v1/incidents?source=" + source + "&q=oops_100%25", null).json()
                .path("total").asLong()).isEqualTo(1);
        assertThat(api("GET", "/api/v1/incidents?source=" + source + "&q=disk%20%25%20full", null).json()
                .path("total").asLong()).isZero();
        assertThat(api("GET", "/api/v1/incidents?source=" + source + "&q=disk%2042", null).json()
                .path("incidents").findValuesAsText("id")).containsExactly(Long.toString(first));
        // time range: incidents overlapping [since, until)
        assertThat(api("GET", "/api/v1/incidents?source=" + source + "&until=" + t0.plusSeconds(60), null).json()
                .path("incidents").findValuesAsText("id")).containsExactly(Long.toString(first));
        assertThat(api("GET", "/api/v1/incidents?source=" + source + "&since=" + t0.plusSeconds(60), null).json()
                .path("incidents").findValuesAsText("id")).containsExactly(Long.toString(second));
        JsonNode page = api("GET", "/api/v1/incidents?source=" + source + "&size=1&page=1", null).json();
        assertThat(page.path("incidents").findValuesAsText("id")).containsExactly(Long.toString(first));
        assertThat(page.path("total_pages").asInt()).isEqualTo(2);
        assertThat(api("GET", "/api/v1/incidents?source=" + source + "&state=resolved", null).json()
                .path("total").asLong()).isZero();
    }

    /**
     * A black-box tester paged the list during a storm with page numbers and got rows twice and missed
     * others: new incidents pushed the rows down between two requests. Pages read by cursor start after
     * the last row read, whatever arrived meanwhile.
     */
    @Test
    void pagesReadByCursorNeitherRepeatNorSkipWhileAStormAddsIncidents() {
        String token = "cursor" + System.nanoTime();
        Instant t0 = Instant.now().minus(10, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MILLIS);
        List<String> sources = new java.util.ArrayList<>();
        List<Long> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) {
            sources.add(uniqueSource("cursor-" + i));
            score(alertScore(sources.get(i), t0.plusSeconds(30L * i), Severity.HIGH, 8.0, "fan <*> slow " + token, 10));
            ids.add(incidentOf(sources.get(i), 1));
        }
        JsonNode first = api("GET", "/api/v1/incidents?size=2&q=" + token, null).json();
        assertThat(first.path("incidents").findValuesAsText("id")).containsExactly(id(ids, 5), id(ids, 4));
        assertThat(first.path("total").asLong()).isEqualTo(6);
        String cursor = first.path("next_cursor").asText();
        assertThat(cursor).isNotBlank();

        // the storm: three new incidents on top, and incident 1 gets an alert that lifts it above the cursor
        for (int i = 0; i < 3; i++) {
            String source = uniqueSource("cursor-new-" + i);
            score(alertScore(source, Instant.now(), Severity.CRITICAL, 9.5, "fan <*> slow " + token, 10));
            incidentOf(source, 1);
        }
        score(alertScore(sources.get(1), t0.plusSeconds(130), Severity.HIGH, 8.0, "fan <*> slow " + token, 11));
        incidentOf(sources.get(1), 2);

        JsonNode second = api("GET", "/api/v1/incidents?size=2&q=" + token + "&cursor=" + cursor, null).json();
        assertThat(second.path("incidents").findValuesAsText("id")).containsExactly(id(ids, 3), id(ids, 2));
        JsonNode third = api("GET", "/api/v1/incidents?size=2&q=" + token + "&cursor=" + second.path("next_cursor").asText(), null).json();
        assertThat(third.path("incidents").findValuesAsText("id")).containsExactly(id(ids, 0));
        assertThat(third.path("next_cursor").isNull()).as("the last page has no next cursor").isTrue();
        // by page number the same second page repeats what the first page showed
        assertThat(api("GET", "/api/v1/incidents?size=2&page=1&q=" + token, null).json().path("incidents").findValuesAsText("id"))
                .contains(id(ids, 5));

        assertError(api("GET", "/api/v1/incidents?cursor=not-a-cursor", null), 400, "invalid_cursor");
        assertError(api("GET", "/api/v1/incidents?page=1&cursor=" + cursor, null), 400, "page_and_cursor");
    }

    private static String id(List<Long> ids, int i) {
        return Long.toString(ids.get(i));
    }

    @Test
    void anIncidentOfAContainerLogShowsItsKubernetesLabels() {
        String source = "/var/log/containers/db-0_billing_postgres-" + String.format("%064x", System.nanoTime()) + ".log";
        score(alertScore(source, Instant.now().minus(1, ChronoUnit.MINUTES), Severity.HIGH, 8.0, "checkpoint <*> slow", 7));
        long id = incidentOf(source, 1);

        JsonNode listed = api("GET", "/api/v1/incidents?source=" + source, null).json().path("incidents").get(0);
        assertThat(listed.path("labels").path("namespace").asText()).isEqualTo("billing");
        JsonNode detail = api("GET", "/api/v1/incidents/" + id, null).json();
        assertThat(detail.path("incident").path("labels").path("pod").asText()).isEqualTo("db-0");
        assertThat(detail.path("alerts").get(0).path("labels").path("container").asText()).isEqualTo("postgres");
    }

    @Test
    void changesStateOneByOneAndInBulkWithAnAuditTrailAndWebSocketMessages() {
        String source = uniqueSource("api-state");
        Instant t0 = Instant.now().minus(10, ChronoUnit.MINUTES);
        score(alertScore(source, t0, Severity.HIGH, 8.0, "auth <*> failed", 10));
        long one = incidentOf(source, 1);
        score(alertScore(source, t0.plusSeconds(400), Severity.HIGH, 8.0, "auth <*> failed", 20));
        long two = await().atMost(WAIT).until(() -> incidents.findAll().stream()
                .filter(i -> i.getSource().equals(source) && i.getId() != one).findFirst(), java.util.Optional::isPresent).orElseThrow().getId();

        try (WebSocketRecorder client = WebSocketRecorder.connect(websocketUrl())) {
            client.awaitType("connection", WAIT);
            Response acked = api("POST", "/api/v1/incidents/" + one + "/ack", "{\"comment\":\"looking into it\"}");
            assertThat(acked.status()).isEqualTo(200);
            assertThat(acked.json().path("state").asText()).isEqualTo("ACKNOWLEDGED");
            client.awaitMessage(WAIT, m -> "incident".equals(m.path("type").asText())
                    && m.path("data").path("event").asText().equals("acknowledged")
                    && m.path("data").path("incident").path("id").asLong() == one);

            Instant until = Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
            Response snoozed = api("POST", "/api/v1/incidents/" + one + "/snooze", "{\"until\":\"" + until + "\"}");
            assertThat(snoozed.json().path("state").asText()).isEqualTo("SNOOZED");
            assertThat(Instant.parse(snoozed.json().path("snoozed_until").asText())).isEqualTo(until);
            assertThat(api("POST", "/api/v1/incidents/" + one + "/snooze", "{\"for\":\"2h\"}").json().path("state").asText())
                    .isEqualTo("SNOOZED");

            Response bulk = api("POST", "/api/v1/incidents/resolve", "{\"ids\":[" + one + "," + two + "],\"comment\":\"fixed the disk\"}");
            assertThat(bulk.status()).isEqualTo(200);
            assertThat(bulk.json().path("updated").asInt()).isEqualTo(2);
            assertThat(incidents.findById(two).orElseThrow().getState()).isEqualTo(IncidentState.RESOLVED);
            client.awaitMessage(WAIT, m -> "incident".equals(m.path("type").asText())
                    && m.path("data").path("event").asText().equals("resolved")
                    && m.path("data").path("incident").path("id").asLong() == two);

            assertThat(api("POST", "/api/v1/incidents/" + one + "/reopen", null).json().path("state").asText()).isEqualTo("OPEN");

            JsonNode detail = api("GET", "/api/v1/incidents/" + one, null).json();
            assertThat(detail.path("incident").path("state").asText()).isEqualTo("OPEN");
            assertThat(detail.path("alerts")).hasSize(1);
            assertThat(detail.path("alerts").get(0).path("incidentId").asLong()).isEqualTo(one);
            List<String> actions = detail.path("audit").findValuesAsText("action");
            assertThat(actions).containsExactly("open", "ack", "snooze", "snooze", "resolve", "reopen");
            JsonNode ack = detail.path("audit").get(1);
            // the caller by its token's name, as the audit promises "who", never "anonymous"
            assertThat(ack.path("actor").asText()).isEqualTo("token:test-operator-token");
            assertThat(ack.path("comment").asText()).isEqualTo("looking into it");
            assertThat(ack.path("from_state").asText()).isEqualTo("OPEN");
            assertThat(ack.path("to_state").asText()).isEqualTo("ACKNOWLEDGED");
            assertThat(detail.path("audit").get(4).path("comment").asText()).isEqualTo("fixed the disk");
        }
    }

    @Test
    void refusesBadRequestsWithJsonErrorsAndChangesNothing() {
        String source = uniqueSource("api-errors");
        score(alertScore(source, Instant.now().minus(5, ChronoUnit.MINUTES), Severity.HIGH, 8.0, "x <*>", 3));
        long id = incidentOf(source, 1);
        assertError(api("GET", "/api/v1/incidents/999999999", null), 404, "incident_not_found");
        assertError(api("GET", "/api/v1/incidents/abc", null), 400, "invalid_incident_id");
        assertError(api("POST", "/api/v1/incidents/999999999/ack", null), 404, "incident_not_found");
        assertError(api("POST", "/api/v1/incidents/" + id + "/explode", null), 404, "unknown_action");
        // the bulk form named what was wrong with the body of an action that does not exist
        assertError(api("POST", "/api/v1/incidents/explode", "{}"), 404, "unknown_action");
        assertError(api("POST", "/api/v1/incidents/" + id + "/ack", "{not json"), 400, "malformed_json");
        assertError(api("POST", "/api/v1/incidents/" + id + "/snooze", "{}"), 400, "missing_until");
        assertError(api("POST", "/api/v1/incidents/" + id + "/snooze", "{\"for\":\"soon\"}"), 400, "invalid_for");
        assertError(api("POST", "/api/v1/incidents/" + id + "/snooze", "{\"until\":\"2001-01-01T00:00:00Z\"}"), 400, "invalid_until");
        // a black-box tester's: seconds that overflow the instant were a 500
        assertError(api("POST", "/api/v1/incidents/" + id + "/snooze", "{\"for\":\"9223372036854775807s\"}"), 400, "invalid_until");
        assertError(api("POST", "/api/v1/incidents/snooze", "{\"ids\":[" + id + "],\"for\":\"9223372036854775807s\"}"), 400,
                "invalid_until");
        assertError(api("POST", "/api/v1/incidents/" + id + "/snooze", "{\"for\":\"-5m\"}"), 400, "invalid_until");
        assertError(api("POST", "/api/v1/incidents/resolve", "{}"), 400, "missing_ids");
        assertError(api("POST", "/api/v1/incidents/resolve", "{\"ids\":[" + id + ",999999999]}"), 404, "incident_not_found");
        // not ids at all: the client's fault (400), not a missing incident (404)
        assertError(api("POST", "/api/v1/incidents/resolve", "{\"ids\":[" + id + ",null]}"), 400, "invalid_ids");
        assertError(api("POST", "/api/v1/incidents/resolve", "{\"ids\":[-1]}"), 400, "invalid_ids");
        assertError(api("GET", "/api/v1/incidents?state=burning", null), 400, "invalid_state");
        assertError(api("GET", "/api/v1/incidents?min_severity=URGENT", null), 400, "invalid_min_severity");
        assertError(api("GET", "/api/v1/incidents?size=0", null), 400, "invalid_size");
        assertError(api("GET", "/api/v1/incidents?since=yesterday", null), 400, "invalid_since");
        // parsed by Instant, refused by PostgreSQL: a black-box tester's 500s
        assertError(api("GET", "/api/v1/incidents?since=%2B294277-01-01T00:00:00Z", null), 400, "invalid_since");
        assertError(api("GET", "/api/v1/incidents?until=-4713-01-01T00:00:00Z", null), 400, "invalid_until");
        assertError(api("GET", "/api/v1/alerts?since=%2B294277-01-01T00:00:00Z", null), 400, "invalid_since");
        assertError(api("GET", "/api/v1/incidents?cursor=" + java.util.Base64.getUrlEncoder().encodeToString(
                "+294277-01-01T00:00:00Z|1".getBytes(java.nio.charset.StandardCharsets.UTF_8)), null), 400, "invalid_cursor");
        // what an action does not take: an end on ack, ids on one incident's resolve
        assertError(api("POST", "/api/v1/incidents/" + id + "/ack", "{\"for\":\"2h\"}"), 400, "unknown_field");
        assertError(api("POST", "/api/v1/incidents/" + id + "/resolve", "{\"ids\":[" + id + "]}"), 400, "unknown_field");
        assertError(api("POST", "/api/v1/incidents/resolve", "{\"ids\":[" + id + "],\"until\":\"2030-01-01T00:00:00Z\"}"),
                400, "unknown_field");
        assertThat(incidents.findById(id).orElseThrow().getState()).isEqualTo(IncidentState.OPEN);
    }

    /**
     * A black-box tester's stale client acknowledged a resolved incident and brought it back: the same source's
     * next alerts joined it with no new incident and no page. A resolved incident must be reopened first.
     */
    @Test
    void aResolvedIncidentIsNotAcknowledgedOrSnoozedWithoutBeingReopened() {
        String source = uniqueSource("api-resolved");
        score(alertScore(source, Instant.now().minus(5, ChronoUnit.MINUTES), Severity.HIGH, 8.0, "y <*>", 3));
        long id = incidentOf(source, 1);
        String other = uniqueSource("api-open");
        score(alertScore(other, Instant.now().minus(5, ChronoUnit.MINUTES), Severity.HIGH, 8.0, "z <*>", 3));
        long open = incidentOf(other, 1);
        assertThat(api("POST", "/api/v1/incidents/" + id + "/resolve", null).json().path("state").asText()).isEqualTo("RESOLVED");

        assertError(api("POST", "/api/v1/incidents/" + id + "/ack", null), 409, "incident_resolved");
        assertError(api("POST", "/api/v1/incidents/" + id + "/snooze", "{\"for\":\"1h\"}"), 409, "incident_resolved");
        // all or nothing: the open one is not acknowledged either
        assertError(api("POST", "/api/v1/incidents/ack", "{\"ids\":[" + open + "," + id + "]}"), 409, "incident_resolved");
        assertThat(incidents.findById(id).orElseThrow().getState()).isEqualTo(IncidentState.RESOLVED);
        assertThat(incidents.findById(open).orElseThrow().getState()).isEqualTo(IncidentState.OPEN);
        // resolving again and reopening stay possible
        assertThat(api("POST", "/api/v1/incidents/" + id + "/resolve", null).status()).isEqualTo(200);
        assertThat(api("POST", "/api/v1/incidents/" + id + "/reopen", null).json().path("state").asText()).isEqualTo("OPEN");
        assertThat(api("POST", "/api/v1/incidents/" + id + "/ack", null).json().path("state").asText()).isEqualTo("ACKNOWLEDGED");

        // a snooze in days, as the 30-day limit is written; "until" and "for" together are ambiguous
        assertThat(api("POST", "/api/v1/incidents/" + open + "/snooze", "{\"for\":\"1d\"}").json().path("state").asText())
                .isEqualTo("SNOOZED");
        assertError(api("POST", "/api/v1/incidents/" + open + "/snooze", "{\"for\":\"1h\",\"until\":\""
                + Instant.now().plus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS) + "\"}"), 400, "until_and_for");
    }

    @Test
    void aPageBeyondTheRowOffsetRangeIsABadRequestNotAServerError() {
        assertError(api("GET", "/api/v1/incidents?page=99999999", null), 400, "invalid_page");
        assertError(api("GET", "/api/v1/incidents?page=1073741824&size=2", null), 400, "invalid_page");
        assertThat(api("GET", "/api/v1/incidents?page=" + (Integer.MAX_VALUE / 50), null).status()).isEqualTo(200);
    }

    @Test
    void alertContextShowsTheLinesAroundTheJudgedLineWhileTheFileHoldsThem() throws Exception {
        Path log = newLogFile("context-" + System.nanoTime() + ".log");
        List<String> lines = new ArrayList<>();
        for (int i = 1; i <= 100; i++) {
            lines.add("line " + i + " of the log");
        }
        append(log, lines);
        Alert alert = alerts.save(new Alert(Instant.now(), log.toString(), Severity.HIGH, 8.0, List.of(1, 2),
                List.of("line <*> of the log", "line <*> of the log"), List.of("line 49 of the log", "line 50 of the log"),
                49, 50, "statistical", "test", List.of()));

        JsonNode context = api("GET", "/api/v1/alerts/" + alert.getId() + "/context?lines=3", null).json();
        assertThat(context.path("available").asBoolean()).isTrue();
        assertThat(context.path("lines").findValuesAsText("text")).containsExactly(
                "line 47 of the log", "line 48 of the log", "line 49 of the log", "line 50 of the log",
                "line 51 of the log", "line 52 of the log", "line 53 of the log");
        assertThat(context.path("lines").get(3).path("judged").asBoolean()).isTrue();
        assertThat(api("GET", "/api/v1/alerts/" + alert.getId() + "/context?lines=1000", null).json()
                .path("lines")).hasSize(100);

        // rotated: the file now holds other lines
        Files.writeString(log, "a new file\n");
        JsonNode gone = api("GET", "/api/v1/alerts/" + alert.getId() + "/context?lines=3", null).json();
        assertThat(gone.path("available").asBoolean()).isFalse();
        assertThat(gone.path("reason").asText()).contains("no longer holds");
        assertThat(gone.path("window").get(1).asText()).isEqualTo("line 50 of the log");

        Alert uploaded = alerts.save(new Alert(Instant.now(), "upload:auth.log#1", Severity.HIGH, 8.0, List.of(1),
                List.of("x"), List.of("x"), 1, 1, "statistical", "test", List.of()));
        JsonNode upload = api("GET", "/api/v1/alerts/" + uploaded.getId() + "/context", null).json();
        assertThat(upload.path("available").asBoolean()).isFalse();
        assertThat(upload.path("reason").asText()).contains("upload");

        assertError(api("GET", "/api/v1/alerts/" + alert.getId() + "/context?lines=5000", null), 400, "invalid_lines");
        assertError(api("GET", "/api/v1/alerts/999999999/context", null), 404, "alert_not_found");
    }
}
