package io.logwarden.notify;

import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;

import java.util.Collection;
import java.util.List;

public interface AnnouncementRepository extends JpaRepository<Announcement, Long> {

    boolean existsByChannelAndIncidentId(String channel, long incidentId);

    @org.springframework.transaction.annotation.Transactional
    long deleteByChannelAndIncidentId(String channel, long incidentId);

    /** The announcements of incidents not resolved yet, to these channels. */
    @Query("select a from Announcement a join Incident i on i.id = a.incidentId"
            + " where i.state <> io.logwarden.incident.IncidentState.RESOLVED and a.channel in :channels")
    List<Announcement> ofOpenIncidents(@Param("channels") Collection<String> channels);
}
