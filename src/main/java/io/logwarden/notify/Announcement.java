package io.logwarden.notify;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** A channel was told of an incident ("opened" decided); see {@link NotificationOutbox#announce}. */
@Entity
@Table(name = "notification_announced")
public class Announcement {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false)
    private String channel;

    @Column(name = "incident_id", nullable = false)
    private long incidentId;

    @Column(nullable = false)
    private Instant at;

    protected Announcement() {
    }

    Announcement(String channel, long incidentId, Instant at) {
        this.channel = channel;
        this.incidentId = incidentId;
        this.at = at;
    }

    public String getChannel() { return channel; }
    public long getIncidentId() { return incidentId; }
}
