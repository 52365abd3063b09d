package io.logwarden.incident;

import org.springframework.data.jpa.repository.JpaRepository;

import java.util.List;

public interface IncidentAuditRepository extends JpaRepository<IncidentAudit, Long> {

    List<IncidentAudit> findByIncidentIdOrderByIdAsc(long incidentId);
}
