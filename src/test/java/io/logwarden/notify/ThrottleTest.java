package io.logwarden.notify;

import io.logwarden.incident.IncidentEvent;
import io.logwarden.incident.IncidentState;
import io.logwarden.incident.IncidentView;
import io.logwarden.scoring.Severity;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** One message per incident and channel per interval; what happens in between leaves as one digest. */
class ThrottleTest {

    private static final NotifyProperties.Channel HIGH = new NotifyProperties.Channel("hook", "webhook", "http://h/x", null,
            Severity.HIGH, null, 25, null, null, null, null);
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static IncidentEvent event(String kind, Severity severity, long alerts, Instant resolvedAt) {
        return new IncidentEvent(kind, new IncidentView(7, resolvedAt == null ? IncidentState.OPEN : IncidentState.RESOLVED,
                "/var/log/x", "/var/log/x", null, T0, T0, alerts, severity, 8, List.of(), List.of(), T0, resolvedAt), "logwarden");
    }

    @Test
    void sendsTheFirstEventThenOneDigestPerInterval() {
        Throttle throttle = new Throttle(Duration.ofMinutes(10));
        assertThat(throttle.offer(HIGH, event("opened", Severity.HIGH, 1, null), T0)).isEqualTo("opened");
        for (int i = 2; i <= 29; i++) {
            assertThat(throttle.offer(HIGH, event("updated", Severity.HIGH, i, null), T0.plusSeconds(i))).isNull();
        }
        // an escalation inside the interval waits too
        assertThat(throttle.offer(HIGH, event("escalated", Severity.CRITICAL, 30, null), T0.plusSeconds(30))).isNull();
        assertThat(throttle.due(T0.plusSeconds(599))).isEmpty();
        List<Throttle.Digest> due = throttle.due(T0.plusSeconds(600));
        assertThat(due).singleElement().satisfies(d -> {
            assertThat(d.channel()).isEqualTo("hook");
            assertThat(d.events()).containsExactly("updated x28", "escalated");
            assertThat(d.incident().alertCount()).isEqualTo(30);
        });
        assertThat(throttle.due(T0.plusSeconds(1300))).isEmpty();
        // after a quiet interval an escalation goes at once
        assertThat(throttle.offer(HIGH, event("escalated", Severity.CRITICAL, 31, null), T0.plusSeconds(1300))).isEqualTo("escalated");
    }

    @Test
    void waitsForTheChannelsMinimumSeverityAndForgetsResolvedIncidents() {
        Throttle throttle = new Throttle(Duration.ofMinutes(1));
        assertThat(throttle.offer(HIGH, event("opened", Severity.MEDIUM, 1, null), T0)).isNull();
        assertThat(throttle.offer(HIGH, event("escalated", Severity.HIGH, 2, null), T0.plusSeconds(1))).isEqualTo("opened");
        assertThat(throttle.offer(HIGH, event("resolved", Severity.HIGH, 2, T0.plusSeconds(2)), T0.plusSeconds(2))).isNull();
        assertThat(throttle.due(T0.plusSeconds(61))).singleElement()
                .satisfies(d -> assertThat(d.events()).containsExactly("resolved"));
        assertThat(throttle.pending()).isZero();
        // forgotten: a later event of the same id counts as new
        assertThat(throttle.offer(HIGH, event("opened", Severity.HIGH, 1, null), T0.plusSeconds(70))).isEqualTo("opened");
        // a resolved incident never seen by the channel sends nothing
        Throttle fresh = new Throttle(Duration.ofMinutes(1));
        assertThat(fresh.offer(HIGH, event("resolved", Severity.CRITICAL, 1, T0), T0)).isNull();
    }

    @Test
    void nothingIsSentWhileNoChannelIsConfigured() {
        Notifications off = new Notifications(new NotifyProperties(List.of(), Duration.ofMinutes(10), Duration.ofSeconds(5), 3,
                2000, Duration.ofSeconds(10), 1000, Duration.ofSeconds(30), Duration.ofMinutes(10), "test"),
                new com.fasterxml.jackson.databind.ObjectMapper(), new io.micrometer.core.instrument.simple.SimpleMeterRegistry(), null,
                outbox(), org.mockito.Mockito.mock(io.logwarden.incident.IncidentService.class));
        assertThat(off.offer(event("opened", Severity.CRITICAL, 1, null))).isEmpty();
        assertThat(off.dueDigests()).isEmpty();
    }

    @Test
    void aSnoozedIncidentSendsNothing() {
        Notifications on = new Notifications(new NotifyProperties(List.of(HIGH), Duration.ofMinutes(10), Duration.ofSeconds(5), 3,
                2000, Duration.ofSeconds(10), 1000, Duration.ofSeconds(30), Duration.ofMinutes(10), "test"),
                new com.fasterxml.jackson.databind.ObjectMapper(), new io.micrometer.core.instrument.simple.SimpleMeterRegistry(), null,
                outbox(), org.mockito.Mockito.mock(io.logwarden.incident.IncidentService.class));
        IncidentEvent open = event("opened", Severity.HIGH, 1, null);
        IncidentView snoozed = new IncidentView(8, IncidentState.SNOOZED, "/var/log/x", "/var/log/x", T0.plusSeconds(3600), T0, T0,
                2, Severity.CRITICAL, 9, List.of(), List.of(), T0, null);
        assertThat(on.offer(new IncidentEvent("escalated", snoozed, "logwarden"))).isEmpty();
        assertThat(on.offer(open)).singleElement().satisfies(n -> assertThat(n.kind()).isEqualTo("opened"));
    }

    /** A black-box tester's digest resent after a stop said only "updated": the escalation was lost. */
    @Test
    void aStoredDigestNamesEachKindOfChangeItHolds() {
        NotificationOutbox outbox = outbox();
        Notifications on = notifications(outbox);
        on.offer(event("opened", Severity.HIGH, 1, null));
        on.offer(event("updated", Severity.HIGH, 2, null));
        on.offer(event("updated", Severity.HIGH, 3, null));
        org.mockito.Mockito.verify(outbox, org.mockito.Mockito.never()).refresh(org.mockito.ArgumentMatchers.anyLong(),
                org.mockito.ArgumentMatchers.anyList());
        on.offer(event("escalated", Severity.CRITICAL, 4, null));
        org.mockito.Mockito.verify(outbox).refresh(org.mockito.ArgumentMatchers.anyLong(),
                org.mockito.ArgumentMatchers.eq(List.of("updated x2", "escalated")));
    }

    /** A black-box tester's "opened" that could be neither stored nor queued left the incident never paged. */
    @Test
    void anOpenedThatIsLostIsSentAgainAtTheNextEvent() {
        NotificationOutbox refusing = refusingOutbox();
        Notifications on = notifications(refusing);
        Notification lost = on.offer(event("opened", Severity.HIGH, 1, null)).get(0);
        on.deferred(lost); // its queue was full: neither stored nor queued
        org.mockito.Mockito.verify(refusing).unannounce("hook", 7);
        assertThat(on.offer(event("updated", Severity.HIGH, 2, null))).singleElement()
                .satisfies(n -> assertThat(n.kind()).isEqualTo("opened"));
    }

    /** An outbox whose database refuses every insert (a black-box tester's trigger). */
    private static NotificationOutbox refusingOutbox() {
        NotificationOutbox refusing = org.mockito.Mockito.mock(NotificationOutbox.class);
        org.mockito.Mockito.when(refusing.hold(org.mockito.ArgumentMatchers.anyString(), org.mockito.ArgumentMatchers.anyLong(),
                org.mockito.ArgumentMatchers.anyString(), org.mockito.ArgumentMatchers.anyList(), org.mockito.ArgumentMatchers.any()))
                .thenThrow(new org.springframework.dao.DataAccessResourceFailureException("insert refused by a trigger"));
        return refusing;
    }

    private static Notifications notifications(NotificationOutbox outbox) {
        return new Notifications(new NotifyProperties(List.of(HIGH), Duration.ofMinutes(10), Duration.ofSeconds(5), 3,
                2000, Duration.ofSeconds(10), 1000, Duration.ofSeconds(30), Duration.ofMinutes(10), "test"),
                new com.fasterxml.jackson.databind.ObjectMapper(), new io.micrometer.core.instrument.simple.SimpleMeterRegistry(), null,
                outbox, org.mockito.Mockito.mock(io.logwarden.incident.IncidentService.class));
    }

    /** A black-box tester got, during a snooze, the digest of the minutes before it. */
    @Test
    void aSnoozeDropsTheDigestCollectedBeforeIt() {
        NotificationOutbox outbox = outbox();
        Notifications on = new Notifications(new NotifyProperties(List.of(HIGH), Duration.ofMinutes(10), Duration.ofSeconds(5), 3,
                2000, Duration.ofSeconds(10), 1000, Duration.ofSeconds(30), Duration.ofMinutes(10), "test"),
                new com.fasterxml.jackson.databind.ObjectMapper(), new io.micrometer.core.instrument.simple.SimpleMeterRegistry(), null,
                outbox, org.mockito.Mockito.mock(io.logwarden.incident.IncidentService.class));
        assertThat(on.offer(event("opened", Severity.HIGH, 1, null))).hasSize(1);
        assertThat(on.offer(event("updated", Severity.HIGH, 2, null))).isEmpty();
        org.mockito.Mockito.verify(outbox).hold(org.mockito.ArgumentMatchers.eq("hook"), org.mockito.ArgumentMatchers.eq(7L),
                org.mockito.ArgumentMatchers.eq("digest"), org.mockito.ArgumentMatchers.anyList(), org.mockito.ArgumentMatchers.any());
        IncidentView snoozed = new IncidentView(7, IncidentState.SNOOZED, "/var/log/x", "/var/log/x", T0.plusSeconds(3600), T0, T0,
                2, Severity.HIGH, 8, List.of(), List.of(), T0, null);
        assertThat(on.offer(new IncidentEvent("snoozed", snoozed, "alice"))).isEmpty();
        // the stored digest is gone with what it collected
        org.mockito.Mockito.verify(outbox).done(org.mockito.ArgumentMatchers.anyLong());

        Throttle throttle = new Throttle(Duration.ofMinutes(1));
        throttle.offer(HIGH, event("opened", Severity.HIGH, 1, null), T0);
        throttle.offer(HIGH, event("updated", Severity.HIGH, 2, null), T0.plusSeconds(1));
        throttle.dropPending("hook", 7);
        assertThat(throttle.due(T0.plusSeconds(120))).isEmpty();
    }

    /** A black-box tester's database refused the outbox's insert: the page was lost without a trace. */
    @Test
    void aMessageTheOutboxCannotStoreIsSentAllTheSameAndCounted() {
        NotificationOutbox refusing = refusingOutbox();
        var meters = new io.micrometer.core.instrument.simple.SimpleMeterRegistry();
        Notifications on = new Notifications(new NotifyProperties(List.of(HIGH), Duration.ofMinutes(10), Duration.ofSeconds(5), 3,
                2000, Duration.ofSeconds(10), 1000, Duration.ofSeconds(30), Duration.ofMinutes(10), "test"),
                new com.fasterxml.jackson.databind.ObjectMapper(), meters, null, refusing,
                org.mockito.Mockito.mock(io.logwarden.incident.IncidentService.class));
        Notification page = on.offer(event("opened", Severity.HIGH, 1, null)).get(0);
        assertThat(page.kind()).isEqualTo("opened");
        assertThat(page.outboxId()).as("not stored").isNull();
        assertThat(page.delivery()).isNotBlank();
        assertThat(meters.find("logwarden.notifications").tag("channel", "hook").tag("outcome", "unstored").counter().count()).isEqualTo(1);
        on.sent(page);
        org.mockito.Mockito.verify(refusing, org.mockito.Mockito.never()).done(org.mockito.ArgumentMatchers.anyLong());
        assertThat(meters.find("logwarden.notifications").tag("channel", "hook").tag("outcome", "sent").counter().count()).isEqualTo(1);
    }

    @Test
    void errorsNeverCarryTheUrl() {
        assertThat(Notifications.describe(new java.net.ConnectException("refused by https://hooks.slack.com/services/T0/B0/SECRET")))
                .isEqualTo("ConnectException: refused by <url>");
    }

    /** An outbox that stores nothing: these tests look at the throttle's decisions only. */
    private static NotificationOutbox outbox() {
        NotificationOutbox outbox = org.mockito.Mockito.mock(NotificationOutbox.class);
        org.mockito.Mockito.when(outbox.hold(org.mockito.ArgumentMatchers.anyString(), org.mockito.ArgumentMatchers.anyLong(),
                org.mockito.ArgumentMatchers.anyString(), org.mockito.ArgumentMatchers.anyList(), org.mockito.ArgumentMatchers.any()))
                .thenAnswer(call -> withId(new OutboxEntry("d", call.getArgument(0), call.getArgument(1), call.getArgument(2), "", T0, "test", T0)));
        return outbox;
    }

    private static final java.util.concurrent.atomic.AtomicLong IDS = new java.util.concurrent.atomic.AtomicLong();

    private static OutboxEntry withId(OutboxEntry entry) {
        org.springframework.test.util.ReflectionTestUtils.setField(entry, "id", IDS.incrementAndGet());
        return entry;
    }
}
