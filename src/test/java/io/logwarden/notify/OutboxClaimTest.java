package io.logwarden.notify;

import com.fasterxml.jackson.databind.JsonNode;
import io.logwarden.incident.IncidentRepository;
import io.logwarden.incident.IncidentTestContext;
import io.logwarden.incident.WebhookReceiver.Received;
import io.logwarden.scoring.Severity;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The outbox against the real database: a message that found its send queue full is queued again and
 * delivered; an entry this instance holds is never taken twice; another replica's entries are taken only
 * once its claim ran out, and then by one instance.
 */
class OutboxClaimTest extends IncidentTestContext {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Autowired
    NotificationOutbox outbox;
    @Autowired
    OutboxRepository entries;
    @Autowired
    Notifications notifications;
    @Autowired
    IncidentRepository incidents;
    @Autowired
    io.logwarden.incident.IncidentService incidentService;
    @Autowired
    NotifyProperties settings;
    @Autowired
    NotificationDeadLetterRepository deadLetters;
    @Autowired
    AnnouncementRepository announcements;

    private long incident(String name) {
        return incident(name, Severity.LOW);
    }

    private long incident(String name, Severity severity) {
        String source = uniqueSource(name);
        score(alertScore(source, Instant.now().minus(1, ChronoUnit.MINUTES), severity, 7.0, "fan <*> slow", 5));
        return await().atMost(WAIT).until(() -> incidents.findAll().stream().filter(i -> i.getSource().equals(source)).findFirst(),
                Optional::isPresent).orElseThrow().getId();
    }

    @Test
    void aMessageThatFoundItsQueueFullIsQueuedAgainAndDelivered() throws Exception {
        long id = incident("deferred");
        OutboxEntry stored = outbox.hold("hook", id, "opened", List.of(), Instant.now());
        Notification message = notifications.fromOutbox().stream().filter(n -> n.outboxId().equals(stored.getId())).findFirst().orElse(null);
        assertThat(message).as("held while queued: not taken again").isNull();

        // the send queue was full (routes/notify.yaml, notify-enqueue): the message stays stored, not held
        notifications.deferred(Notification.of(settings.channels().get(0), incidentService.view(id).orElseThrow(),
                List.of(), Instant.now(), stored));
        Notification again = notifications.fromOutbox().stream().filter(n -> n.outboxId().equals(stored.getId())).findFirst().orElseThrow();
        assertThat(again.delivery()).isEqualTo(stored.getDeliveryId());
        assertThat(again.kind()).isEqualTo("opened");
        assertThat(again.incident().id()).isEqualTo(id);

        camel.sendBody("direct:notify-enqueue", again);
        Received delivered = await().atMost(WAIT).until(() -> RECEIVER.at("/hook").stream()
                .filter(r -> stored.getDeliveryId().equals(r.header(Notifications.DELIVERY_HEADER))).findFirst(), Optional::isPresent).orElseThrow();
        JsonNode body = JSON.readTree(delivered.body());
        assertThat(body.path("incident").path("id").asLong()).isEqualTo(id);
        await().atMost(WAIT).until(() -> !entries.existsById(stored.getId()));
    }

    /** A black-box tester's renamed channel lost its stored pages with nothing but a WARN line. */
    @Test
    void aStoredMessageForAChannelNoLongerConfiguredIsDeadLettered() {
        long id = incident("renamed");
        Instant now = Instant.now();
        OutboxEntry orphan = entries.save(new OutboxEntry("orphan-" + id, "renamed-away", id, "opened", "", now, outbox.instance(),
                now.plus(5, ChronoUnit.MINUTES)));
        assertThat(notifications.fromOutbox()).extracting(Notification::outboxId).doesNotContain(orphan.getId());
        assertThat(entries.existsById(orphan.getId())).isFalse();
        assertThat(deadLetters.findAll()).filteredOn(d -> d.getChannel().equals("renamed-away") && d.getIncidentId() == id)
                .singleElement().satisfies(d -> assertThat(d.getError()).contains("no channel of that name is configured"));
    }

    /**
     * After a restart an incident is not paged "opened" again to a channel that had it, but a channel added or
     * renamed since gets it: a black-box tester's renamed channel got nothing but digests.
     */
    @Test
    void afterARestartOnlyAChannelThatWasNotToldOfAnOpenIncidentGetsItsOpened() {
        long id = incident("restart", Severity.HIGH);
        await().atMost(WAIT).until(() -> announcements.existsByChannelAndIncidentId("hook", id));
        NotifyProperties.Channel fresh = new NotifyProperties.Channel("fresh", "webhook", RECEIVER.url("/fresh"), null,
                Severity.LOW, null, 25, null, null, null, null);
        List<NotifyProperties.Channel> channels = List.of(settings.channels().get(0), fresh);
        // the service as it starts again, with one more channel
        Notifications restarted = new Notifications(new NotifyProperties(channels, settings.interval(), settings.digestCheck(),
                settings.maxRetries(), settings.retryDelay(), settings.timeout(), settings.queueSize(), settings.outboxCheck(),
                settings.claim(), settings.instance()), JSON, new io.micrometer.core.instrument.simple.SimpleMeterRegistry(),
                deadLetters, outbox, incidentService);
        restarted.rememberOpenIncidents();
        List<Notification> next = restarted.offer(new io.logwarden.incident.IncidentEvent("updated",
                incidentService.view(id).orElseThrow(), "logwarden"));
        try {
            assertThat(next).extracting(n -> n.channel().name() + " " + n.kind()).containsExactly("fresh opened");
        } finally {
            next.forEach(n -> outbox.done(n.outboxId()));
        }
    }

    @Test
    void anotherReplicasEntriesAreTakenOnlyOnceTheirClaimRanOut() {
        long id = incident("replicas");
        Instant now = Instant.now();
        OutboxEntry busy = entries.save(new OutboxEntry("busy-" + id, "hook", id, "opened", "", now, "replica-b", now.plus(5, ChronoUnit.MINUTES)));
        OutboxEntry gone = entries.save(new OutboxEntry("gone-" + id, "hook", id, "digest", "updated x3", now, "replica-c", now.minusSeconds(1)));
        // as an earlier run of this instance left it: its own name, a claim far ahead, not in memory
        OutboxEntry mine = entries.save(new OutboxEntry("mine-" + id, "hook", id, "opened", "", now, outbox.instance(), now.plus(5, ChronoUnit.MINUTES)));
        try {
            List<Long> taken = outbox.claim(1000).stream().map(OutboxEntry::getId).toList();
            assertThat(taken).contains(gone.getId(), mine.getId()).doesNotContain(busy.getId());
            assertThat(entries.findById(gone.getId()).orElseThrow().getOwner()).isEqualTo(outbox.instance());
            assertThat(entries.findById(gone.getId()).orElseThrow().getClaimedUntil()).isAfter(now.plus(9, ChronoUnit.MINUTES));
            assertThat(entries.findById(busy.getId()).orElseThrow().getOwner()).isEqualTo("replica-b");
            // taken once: now held in memory, a second look leaves them alone
            assertThat(outbox.claim(1000)).extracting(OutboxEntry::getId).doesNotContain(gone.getId(), mine.getId(), busy.getId());
            // the other replica cannot take back what this one claimed
            assertThat(entries.claim(gone.getId(), "replica-c", Instant.now(), Instant.now().plusSeconds(60))).isZero();
        } finally {
            List.of(busy, gone, mine).forEach(e -> outbox.done(e.getId()));
        }
    }
}
