package io.logwarden.notify;

import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;

import java.util.List;

public interface NotificationDeadLetterRepository extends JpaRepository<NotificationDeadLetter, Long> {

    List<NotificationDeadLetter> findAllByOrderByIdDesc(Pageable page);

    long countByChannel(String channel);
}
