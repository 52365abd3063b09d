package io.logwarden.notify;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** A notification that failed after every retry: which channel, which incident, why (no URL, no secret). */
@Entity
@Table(name = "notification_dead_letter")
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public class NotificationDeadLetter {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false)
    private Instant at;

    @Column(nullable = false)
    private String channel;

    @Column(name = "incident_id")
    private Long incidentId;

    @Column(nullable = false)
    private String event;

    @Column(nullable = false)
    private int attempts;

    @Column(nullable = false)
    private String error;

    protected NotificationDeadLetter() {
    }

    public NotificationDeadLetter(Instant at, String channel, Long incidentId, String event, int attempts, String error) {
        this.at = at;
        this.channel = channel;
        this.incidentId = incidentId;
        this.event = event;
        this.attempts = attempts;
        this.error = error;
    }

    public Long getId() { return id; }
    public Instant getAt() { return at; }
    public String getChannel() { return channel; }
    public Long getIncidentId() { return incidentId; }
    public String getEvent() { return event; }
    public int getAttempts() { return attempts; }
    public String getError() { return error; }
}
