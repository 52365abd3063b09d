package io.logwarden.incident;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** One line of an incident's audit trail: who did what, when, from which state to which, and why. */
@Entity
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@Table(name = "incident_audit")
public class IncidentAudit {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "incident_id", nullable = false)
    private long incidentId;

    @Column(nullable = false)
    private Instant at;

    @Column(nullable = false)
    private String action;

    @Column(nullable = false)
    private String actor;

    @Enumerated(EnumType.STRING)
    @Column(name = "from_state")
    private IncidentState fromState;

    @Enumerated(EnumType.STRING)
    @Column(name = "to_state")
    private IncidentState toState;

    private String comment;

    protected IncidentAudit() {
    }

    public IncidentAudit(long incidentId, Instant at, String action, String actor, IncidentState fromState,
                         IncidentState toState, String comment) {
        this.incidentId = incidentId;
        this.at = at;
        this.action = action;
        this.actor = actor;
        this.fromState = fromState;
        this.toState = toState;
        this.comment = comment;
    }

    public Long getId() { return id; }
    public long getIncidentId() { return incidentId; }
    public Instant getAt() { return at; }
    public String getAction() { return action; }
    public String getActor() { return actor; }
    public IncidentState getFromState() { return fromState; }
    public IncidentState getToState() { return toState; }
    public String getComment() { return comment; }
}
