package io.logwarden.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logwarden.incident.WebhookReceiver;
import io.logwarden.incident.WebhookReceiver.Received;
import io.logwarden.support.WebSocketRecorder;
import io.logwarden.tail.ServiceProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What notifications promise across stops, tried from outside: the service runs in a child JVM that is
 * killed with SIGKILL while a message waits for its retry and a digest collects updates, and stopped with
 * SIGTERM while another page waits for its retry. After each start what was left arrives (with its
 * delivery id), nothing is dead-lettered by a stop, and an incident paged before a restart is not paged
 * "opened" again at its next alert.
 */
class NotificationOutboxCrashTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration START = Duration.ofMinutes(3);
    private static final Duration WAIT = Duration.ofMinutes(2);

    @TempDir
    Path home;

    private final WebhookReceiver receiver = new WebhookReceiver();
    private final List<ServiceProcess> services = new ArrayList<>();
    private final List<WebSocketRecorder> recorders = new ArrayList<>();
    private int lines;

    @AfterEach
    void cleanUp() {
        recorders.forEach(WebSocketRecorder::close);
        services.forEach(ServiceProcess::destroy);
        receiver.close();
    }

    @Test
    void messagesLeftByKillAndStopAreSentAtTheNextStartAndNothingIsPagedTwice() throws Exception {
        Path log = home.resolve("logs").resolve("app.log");
        Files.createDirectories(log.getParent());
        Files.writeString(log, "");

        // 1. the pager refuses: the "opened" message waits a minute for its first retry when the service is killed,
        //    and the incident's updates since are collecting for the digest (the interval is an hour)
        receiver.answer("/pager", 500);
        ServiceProcess first = start("run1");
        HttpResponse<String> started = first.post("/api/v1/streaming/start",
                "{\"log_file\":\"" + log + "\",\"from\":\"beginning\",\"window_size\":2}");
        assertThat(started.statusCode()).as(started.body()).isBetween(200, 299);
        append(log, 5);
        Received refused = await("the refused first attempt").atMost(WAIT).until(() -> receiver.at("/pager"), r -> !r.isEmpty()).get(0);
        JsonNode opened = JSON.readTree(refused.body());
        assertThat(opened.path("kind").asText()).isEqualTo("opened");
        long incident = opened.path("incident").path("id").asLong();
        String delivery = refused.header(Notifications.DELIVERY_HEADER);
        assertThat(delivery).isNotBlank().isEqualTo(opened.path("delivery_id").asText());
        await("updates kept for the digest").atMost(WAIT).until(() -> throttled(first) >= 1);
        assertThat(status(first).path("outbox").asLong()).as("stored: the opened message and the digest").isEqualTo(2);
        first.sigkill();
        assertThat(receiver.at("/pager")).as("attempts before the kill").hasSize(1);

        // 2. the pager is back: the next start sends both, the opened message with its delivery id (a stop by
        //    SIGTERM leaves them stored the same way: nothing is deleted before it is delivered)
        receiver.answer("/pager", 200);
        ServiceProcess second = start("run2");
        await("the messages the kill left").atMost(WAIT).until(() -> receiver.at("/pager"), r -> r.size() >= 3);
        assertThat(sent("opened")).extracting(r -> r.header(Notifications.DELIVERY_HEADER)).containsExactly(delivery, delivery);
        assertThat(sent("digest")).singleElement().satisfies(r -> assertThat(incidentOf(r)).isEqualTo(incident));
        await("the outbox emptied").atMost(WAIT).until(() -> status(second).path("outbox").asLong() == 0);

        // the file is followed again after the restart: its next alerts update the same incident, which goes
        // to a new digest (the throttle knows it was paged), not to a second "opened"
        append(log, 5);
        await("the new alerts offered to the channel").atMost(WAIT).until(() -> throttled(second) >= 1);
        assertThat(receiver.at("/pager")).as("messages after the restart's alerts").hasSize(3);
        assertThat(status(second).path("outbox").asLong()).as("the digest collecting them, stored").isEqualTo(1);

        // 3. SIGTERM while another incident's page waits for its retry: a black-box tester's stop ran the retries
        //    out and dead-lettered the page, never sent; it is kept for the next start now, as the digest is
        receiver.answer("/pager", 500);
        Path other = home.resolve("logs").resolve("db.log");
        Files.writeString(other, "");
        HttpResponse<String> followed = second.post("/api/v1/streaming/start",
                "{\"log_file\":\"" + other + "\",\"from\":\"beginning\",\"window_size\":2}");
        assertThat(followed.statusCode()).as(followed.body()).isBetween(200, 299);
        append(other, 3);
        Received refusedAgain = await("the second incident's refused page").atMost(WAIT).until(() -> sent("opened").stream()
                .filter(r -> incidentOf(r) != incident).findFirst(), java.util.Optional::isPresent).orElseThrow();
        String secondDelivery = refusedAgain.header(Notifications.DELIVERY_HEADER);
        second.sigterm(Duration.ofMinutes(2));
        assertThat(withDelivery(secondDelivery)).as("attempts of the second page before and during the stop").hasSize(1);

        receiver.answer("/pager", 200);
        ServiceProcess third = start("run3");
        try {
            await("the page and the digest the stop left").atMost(WAIT)
                    .until(() -> withDelivery(secondDelivery).size() == 2 && digestsOf(incident).size() == 2);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("received: " + receiver.at("/pager").stream().map(r -> body(r).path("kind").asText() + " "
                    + incidentOf(r) + " " + r.header(Notifications.DELIVERY_HEADER)).toList() + "\nrun2:\n" + second.tail()
                    + "\nrun3:\n" + third.tail(), e);
        }
        await("the outbox emptied").atMost(WAIT).until(() -> status(third).path("outbox").asLong() == 0);
        assertThat(status(third).path("dead_letters")).as("nothing dead-lettered").isEmpty();
        assertThat(sent("opened")).as("opened: each incident's first attempt and its resend").hasSize(4);
    }

    /** The second incident's own updates may or may not have come before the stop: only the first one's are counted. */
    private List<Received> digestsOf(long incident) {
        return sent("digest").stream().filter(r -> incidentOf(r) == incident).toList();
    }

    private List<Received> withDelivery(String delivery) {
        return receiver.at("/pager").stream().filter(r -> delivery.equals(r.header(Notifications.DELIVERY_HEADER))).toList();
    }

    private List<Received> sent(String kind) {
        return receiver.at("/pager").stream().filter(r -> kind.equals(body(r).path("kind").asText())).toList();
    }

    private static long incidentOf(Received message) {
        return body(message).path("incident").path("id").asLong();
    }

    private static JsonNode body(Received message) {
        try {
            return JSON.readTree(message.body());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new AssertionError("not JSON: " + message.body(), e);
        }
    }

    private static long throttled(ServiceProcess service) throws Exception {
        return status(service).path("channels").get(0).path("throttled").asLong();
    }

    private ServiceProcess start(String name) throws Exception {
        ServiceProcess service = ServiceProcess.start(home, name, List.of(
                "--logwarden.notify.channels[0].name=pager",
                "--logwarden.notify.channels[0].type=webhook",
                "--logwarden.notify.channels[0].url=" + receiver.url("/pager"),
                "--logwarden.notify.channels[0].min-severity=LOW",
                // one retry, 10 s after the refusal: the kill and the stop come while a message waits for it (a stop that
                // waited for it would end it in the dead letters well within Camel's 45 s graceful shutdown)
                "--logwarden.notify.retry-delay=10000",
                "--logwarden.notify.max-retries=1",
                "--logwarden.notify.interval=1h",
                // one incident through the three runs, however long the starts take on a busy machine
                "--logwarden.incidents.gap=1h",
                "--logwarden.incidents.resolve-after=2h",
                "--logging.level.io.logwarden.notifications=INFO"));
        services.add(service);
        // the child restores its followed files once a WebSocket client is there (as the crash tests watch them)
        recorders.add(service.connect(START));
        service.awaitHttp(START);
        return service;
    }

    private static JsonNode status(ServiceProcess service) throws Exception {
        return JSON.readTree(service.get("/api/v1/notifications").body());
    }

    private void append(Path log, int count) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < count; i++) {
            text.append("Dec  7 10:00:").append(String.format("%02d", lines % 60)).append(" web-01 app[42]: disk /dev/sd")
                    .append((char) ('a' + lines % 3)).append(" failed with error ").append(lines++).append('\n');
        }
        try {
            Files.writeString(log, text, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
