package io.logwarden.alert;

import io.logwarden.scoring.Severity;
import org.springframework.data.jpa.domain.Specification;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The filters of GET /api/v1/alerts; every field is optional. */
public record AlertFilter(List<Severity> severities, String source, Instant since, Instant until, Long afterId,
                          Boolean acknowledged) {

    Specification<Alert> toSpecification() {
        return (root, query, cb) -> {
            List<jakarta.persistence.criteria.Predicate> where = new ArrayList<>();
            if (severities != null && !severities.isEmpty()) {
                where.add(root.get("severity").in(severities));
            }
            if (source != null && !source.isBlank()) {
                where.add(cb.equal(root.get("source"), source));
            }
            if (since != null) {
                where.add(cb.greaterThanOrEqualTo(root.get("createdAt"), since));
            }
            if (until != null) {
                where.add(cb.lessThan(root.get("createdAt"), until));
            }
            if (afterId != null) {
                where.add(cb.greaterThan(root.get("id"), afterId));
            }
            if (acknowledged != null) {
                where.add(cb.equal(root.get("acknowledged"), acknowledged));
            }
            return cb.and(where.toArray(jakarta.persistence.criteria.Predicate[]::new));
        };
    }
}
