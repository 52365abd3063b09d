package io.logwarden.feedback;

import com.fasterxml.jackson.databind.JsonNode;
import io.logwarden.alert.Alert;
import io.logwarden.alert.AlertRepository;
import io.logwarden.incident.IncidentAuditRepository;
import io.logwarden.incident.IncidentRepository;
import io.logwarden.incident.IncidentTestContext;
import io.logwarden.scoring.Prediction;
import io.logwarden.scoring.Score;
import io.logwarden.scoring.Severity;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Feedback through the API and the real alert routes. Scores are sent as the scoring route sends them
 * (the DeepLog model keeps scoring a false positive the same way every time; the statistical fallback
 * learns online, so it cannot show the difference).
 */
class FeedbackTest extends IncidentTestContext {

    /** Template ids of this class, far from the ids other tests use. */
    private static final AtomicInteger IDS = new AtomicInteger(700_000 + (int) (System.nanoTime() % 100_000) * 10);

    @Autowired
    AlertRepository alerts;

    @Autowired
    FeedbackRepository feedback;

    @Autowired
    IncidentRepository incidents;

    @Autowired
    IncidentAuditRepository audit;

    @Autowired
    MeterRegistry meters;

    private static Score window(String source, long line, boolean unseen, int... ids) {
        List<Integer> sequence = java.util.Arrays.stream(ids).boxed().toList();
        List<String> templates = sequence.stream().map(i -> "template " + i + " <*>").toList();
        return new Score(9.0, Severity.CRITICAL, true, sequence, Instant.now(), source, source, line - ids.length + 1, line,
                templates, sequence.stream().map(i -> "template " + i + " 42").toList(), "deeplog:demo", unseen,
                List.of(new Prediction(ids[0], "template " + ids[0] + " <*>", 0.8)), "judged template was not expected");
    }

    private List<Alert> alertsOf(String source) {
        return alerts.findAll().stream().filter(a -> a.getSource().equals(source)).toList();
    }

    private double suppressed(String reason) {
        var counter = meters.find("logwarden.alerts.suppressed").tag("reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void normalStopsThatTransitionAlertingWhileRealAnomaliesStillAlert() throws Exception {
        String source = uniqueSource("feedback");
        int a = IDS.incrementAndGet(), b = IDS.incrementAndGet(), c = IDS.incrementAndGet(), d = IDS.incrementAndGet();
        score(window(source, 10, false, a, b, c));
        Alert falsePositive = alertsOf(source).get(0);

        Response answer = api("POST", "/api/v1/alerts/" + falsePositive.getId() + "/feedback",
                "{\"verdict\":\"normal\",\"comment\":\"nightly backup\"}");
        assertThat(answer.status()).isEqualTo(200);
        JsonNode learned = answer.json().path("learned_normal");
        assertThat(learned.path("model").asText()).isEqualTo("demo");
        assertThat(learned.path("added").asInt()).isEqualTo(1);
        long version = learned.path("version").asLong();
        assertThat(answer.json().path("feedback").path("verdict").asText()).isEqualTo("normal");
        assertThat(answer.json().path("feedback").path("actor").asText()).isNotBlank();

        // persisted beside the models' data, versioned
        Path file = ROOT.resolve("data").resolve("learned-normal").resolve("demo.json");
        JsonNode stored = JSON.readTree(Files.readString(file));
        assertThat(stored.path("version").asLong()).isEqualTo(version);
        assertThat(stored.path("patterns").findValuesAsText("template_id")).contains(Integer.toString(c));

        double suppressedBefore = suppressed("learned_normal");
        // the same false positive, later in the log: no alert
        score(window(source, 50, false, a, b, c));
        score(window(source, 90, false, d, b, c));
        assertThat(alertsOf(source)).hasSize(1);
        assertThat(suppressed("learned_normal") - suppressedBefore).isEqualTo(2);
        // a real anomaly still alerts: another template after b, or c after another template
        score(window(source, 100, false, a, b, d));
        score(window(source, 110, false, a, d, c));
        assertThat(alertsOf(source)).hasSize(3);

        // "anomaly" is stored for evaluation and changes nothing
        long anomaly = alertsOf(source).stream().filter(x -> x.getLastLine() == 100).findFirst().orElseThrow().getId();
        Response confirmed = api("POST", "/api/v1/alerts/" + anomaly + "/feedback", "{\"verdict\":\"anomaly\"}");
        assertThat(confirmed.status()).isEqualTo(200);
        assertThat(confirmed.json().has("learned_normal")).isFalse();
        assertThat(feedback.findByAlertIdOrderByIdAsc(anomaly)).singleElement()
                .satisfies(f -> assertThat(f.getVerdict()).isEqualTo("anomaly"));
        assertThat(feedback.findByAlertIdOrderByIdAsc(falsePositive.getId())).singleElement()
                .satisfies(f -> assertThat(f.getComment()).isEqualTo("nightly backup"));

        // listable and removable: after removal the pattern alerts again
        JsonNode set = api("GET", "/api/v1/models/demo/learned-normal", null).json();
        JsonNode entry = null;
        for (JsonNode p : set.path("patterns")) {
            if (p.path("template_id").asInt() == c && p.path("previous_id").asInt() == b) {
                entry = p;
            }
        }
        assertThat(entry).isNotNull();
        assertThat(entry.path("template").asText()).isEqualTo("template " + c + " <*>");
        assertThat(entry.path("alert_id").asLong()).isEqualTo(falsePositive.getId());
        Response removed = api("DELETE", "/api/v1/models/demo/learned-normal/" + entry.path("id").asText(), null);
        assertThat(removed.status()).isEqualTo(200);
        assertThat(removed.json().path("version").asLong()).isGreaterThan(version);
        score(window(source, 200, false, a, b, c));
        assertThat(alertsOf(source)).hasSize(4);
        assertError(api("DELETE", "/api/v1/models/demo/learned-normal/" + entry.path("id").asText(), null), 404, "pattern_not_found");
    }

    @Test
    void normalOnAnIncidentLearnsEachTransitionThatBrokeAndIsAudited() {
        String source = uniqueSource("feedback-incident");
        int a = IDS.incrementAndGet(), b = IDS.incrementAndGet(), c = IDS.incrementAndGet();
        score(window(source, 10, false, a, b));
        score(window(source, 11, false, b, c));
        score(window(source, 12, false, a, b));
        long incident = alertsOf(source).get(0).getIncidentId();
        assertThat(alertsOf(source)).allMatch(x -> x.getIncidentId() == incident);

        Response answer = api("POST", "/api/v1/incidents/" + incident + "/feedback", "{\"verdict\":\"normal\",\"comment\":\"deploy\"}");
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.json().path("learned_normal").path("added").asInt()).isEqualTo(2);
        assertThat(audit.findByIncidentIdOrderByIdAsc(incident)).anySatisfy(x -> {
            assertThat(x.getAction()).isEqualTo("feedback");
            assertThat(x.getComment()).isEqualTo("normal: deploy");
        });
        score(window(source, 20, false, b, c));
        score(window(source, 21, false, a, b));
        assertThat(alertsOf(source)).hasSize(3);
    }

    @Test
    void aNewPatternIsReportedOncePerTemplate() {
        String source = uniqueSource("new-pattern");
        int a = IDS.incrementAndGet(), b = IDS.incrementAndGet(), unseen = IDS.incrementAndGet();
        double before = suppressed("new_pattern_repeat");
        score(window(source, 10, true, a, b, unseen));
        score(window(source, 20, true, b, a, unseen));
        score(window(source, 30, true, a, a, unseen));
        assertThat(alertsOf(source)).hasSize(1);
        assertThat(suppressed("new_pattern_repeat") - before).isEqualTo(2);
        // another never-seen template is reported too
        score(window(source, 40, true, a, b, IDS.incrementAndGet()));
        assertThat(alertsOf(source)).hasSize(2);
        // the same template once more after resolve-after (30 min) without a report: reported again
        Score later = window(source, 50, true, b, b, unseen);
        score(new Score(later.score(), later.severity(), true, later.sequence(), Instant.now().plus(java.time.Duration.ofMinutes(31)),
                source, source, later.firstLine(), later.lastLine(), later.templates(), later.sampleLines(), later.scorer(), true,
                later.expected(), later.reason()));
        assertThat(alertsOf(source)).hasSize(3);
    }

    @Test
    void aNewPatternsSeverityComesFromItsContextNotAFixedCritical() {
        String source = uniqueSource("new-pattern-grade");
        int a = IDS.incrementAndGet(), b = IDS.incrementAndGet();
        int new1 = IDS.incrementAndGet(), new2 = IDS.incrementAndGet(), new3 = IDS.incrementAndGet(), new4 = IDS.incrementAndGet();
        // one benign new message among known ones: an alert, HIGH, not CRITICAL
        score(window(source, 10, true, a, b, new1));
        Alert alone = alertsOf(source).get(0);
        assertThat(alone.getSeverity()).isEqualTo(Severity.HIGH);
        assertThat(alone.getScore()).isEqualTo(7.5);
        assertThat(alone.getReason()).contains("new pattern graded 7.5", "0 other never-seen template(s) in the window");
        // a burst from the same source, its windows more and more unknown: rises to CRITICAL
        score(window(source, 11, true, a, new1, new2));
        score(window(source, 12, true, new1, new2, new3));
        List<Alert> stored = alertsOf(source).stream().sorted(java.util.Comparator.comparingLong(Alert::getLastLine)).toList();
        assertThat(stored).extracting(Alert::getScore).containsExactly(7.5, 8.5, 9.5);
        assertThat(stored.get(2).getSeverity()).isEqualTo(Severity.CRITICAL);
        // another source's first new message is judged on its own context
        String quiet = uniqueSource("new-pattern-grade-other");
        score(window(quiet, 10, true, a, b, new4));
        assertThat(alertsOf(quiet)).singleElement().satisfies(x -> assertThat(x.getSeverity()).isEqualTo(Severity.HIGH));
    }

    @Test
    void anomalyOnAWindowThatDidNotAlertIsStoredWithTheWindowForEvaluation() {
        String source = uniqueSource("missed");
        int a = IDS.incrementAndGet(), b = IDS.incrementAndGet(), c = IDS.incrementAndGet();
        Response answer = api("POST", "/api/v1/feedback", "{\"verdict\":\"anomaly\",\"source\":\"" + source
                + "\",\"first_line\":40,\"last_line\":42,\"sequence\":[" + a + "," + b + "," + c + "],\"comment\":\"missed brute force\"}");
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        JsonNode stored = answer.json().path("feedback");
        assertThat(stored.path("verdict").asText()).isEqualTo("anomaly");
        assertThat(stored.path("source").asText()).isEqualTo(source);
        assertThat(stored.path("alert_id").asLong(0)).as("no alert to point at").isZero();
        assertThat(stored.path("patterns").isArray()).as("a JSON list, not a string holding one").isTrue();
        assertThat(stored.path("patterns").get(0).asText()).isEqualTo(b + ">" + c);
        assertThat(answer.json().has("learned_normal")).isFalse();

        Feedback row = feedback.findById(stored.path("id").asLong()).orElseThrow();
        assertThat(row.getSequence()).containsExactly(a, b, c);
        assertThat(row.getFirstLine()).isEqualTo(40);
        assertThat(row.getLastLine()).isEqualTo(42);
        assertThat(row.getActor()).isNotBlank();

        // listed for evaluation, newest first, filtered by verdict
        JsonNode listed = api("GET", "/api/v1/feedback?verdict=anomaly&size=500", null).json();
        assertThat(listed.path("feedback").get(0).path("id").asLong()).isEqualTo(row.getId());
        assertThat(listed.path("feedback").findValuesAsText("verdict")).containsOnly("anomaly");
        // and nothing about scoring changed: the same transition still raises its alert
        score(window(source, 42, false, a, b, c));
        assertThat(alertsOf(source)).hasSize(1);
    }

    @Test
    void refusesBadWindowFeedbackWithJsonErrors() {
        long before = feedback.count();
        String ok = "\"source\":\"/var/log/x.log\",\"first_line\":1,\"last_line\":2,\"sequence\":[1,2]";
        assertError(api("POST", "/api/v1/feedback", "{\"verdict\":\"normal\"," + ok + "}"), 400, "verdict_not_applicable");
        assertError(api("POST", "/api/v1/feedback", "{\"verdict\":\"bad\"," + ok + "}"), 400, "invalid_verdict");
        assertError(api("POST", "/api/v1/feedback", "{\"verdict\":\"anomaly\",\"first_line\":1,\"last_line\":2,\"sequence\":[1]}"),
                400, "invalid_source");
        assertError(api("POST", "/api/v1/feedback", "{\"verdict\":\"anomaly\",\"source\":\"s\",\"first_line\":5,\"last_line\":2,\"sequence\":[1]}"),
                400, "invalid_lines");
        assertError(api("POST", "/api/v1/feedback", "{\"verdict\":\"anomaly\",\"source\":\"s\",\"first_line\":1,\"last_line\":2,\"sequence\":[]}"),
                400, "invalid_sequence");
        assertError(api("POST", "/api/v1/feedback", "{\"verdict\":\"anomaly\",\"source\":\"s\",\"first_line\":1,\"last_line\":2,\"sequence\":[-3]}"),
                400, "invalid_sequence");
        assertError(api("POST", "/api/v1/feedback", "{\"verdict\":\"anomaly\"," + ok + ",\"comment\":\"" + "x".repeat(4001) + "\"}"),
                400, "invalid_comment");
        assertError(api("GET", "/api/v1/feedback?verdict=maybe", null), 400, "invalid_verdict");
        assertError(api("GET", "/api/v1/feedback?size=501", null), 400, "invalid_size");
        assertThat(feedback.count()).as("nothing stored by refused requests").isEqualTo(before);
    }

    @Test
    void refusesBadFeedbackWithJsonErrors() {
        String source = uniqueSource("feedback-errors");
        score(window(source, 10, false, IDS.incrementAndGet(), IDS.incrementAndGet()));
        long id = alertsOf(source).get(0).getId();
        assertError(api("POST", "/api/v1/alerts/" + id + "/feedback", "{\"verdict\":\"fine\"}"), 400, "invalid_verdict");
        assertError(api("POST", "/api/v1/alerts/" + id + "/feedback", "{\"verdict\":"), 400, "malformed_json");
        assertError(api("POST", "/api/v1/alerts/" + id + "/feedback", null), 400, "missing_body");
        assertError(api("POST", "/api/v1/alerts/999999999/feedback", "{\"verdict\":\"normal\"}"), 404, "alert_not_found");
        assertError(api("POST", "/api/v1/incidents/999999999/feedback", "{\"verdict\":\"normal\"}"), 404, "incident_not_found");
        assertError(api("GET", "/api/v1/models/-etc/learned-normal", null), 400, "invalid_model");
        assertThat(feedback.findByAlertIdOrderByIdAsc(id)).isEmpty();
    }
}
