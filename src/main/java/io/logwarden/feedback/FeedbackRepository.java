package io.logwarden.feedback;

import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;

import java.util.List;

public interface FeedbackRepository extends JpaRepository<Feedback, Long> {

    List<Feedback> findByAlertIdOrderByIdAsc(long alertId);

    List<Feedback> findByIncidentIdOrderByIdAsc(long incidentId);

    Page<Feedback> findByVerdict(String verdict, Pageable page);
}
