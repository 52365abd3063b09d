package io.logwarden.incident;

import jakarta.persistence.LockModeType;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;
import io.logwarden.alert.Alert;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

public interface IncidentRepository extends JpaRepository<Incident, Long>, JpaSpecificationExecutor<Incident> {

    /** The incident an alert of this group would join: unresolved, last alert at or after the cut-off. */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select i from Incident i where i.groupKey = :key and i.state <> io.logwarden.incident.IncidentState.RESOLVED"
            + " and i.lastSeen >= :since order by i.lastSeen desc")
    List<Incident> joinable(@Param("key") String key, @Param("since") Instant since, Pageable first);

    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("select i from Incident i where i.id = :id")
    Optional<Incident> lockById(@Param("id") long id);

    /** Quiet incidents that may resolve themselves: not resolved, and not snoozed (a snooze that ends reopens). */
    @Query("select i.id from Incident i where i.state <> io.logwarden.incident.IncidentState.RESOLVED"
            + " and i.state <> io.logwarden.incident.IncidentState.SNOOZED and i.lastSeen < :quietSince")
    List<Long> quietSince(@Param("quietSince") Instant quietSince, Pageable batch);

    List<Incident> findByStateNotOrderByLastSeenDesc(IncidentState state, Pageable first);

    @Query("select i.id from Incident i where i.state = io.logwarden.incident.IncidentState.SNOOZED and i.snoozedUntil <= :now")
    List<Long> snoozeOver(@Param("now") Instant now, Pageable batch);

    @Modifying
    @Query("update Alert a set a.incidentId = :incident where a.id = :alert")
    int linkAlert(@Param("alert") long alert, @Param("incident") long incident);

    @Query("select a from Alert a where a.incidentId = :incident order by a.id desc")
    List<Alert> alertsOf(@Param("incident") long incident, Pageable page);
}
