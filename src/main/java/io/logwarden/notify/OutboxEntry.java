package io.logwarden.notify;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** One message not yet delivered: kept until it is sent or dead-lettered (see {@link NotificationOutbox}). */
@Entity
@Table(name = "notification_outbox")
public class OutboxEntry {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "delivery_id", nullable = false)
    private String deliveryId;

    @Column(nullable = false)
    private String channel;

    @Column(name = "incident_id", nullable = false)
    private long incidentId;

    @Column(nullable = false)
    private String kind;

    /** For a digest: what happened since the last message, comma-separated ("updated x28, escalated"). */
    @Column(nullable = false)
    private String events;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(nullable = false)
    private String owner;

    @Column(name = "claimed_until", nullable = false)
    private Instant claimedUntil;

    protected OutboxEntry() {
    }

    OutboxEntry(String deliveryId, String channel, long incidentId, String kind, String events, Instant createdAt,
                String owner, Instant claimedUntil) {
        this.deliveryId = deliveryId;
        this.channel = channel;
        this.incidentId = incidentId;
        this.kind = kind;
        this.events = events;
        this.createdAt = createdAt;
        this.owner = owner;
        this.claimedUntil = claimedUntil;
    }

    public Long getId() { return id; }
    public String getDeliveryId() { return deliveryId; }
    public String getChannel() { return channel; }
    public long getIncidentId() { return incidentId; }
    public String getKind() { return kind; }
    public String getEvents() { return events; }
    public Instant getCreatedAt() { return createdAt; }
    public String getOwner() { return owner; }
    public Instant getClaimedUntil() { return claimedUntil; }
}
