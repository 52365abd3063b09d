package io.logwarden.alert;

import io.logwarden.model.Score;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.time.Instant;
import java.util.Optional;

/** Alerts as the routes and the REST API see them; the routes store them through the jpa: endpoint. */
@Service
public class AlertService {

    private final AlertRepository repository;

    public AlertService(AlertRepository repository) {
        this.repository = repository;
    }

    /** Called by the alert route before the jpa: endpoint persists the entity. */
    public Alert toEntity(Score score) {
        return new Alert(score.timestamp(), score.source(), score.severity(), score.score(), score.sequence(),
                score.templates(), score.sampleLines(), score.firstLine(), score.lastLine(), score.scorer(),
                score.reason(), score.expected());
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
