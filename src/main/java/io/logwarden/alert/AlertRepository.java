package io.logwarden.alert;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

import java.time.Instant;
import java.util.List;

public interface AlertRepository extends JpaRepository<Alert, Long>, JpaSpecificationExecutor<Alert> {

    boolean existsByIdempotencyKey(String idempotencyKey);

    java.util.Optional<Alert> findByIdempotencyKey(String idempotencyKey);

    @Query("select new io.logwarden.alert.StoredScore(a.source, a.createdAt, a.score, a.severity) from Alert a"
            + " where a.createdAt >= :from and a.createdAt < :to")
    List<StoredScore> scoresBetween(@Param("from") Instant from, @Param("to") Instant to);
}
