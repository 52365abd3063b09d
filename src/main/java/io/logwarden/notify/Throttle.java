package io.logwarden.notify;

import io.logwarden.incident.IncidentEvent;
import io.logwarden.incident.IncidentView;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * At most one message per incident and channel per interval. The first event an incident sends to a
 * channel (once its severity reaches the channel's minimum) goes at once; an escalation goes at once when
 * the interval since the last message is over; everything else waits and leaves as one digest when it is.
 * Not thread-safe: {@link Notifications} serialises access.
 */
final class Throttle {

    /** Incidents remembered per channel; the least recently notified are forgotten first. */
    static final int MAX_TRACKED = 10_000;

    private final Duration interval;
    private final Map<String, Tracked> tracked = new LinkedHashMap<>(16, 0.75f, true);

    private static final class Tracked {
        Instant lastSent;
        IncidentView latest;
        final List<String> pending = new ArrayList<>();
        /** The stored outbox entry of the digest being collected, once there is one. */
        OutboxEntry digest;
    }

    Throttle(Duration interval) {
        this.interval = interval;
    }

    /**
     * After a restart: an incident not resolved whose severity reached the channel's minimum was announced
     * by the run before (or its message waits in the outbox), so its next event is not "opened" again.
     */
    void seed(NotifyProperties.Channel channel, IncidentView incident, Instant now) {
        String key = channel.name() + "/" + incident.id();
        if (incident.severity().ordinal() >= channel.minSeverity().ordinal() && !tracked.containsKey(key)) {
            Tracked state = new Tracked();
            state.lastSent = now;
            state.latest = incident;
            tracked.put(key, state);
            evict();
        }
    }

    /** When the digest an incident is collecting for a channel is due, while it has no stored entry yet; else null. */
    Instant unstoredDigestDue(String channel, long incident) {
        Tracked state = tracked.get(channel + "/" + incident);
        return state == null || state.pending.isEmpty() || state.digest != null ? null : state.lastSent.plus(interval);
    }

    /**
     * What a stored digest should say now, when the event just kept for it is of a kind it did not hold yet
     * ("escalated" after "updated"); else null. A stop then leaves a digest that names every kind of change (a
     * black-box tester's digest resent after a stop said only "updated", its escalation lost), for a write
     * per kind rather than per event.
     */
    List<String> newKindInStoredDigest(String channel, long incident) {
        Tracked state = tracked.get(channel + "/" + incident);
        if (state == null || state.digest == null || state.pending.isEmpty()) {
            return null;
        }
        String last = state.pending.get(state.pending.size() - 1);
        return state.pending.indexOf(last) == state.pending.size() - 1 ? compress(state.pending) : null;
    }

    /** The message that told the channel of the incident was lost: its next event is "opened" again. */
    void forget(String channel, long incident) {
        tracked.remove(channel + "/" + incident);
    }

    Long storedDigestId(String channel, long incident) {
        Tracked state = tracked.get(channel + "/" + incident);
        return state == null || state.digest == null ? null : state.digest.getId();
    }

    void storedDigest(String channel, long incident, OutboxEntry entry) {
        Tracked state = tracked.get(channel + "/" + incident);
        if (state != null) {
            state.digest = entry;
        }
    }

    /**
     * The incident was snoozed: what it collected for the digest is not sent (the person who snoozed it does
     * not want to hear of it until the snooze ends; a black-box tester got the digest of the minutes before the
     * snooze during it). Returns the digest's stored entry to delete, or null.
     */
    OutboxEntry dropPending(String channel, long incident) {
        Tracked state = tracked.get(channel + "/" + incident);
        if (state == null) {
            return null;
        }
        state.pending.clear();
        OutboxEntry entry = state.digest;
        state.digest = null;
        return entry;
    }

    /** The stored digest an escalation sent at once made pointless (its updates are in the escalation), or null. */
    OutboxEntry supersededDigest(String channel, long incident) {
        Tracked state = tracked.get(channel + "/" + incident);
        if (state == null || !state.pending.isEmpty()) {
            return null;
        }
        OutboxEntry entry = state.digest;
        state.digest = null;
        return entry;
    }

    /** The kind of message to send now (opened, escalated), or null when the event waits for the digest. */
    String offer(NotifyProperties.Channel channel, IncidentEvent event, Instant now) {
        String key = channel.name() + "/" + event.incident().id();
        Tracked state = tracked.get(key);
        boolean severeEnough = event.incident().severity().ordinal() >= channel.minSeverity().ordinal();
        if (state == null) {
            if (!severeEnough || "resolved".equals(event.event())) {
                return null;
            }
            state = new Tracked();
            state.lastSent = now;
            state.latest = event.incident();
            tracked.put(key, state);
            evict();
            return "opened";
        }
        state.latest = event.incident();
        if (IncidentEvent.ESCALATED.equals(event.event()) && !now.isBefore(state.lastSent.plus(interval))) {
            state.lastSent = now;
            state.pending.clear();
            return IncidentEvent.ESCALATED;
        }
        state.pending.add(event.event());
        return null;
    }

    /** Digests whose interval is over, as (channel name, incident, events); resolved incidents are then forgotten. */
    List<Digest> due(Instant now) {
        List<Digest> due = new ArrayList<>();
        Iterator<Map.Entry<String, Tracked>> entries = tracked.entrySet().iterator();
        while (entries.hasNext()) {
            Map.Entry<String, Tracked> entry = entries.next();
            Tracked state = entry.getValue();
            if (!state.pending.isEmpty() && !now.isBefore(state.lastSent.plus(interval))) {
                due.add(new Digest(entry.getKey().substring(0, entry.getKey().lastIndexOf('/')), state.latest,
                        compress(state.pending), state.digest));
                state.pending.clear();
                state.digest = null;
                state.lastSent = now;
            }
            if (state.pending.isEmpty() && state.latest.resolvedAt() != null) {
                entries.remove();
            }
        }
        return due;
    }

    int pending() {
        return (int) tracked.values().stream().filter(t -> !t.pending.isEmpty()).count();
    }

    /** "updated x28, escalated" rather than 29 words. */
    private static List<String> compress(List<String> events) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        events.forEach(e -> counts.merge(e, 1, Integer::sum));
        List<String> out = new ArrayList<>();
        counts.forEach((event, count) -> out.add(count == 1 ? event : event + " x" + count));
        return out;
    }

    private void evict() {
        Iterator<String> oldest = tracked.keySet().iterator();
        while (tracked.size() > MAX_TRACKED && oldest.hasNext()) {
            oldest.next();
            oldest.remove();
        }
    }

    /** {@code stored}: its outbox entry, or null when it has none (a unit test's throttle). */
    record Digest(String channel, IncidentView incident, List<String> events, OutboxEntry stored) {
    }
}
