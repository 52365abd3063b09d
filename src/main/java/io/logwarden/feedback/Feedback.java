package io.logwarden.feedback;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** One operator verdict on an alert or an incident, kept for audit and for evaluating the model. */
@Entity
@Table(name = "feedback")
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public class Feedback {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false)
    private Instant at;

    @Column(name = "alert_id")
    private Long alertId;

    @Column(name = "incident_id")
    private Long incidentId;

    @Column(nullable = false)
    private String verdict;

    @Column(nullable = false)
    private String actor;

    @Column(nullable = false)
    private String model;

    private String comment;

    /** The transitions concerned, as "previous>template" id pairs (JSON list). */
    @Column(nullable = false)
    private String patterns;

    protected Feedback() {
    }

    public Feedback(Instant at, Long alertId, Long incidentId, String verdict, String actor, String model, String comment,
                    String patterns) {
        this.at = at;
        this.alertId = alertId;
        this.incidentId = incidentId;
        this.verdict = verdict;
        this.actor = actor;
        this.model = model;
        this.comment = comment;
        this.patterns = patterns;
    }

    public Long getId() { return id; }
    public Instant getAt() { return at; }
    public Long getAlertId() { return alertId; }
    public Long getIncidentId() { return incidentId; }
    public String getVerdict() { return verdict; }
    public String getActor() { return actor; }
    public String getModel() { return model; }
    public String getComment() { return comment; }
    public String getPatterns() { return patterns; }
}
