package io.logwarden.notify;

import io.logwarden.settings.LogwardenProperties;
import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Messages decided but not yet delivered, stored (table notification_outbox) so that a stop, a crash or a
 * full send queue loses none: an entry is written before its message is queued (or when a digest starts
 * collecting updates) and deleted once the message is sent or dead-lettered. What this instance holds in
 * memory (queued, being retried, a digest collecting) is left alone; everything else of its own, which at
 * start is all an earlier run left, is taken again by {@link #claim}, as is the share of a replica that has
 * not looked at the outbox for the claim time (it renews its claims at every look while it lives). A message can therefore arrive twice (sent, then the stop before it was marked): it carries
 * the same delivery id both times, so a receiver drops the repeat.
 */
@Component
public class NotificationOutbox {

    private final OutboxRepository entries;
    private final AnnouncementRepository announcements;
    private final Duration claim;
    private final String instance;
    private final Set<Long> held = ConcurrentHashMap.newKeySet();
    private final Clock clock = Clock.systemUTC();

    public NotificationOutbox(OutboxRepository entries, AnnouncementRepository announcements, NotifyProperties settings,
                              LogwardenProperties service) {
        this.entries = entries;
        this.announcements = announcements;
        this.claim = settings.claim();
        this.instance = settings.instance().isBlank() ? hostName() + ":" + service.dataDir().toAbsolutePath().normalize()
                : settings.instance();
    }

    /** The name this instance's entries carry. */
    public String instance() {
        return instance;
    }

    /** Stores a new message before it is queued; {@code sendBy}: when it is due (a digest's end of interval). */
    @Transactional
    public OutboxEntry hold(String channel, long incidentId, String kind, List<String> events, Instant sendBy) {
        Instant now = clock.instant();
        OutboxEntry entry = entries.save(new OutboxEntry(UUID.randomUUID().toString(), channel, incidentId, kind,
                String.join(", ", events), now, instance, (sendBy.isAfter(now) ? sendBy : now).plus(claim)));
        held.add(entry.getId());
        return entry;
    }

    /** A digest leaves: what it says now, and the claim renewed for its sending and retries. */
    public void refresh(long id, List<String> events) {
        entries.refresh(id, String.join(", ", events), clock.instant().plus(claim));
    }

    /** Sent or dead-lettered: gone from the outbox. */
    public void done(long id) {
        entries.remove(id);
        held.remove(id);
    }

    /** Not queued (the send queue was full): stays stored, and the next {@link #claim} takes it again. */
    public void release(long id) {
        held.remove(id);
    }

    /**
     * Entries to queue again, at most {@code max}: this instance's that it does not hold (a full queue, or
     * an earlier run's), and other instances' whose claim ran out. Each is claimed in its own transaction,
     * so two replicas never take the same one.
     */
    public List<OutboxEntry> claim(int max) {
        Instant now = clock.instant();
        // what this instance still holds (a long queue behind a failing channel) stays its own while it lives
        entries.renew(instance, now.plus(claim));
        List<OutboxEntry> taken = new ArrayList<>();
        for (OutboxEntry entry : entries.claimable(instance, now, PageRequest.of(0, Math.min(max + held.size(), 20_000)))) {
            if (taken.size() >= max) {
                break;
            }
            if (!held.contains(entry.getId()) && entries.claim(entry.getId(), instance, now, now.plus(claim)) == 1) {
                held.add(entry.getId());
                taken.add(entry);
            }
        }
        return taken;
    }

    /** Remembers that a channel was told of an incident ("opened"), once: read at the next start ({@link #announced}). */
    public void announce(String channel, long incidentId) {
        if (!announcements.existsByChannelAndIncidentId(channel, incidentId)) {
            try {
                announcements.save(new Announcement(channel, incidentId, clock.instant()));
            } catch (org.springframework.dao.DataIntegrityViolationException e) {
                // another replica announced it meanwhile: once is what counts
            }
        }
    }

    /** The channel was not told after all (its "opened" was lost): the next start must not count it as told. */
    public void unannounce(String channel, long incidentId) {
        announcements.deleteByChannelAndIncidentId(channel, incidentId);
    }

    /** "channel/incident" of the incidents not resolved that these channels were told of. */
    public Set<String> announced(java.util.Collection<String> channels) {
        Set<String> told = new java.util.HashSet<>();
        announcements.ofOpenIncidents(channels).forEach(a -> told.add(a.getChannel() + "/" + a.getIncidentId()));
        return told;
    }

    /** Messages stored and not delivered yet, this instance's and others'. */
    public long size() {
        return entries.count();
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
