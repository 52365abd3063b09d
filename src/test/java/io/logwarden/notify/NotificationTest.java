package io.logwarden.notify;

import com.fasterxml.jackson.databind.JsonNode;
import io.logwarden.incident.IncidentRepository;
import io.logwarden.incident.IncidentTestContext;
import io.logwarden.incident.WebhookReceiver.Received;
import io.logwarden.scoring.Severity;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Real receivers: an HTTP server for the webhook, Slack and failing channels, GreenMail for e-mail.
 * A storm of 30 alerts is one incident and one message per channel; a failing receiver is retried
 * with backoff and dead-lettered; no URL or secret reaches the log or the status answer.
 */
@ExtendWith(OutputCaptureExtension.class)
class NotificationTest extends IncidentTestContext {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Autowired
    IncidentRepository incidents;

    @Autowired
    MeterRegistry meters;

    private double count(String channel, String outcome) {
        var counter = meters.find("logwarden.notifications").tag("channel", channel).tag("outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }

    private List<Received> about(String path, long incident) {
        return RECEIVER.at(path).stream().filter(r -> r.body().contains("incident " + incident + " ")
                || r.body().contains("\"id\":" + incident + ",")).toList();
    }

    @Test
    void aStormOfThirtyAlertsSendsOneSignedMessagePerChannel() throws Exception {
        String source = uniqueSource("storm");
        double throttledBefore = count("hook", "throttled");
        Instant t0 = Instant.now().minus(3, ChronoUnit.MINUTES);
        for (int i = 0; i < 30; i++) {
            score(alertScore(source, t0.plusMillis(100L * i), i == 15 ? Severity.CRITICAL : Severity.HIGH,
                    i == 15 ? 9.5 : 8.0, "burst <*> line " + (i % 3), 10 + i));
        }
        long id = await().atMost(WAIT).until(() -> incidents.findAll().stream()
                .filter(i -> i.getSource().equals(source) && i.getAlertCount() == 30).findFirst(), java.util.Optional::isPresent)
                .orElseThrow().getId();
        // every one of the 30 events was offered: 1 sent at once, 29 kept for the digest
        await().atMost(WAIT).until(() -> count("hook", "throttled") - throttledBefore >= 29);

        List<Received> hook = await().atMost(WAIT).until(() -> about("/hook", id), list -> !list.isEmpty());
        Received message = hook.get(0);
        JsonNode body = JSON.readTree(message.body());
        assertThat(body.path("kind").asText()).isEqualTo("opened");
        assertThat(body.path("incident").path("id").asLong()).isEqualTo(id);
        assertThat(body.path("incident").path("source").asText()).isEqualTo(source);
        assertThat(message.header("Content-Type")).startsWith("application/json");
        assertThat(message.header(Notifications.SIGNATURE_HEADER))
                .isEqualTo("sha256=" + Notifications.hmacSha256(WEBHOOK_SECRET, message.body()));
        assertThat(message.header(Notifications.SIGNATURE_HEADER))
                .isNotEqualTo("sha256=" + Notifications.hmacSha256("another secret", message.body()));

        // Slack takes CRITICAL only: its one message comes when the incident escalated
        Received slack = await().atMost(WAIT).until(() -> RECEIVER.at("/slack").stream()
                .filter(r -> r.body().contains("incident " + id + " ")).toList(), list -> !list.isEmpty()).get(0);
        assertThat(JSON.readTree(slack.body()).path("text").asText()).contains("CRITICAL incident " + id + " opened", source);

        MimeMessage mail = await().atMost(WAIT).until(() -> Arrays.stream(SMTP.getReceivedMessages())
                .filter(m -> subject(m).contains("incident " + id + " ")).toList(), list -> !list.isEmpty()).get(0);
        assertThat(mail.getAllRecipients()[0].toString()).isEqualTo("oncall@example.com");
        assertThat(mail.getContent().toString()).contains("alerts: 1", "burst <*> line 0");

        // the sends of this incident are all done (sent or dead-lettered on "broken") before counting
        await().atMost(WAIT).until(() -> about("/broken", id).size() == 4);
        assertThat(about("/hook", id)).hasSize(1);
        assertThat(RECEIVER.at("/slack").stream().filter(r -> r.body().contains("incident " + id + " "))).hasSize(1);
        assertThat(Arrays.stream(SMTP.getReceivedMessages()).filter(m -> subject(m).contains("incident " + id + " "))).hasSize(1);
    }

    /**
     * A black-box tester's pager shared one send thread with a Slack channel that refused connections: each
     * message to Slack held the queue through its retries, and incident 40 was paged eleven minutes late.
     */
    @Test
    void aSlowFailingChannelDoesNotHoldUpTheOthers() {
        RECEIVER.delay("/broken", 1_500);
        try {
            List<String> sources = List.of(uniqueSource("lane-a"), uniqueSource("lane-b"), uniqueSource("lane-c"));
            for (String source : sources) {
                score(alertScore(source, Instant.now().minus(1, ChronoUnit.MINUTES), Severity.HIGH, 8.0, "disk <*> full", 3));
            }
            List<Long> ids = await().atMost(WAIT).until(() -> incidents.findAll().stream()
                    .filter(i -> sources.contains(i.getSource())).map(i -> i.getId()).toList(), list -> list.size() == 3);
            await().atMost(WAIT).until(() -> ids.stream().allMatch(id -> !about("/hook", id).isEmpty()));
            // each message to the broken channel takes 1.5 s per attempt and 4 attempts: on one shared thread the
            // third incident's page would have waited for 8 of them
            long brokenAttempts = ids.stream().mapToLong(id -> about("/broken", id).size()).sum();
            assertThat(brokenAttempts).as("attempts at the slow channel when the pager had all three").isLessThan(4);
        }
        finally {
            RECEIVER.delay("/broken", 0);
        }
    }

    @Test
    void aFailingWebhookIsRetriedWithBackoffThenDeadLettered(CapturedOutput output) {
        String source = uniqueSource("failing");
        double deadBefore = count("broken", "dead_letter");
        score(alertScore(source, Instant.now().minus(1, ChronoUnit.MINUTES), Severity.HIGH, 8.0, "db <*> down", 7));
        long id = await().atMost(WAIT).until(() -> incidents.findAll().stream()
                .filter(i -> i.getSource().equals(source)).findFirst(), java.util.Optional::isPresent).orElseThrow().getId();

        JsonNode deadLetter = await().atMost(WAIT).until(() -> {
            for (JsonNode d : api("GET", "/api/v1/notifications", null).json().path("dead_letters")) {
                if (d.path("incident_id").asLong() == id && d.path("channel").asText().equals("broken")) {
                    return d;
                }
            }
            return null;
        }, d -> d != null);
        assertThat(deadLetter.path("attempts").asInt()).isEqualTo(4);
        assertThat(deadLetter.path("error").asText()).startsWith("HTTP status 500");
        assertThat(deadLetter.path("event").asText()).isEqualTo("opened");
        assertThat(count("broken", "dead_letter") - deadBefore).isGreaterThanOrEqualTo(1);

        // 1 attempt + 3 retries, each wait about twice the one before (100, 200, 400 ms)
        List<Received> attempts = about("/broken", id);
        assertThat(attempts).hasSize(4);
        // one delivery id on every retry, and in the body, so a receiver can drop the repeats
        String delivery = attempts.get(0).header("X-Logwarden-Delivery");
        assertThat(delivery).isNotBlank();
        assertThat(attempts).allSatisfy(a -> assertThat(a.header("X-Logwarden-Delivery")).isEqualTo(delivery));
        assertThat(attempts.get(0).body()).contains("\"delivery_id\":\"" + delivery + "\"");
        assertThat(about("/hook", id).get(0).header("X-Logwarden-Delivery")).isNotEqualTo(delivery);
        long first = attempts.get(1).nanos() - attempts.get(0).nanos();
        long third = attempts.get(3).nanos() - attempts.get(2).nanos();
        assertThat(Duration.ofNanos(first)).isGreaterThanOrEqualTo(Duration.ofMillis(90));
        assertThat(Duration.ofNanos(third)).isGreaterThanOrEqualTo(Duration.ofMillis(350));

        JsonNode status = api("GET", "/api/v1/notifications", null).json();
        assertThat(status.path("enabled").asBoolean()).isTrue();
        assertThat(status.path("channels").findValuesAsText("name")).containsExactly("hook", "chat", "mail", "broken");
        assertThat(status.path("channels").get(0).path("signed").asBoolean()).isTrue();
        assertThat(status.path("channels").get(3).path("dead_letter").asLong()).isGreaterThanOrEqualTo(1);
        // no URL, no secret: not in the status answer, not in the log
        String port = Integer.toString(java.net.URI.create(RECEIVER.url("/")).getPort());
        assertThat(status.toString()).doesNotContain("/broken").doesNotContain("/hook").doesNotContain(WEBHOOK_SECRET)
                .doesNotContain(port);
        assertThat(output.getAll()).contains("dead-lettered").doesNotContain(RECEIVER.url("/broken"))
                .doesNotContain(WEBHOOK_SECRET).doesNotContain(RECEIVER.url("/hook"));
    }

    private static String subject(MimeMessage message) {
        try {
            return message.getSubject();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
