package io.logwarden.alert;

import io.logwarden.scoring.Score;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.time.Instant;
import java.util.Optional;

/** Alerts as the routes and the REST API see them; the routes store them through {@link #store}. */
@Service
public class AlertService {

    private final AlertRepository repository;
    private final Counter replayed;
    private final Counter recovered;

    public AlertService(AlertRepository repository, ObjectProvider<MeterRegistry> meters) {
        this.repository = repository;
        MeterRegistry registry = meters.getIfAvailable();
        this.replayed = registry == null ? null : Counter.builder("logwarden.alerts.replayed")
                .description("Alerts of lines read again after a restart that were already stored (neither stored nor announced again)")
                .register(registry);
        this.recovered = registry == null ? null : Counter.builder("logwarden.alerts.recovered")
                .description("Alerts of lines read again after a crash that were stored but never grouped or announced"
                        + " (the run died in between): grouped and announced now, not stored again")
                .register(registry);
    }

    /** Called by the alert route before {@link #store} persists the entity. */
    public Alert toEntity(Score score) {
        return toEntity(score, null);
    }

    /** The entity with the idempotency key of the line it judges (null for uploads, which are never replayed). */
    public Alert toEntity(Score score, String idempotencyKey) {
        return new Alert(score.timestamp(), score.source(), score.severity(), score.score(), score.sequence(),
                score.templates(), score.sampleLines(), score.firstLine(), score.lastLine(), score.scorer(),
                score.reason(), score.expected()).withIdempotencyKey(idempotencyKey);
    }

    /**
     * Stores the alert once (route persist-alert). The database may drop its connection in the middle of the insert
     * or of the commit, and routes/errors.yaml then calls this again with the same alert: each attempt persists a
     * fresh copy (the failed attempt's entity holds the id it was given, and persisting it again fails as
     * "detached"), and an alert whose commit went through before the answer was lost is found by its idempotency
     * key and returned, not stored twice.
     */
    @Transactional
    public Alert store(Alert alert) {
        if (alert.getIdempotencyKey() != null) {
            Optional<Alert> stored = repository.findByIdempotencyKey(alert.getIdempotencyKey());
            if (stored.isPresent()) {
                return stored.get();
            }
        }
        return repository.save(alert.unsaved());
    }

    /**
     * Whether this alert's line was stored by a run that died before grouping and announcing it (kill -9 between
     * the commit and the incident): stored, but in no incident. Such an alert is grouped and announced now, once.
     */
    @Transactional(readOnly = true)
    public boolean storedButNotAnnounced(Alert alert) {
        return alert.getIdempotencyKey() != null && repository.findByIdempotencyKey(alert.getIdempotencyKey())
                .filter(stored -> stored.getIncidentId() == null).isPresent();
    }

    /**
     * The stored alert with this alert's idempotency key (its id is the one to announce); called for a line whose
     * alert was {@linkplain #storedButNotAnnounced stored but never announced}, so it counts one recovered alert.
     */
    @Transactional(readOnly = true)
    public Alert stored(Alert alert) {
        if (recovered != null) {
            recovered.increment();
        }
        return repository.findByIdempotencyKey(alert.getIdempotencyKey()).orElse(alert);
    }

    /** Whether an alert with this alert's idempotency key is stored already (its line was read again after a restart). */
    @Transactional(readOnly = true)
    public boolean alreadyStored(Alert alert) {
        boolean stored = alert.getIdempotencyKey() != null && repository.existsByIdempotencyKey(alert.getIdempotencyKey());
        if (stored && replayed != null) {
            replayed.increment();
        }
        return stored;
    }

    @Transactional(readOnly = true)
    public Page<Alert> find(AlertFilter filter, int page, int size) {
        return repository.findAll(filter.toSpecification(), PageRequest.of(page, size, Sort.by(Sort.Direction.DESC, "id")));
    }

    @Transactional(readOnly = true)
    public Optional<Alert> find(long id) {
        return repository.findById(id);
    }

    @Transactional
    public Optional<Alert> acknowledge(long id) {
        return repository.findById(id).map(alert -> {
            alert.acknowledge(Instant.now());
            return alert;
        });
    }
}
