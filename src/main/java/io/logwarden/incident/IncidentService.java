package io.logwarden.incident;

import io.logwarden.alert.Alert;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Incidents as the API and the timers see them. Every state change locks the incident's row, so it
 * never crosses the grouping route's update of the same incident, and is written to the audit trail.
 */
@Service
public class IncidentService {

    /** At most this many of an incident's alerts come with it (newest first); its count says how many there are. */
    public static final int ALERTS_SHOWN = 500;
    private static final int EXPIRY_BATCH = 500;

    private final IncidentRepository incidents;
    private final IncidentAuditRepository audit;
    private final IncidentProperties settings;
    private final Clock clock;

    public IncidentService(IncidentRepository incidents, IncidentAuditRepository audit, IncidentProperties settings) {
        this.incidents = incidents;
        this.audit = audit;
        this.settings = settings;
        this.clock = Clock.systemUTC();
    }

    @Transactional(readOnly = true)
    public Page<Incident> find(IncidentFilter filter, int page, int size) {
        return incidents.findAll(filter.toSpecification(),
                PageRequest.of(page, size, Sort.by(Sort.Order.desc("lastSeen"), Sort.Order.desc("id"))));
    }

    @Transactional(readOnly = true)
    public Optional<Incident> find(long id) {
        return incidents.findById(id);
    }

    /** An incident as a notification shows it (with its sample windows), while it exists. */
    @Transactional(readOnly = true)
    public Optional<IncidentView> view(long id) {
        return incidents.findById(id).map(IncidentView::of);
    }

    /** The newest incidents not resolved yet, as summaries: what notification channels heard of before a restart. */
    @Transactional(readOnly = true)
    public List<IncidentView> unresolved(int limit) {
        return incidents.findByStateNotOrderByLastSeenDesc(IncidentState.RESOLVED, PageRequest.of(0, limit)).stream()
                .map(IncidentView::summary).toList();
    }

    @Transactional(readOnly = true)
    public List<Alert> alertsOf(long id) {
        return incidents.alertsOf(id, PageRequest.of(0, ALERTS_SHOWN));
    }

    /** Up to {@code limit} of an incident's alerts, newest first (feedback on a whole incident). */
    @Transactional(readOnly = true)
    public List<Alert> alertsOf(long id, int limit) {
        return incidents.alertsOf(id, PageRequest.of(0, limit));
    }

    @Transactional(readOnly = true)
    public List<IncidentAudit> auditOf(long id) {
        return audit.findByIncidentIdOrderByIdAsc(id);
    }

    /**
     * Moves one incident; empty when there is no such incident.
     *
     * @throws ResolvedIncident when asked to acknowledge or snooze a resolved incident
     */
    @Transactional
    public Optional<IncidentEvent> move(long id, IncidentState to, Instant snoozeEnd, String actor, String comment) {
        return incidents.lockById(id).map(incident -> {
            IncidentState from = incident.getState();
            if (!movable(from, to)) {
                throw new ResolvedIncident(id, to);
            }
            Instant now = clock.instant();
            incident.moveTo(to, snoozeEnd, now);
            String note = to == IncidentState.SNOOZED ? join("until " + snoozeEnd, comment) : comment;
            audit.save(new IncidentAudit(id, now, action(to), actor, from, to, note));
            return IncidentEvent.of(to, incident, actor);
        });
    }

    /** Records something done to an incident that is not a state change (feedback). */
    @Transactional
    public void note(long id, String action, String actor, String comment) {
        incidents.findById(id).ifPresent(incident -> audit.save(new IncidentAudit(id, clock.instant(), action, actor,
                incident.getState(), incident.getState(), comment)));
    }

    /**
     * Incidents quiet for longer than resolve-after resolve themselves, except snoozed ones; snoozed incidents
     * whose snooze ended open again (and resolve at a later check if still quiet). Called by the timer in
     * routes/incidents.yaml.
     */
    @Transactional
    public List<IncidentEvent> expire() {
        Instant now = clock.instant();
        List<IncidentEvent> events = new ArrayList<>();
        for (Long id : incidents.quietSince(now.minus(settings.resolveAfter()), PageRequest.of(0, EXPIRY_BATCH))) {
            // not while snoozed: a black-box tester's quiet incident, snoozed for longer than resolve-after, resolved
            // itself under the snooze and never came back when it ended
            incidents.lockById(id).filter(i -> i.takesAlerts() && i.getState() != IncidentState.SNOOZED
                            && i.getLastSeen().isBefore(now.minus(settings.resolveAfter())))
                    .ifPresent(incident -> {
                        IncidentState from = incident.getState();
                        incident.moveTo(IncidentState.RESOLVED, null, now);
                        audit.save(new IncidentAudit(id, now, "resolve", Actors.SYSTEM, from, IncidentState.RESOLVED,
                                "no alert for " + settings.resolveAfter()));
                        events.add(IncidentEvent.of(IncidentState.RESOLVED, incident, Actors.SYSTEM));
                    });
        }
        for (Long id : incidents.snoozeOver(now, PageRequest.of(0, EXPIRY_BATCH))) {
            incidents.lockById(id).filter(i -> i.getState() == IncidentState.SNOOZED).ifPresent(incident -> {
                Instant until = incident.getSnoozedUntil();
                incident.moveTo(IncidentState.OPEN, null, now);
                audit.save(new IncidentAudit(id, now, "snooze_end", Actors.SYSTEM, IncidentState.SNOOZED, IncidentState.OPEN,
                        "snoozed until " + until));
                events.add(IncidentEvent.of(IncidentState.OPEN, incident, Actors.SYSTEM));
            });
        }
        return events;
    }

    /**
     * Whether an incident in {@code from} may be moved to {@code to}. A resolved incident takes no new alert, so
     * acknowledging or snoozing it would bring it back without anyone reopening it: a black-box tester's stale
     * client acknowledged a resolved incident, and the same source's next alerts joined it with no page.
     */
    static boolean movable(IncidentState from, IncidentState to) {
        return from != IncidentState.RESOLVED || to == IncidentState.OPEN || to == IncidentState.RESOLVED;
    }

    /** Asked to acknowledge or snooze a resolved incident: reopen it first. */
    public static final class ResolvedIncident extends IllegalStateException {
        private final long id;

        ResolvedIncident(long id, IncidentState to) {
            super("incident " + id + " is resolved; reopen it before you " + action(to) + " it");
            this.id = id;
        }

        public long id() {
            return id;
        }
    }

    private static String action(IncidentState to) {
        return switch (to) {
            case OPEN -> "reopen";
            case ACKNOWLEDGED -> "ack";
            case SNOOZED -> "snooze";
            case RESOLVED -> "resolve";
        };
    }

    private static String join(String a, String b) {
        return b == null || b.isBlank() ? a : a + ": " + b;
    }
}
