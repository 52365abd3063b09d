package io.logwarden.incident;

import io.logwarden.scoring.Severity;
import jakarta.persistence.criteria.Predicate;
import org.springframework.data.jpa.domain.Specification;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The filters of GET /api/v1/incidents; every field is optional. The time range keeps incidents that
 * overlap it; the text is searched, case-insensitively, in the incident's templates and sample lines;
 * {@code after} keeps the incidents listed after a cursor's place (newest first: last seen, then id).
 */
public record IncidentFilter(List<IncidentState> states, Severity minSeverity, String source, Instant since,
                             Instant until, String text, IncidentCursor after) {

    Specification<Incident> toSpecification() {
        return (root, query, cb) -> {
            List<Predicate> where = new ArrayList<>();
            if (states != null && !states.isEmpty()) {
                where.add(root.get("state").in(states));
            }
            if (minSeverity != null) {
                where.add(cb.greaterThanOrEqualTo(root.get("severityRank"), minSeverity.ordinal()));
            }
            if (source != null) {
                where.add(cb.equal(root.get("source"), source));
            }
            if (since != null) {
                where.add(cb.greaterThanOrEqualTo(root.get("lastSeen"), since));
            }
            if (until != null) {
                where.add(cb.lessThan(root.get("firstSeen"), until));
            }
            if (text != null) {
                String pattern = "%" + text.toLowerCase(Locale.ROOT).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
                where.add(cb.like(root.get("searchText"), pattern, '\\'));
            }
            if (after != null) {
                where.add(cb.or(cb.lessThan(root.get("lastSeen"), after.lastSeen()),
                        cb.and(cb.equal(root.get("lastSeen"), after.lastSeen()), cb.lessThan(root.get("id"), after.id()))));
            }
            return cb.and(where.toArray(Predicate[]::new));
        };
    }
}
