package io.logwarden.notify;

import org.springframework.data.domain.Pageable;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Modifying;
import org.springframework.data.jpa.repository.Query;
import org.springframework.data.repository.query.Param;
import org.springframework.transaction.annotation.Transactional;

import java.time.Instant;
import java.util.List;

public interface OutboxRepository extends JpaRepository<OutboxEntry, Long> {

    /** Ours (left by an earlier run of this instance) or given up by an owner whose claim ran out. */
    @Query("select e from OutboxEntry e where e.owner = :me or e.claimedUntil < :now order by e.id")
    List<OutboxEntry> claimable(@Param("me") String me, @Param("now") Instant now, Pageable batch);

    /** Takes one entry unless another replica took it first: 1 when it is ours now. */
    @Transactional
    @Modifying
    @Query("update OutboxEntry e set e.owner = :me, e.claimedUntil = :until where e.id = :id"
            + " and (e.owner = :me or e.claimedUntil < :now)")
    int claim(@Param("id") long id, @Param("me") String me, @Param("now") Instant now, @Param("until") Instant until);

    /** This instance is alive: its claims run until {@code until} (never shortened). */
    @Transactional
    @Modifying
    @Query("update OutboxEntry e set e.claimedUntil = :until where e.owner = :me and e.claimedUntil < :until")
    int renew(@Param("me") String me, @Param("until") Instant until);

    @Transactional
    @Modifying
    @Query("update OutboxEntry e set e.events = :events, e.claimedUntil = :until where e.id = :id")
    int refresh(@Param("id") long id, @Param("events") String events, @Param("until") Instant until);

    @Transactional
    @Modifying
    @Query("delete from OutboxEntry e where e.id = :id")
    int remove(@Param("id") long id);

    long countByChannel(String channel);
}
