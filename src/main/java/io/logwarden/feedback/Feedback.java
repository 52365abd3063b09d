package io.logwarden.feedback;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.logwarden.alert.JsonColumns;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.List;

/** One operator verdict on an alert, an incident or a window that did not alert, kept for audit and for evaluating the model. */
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

    /** A window that did not alert (a missed anomaly): its source, lines and template ids. */
    @Column(length = 4096)
    private String source;

    @Column(name = "first_line")
    private Long firstLine;

    @Column(name = "last_line")
    private Long lastLine;

    @Convert(converter = JsonColumns.IntegerList.class)
    private List<Integer> sequence;

    protected Feedback() {
    }

    /** A verdict on a window that raised no alert. */
    static Feedback onWindow(Instant at, String actor, String model, String comment, String source, long firstLine, long lastLine,
                             List<Integer> sequence, String patterns) {
        Feedback feedback = new Feedback(at, null, null, FeedbackService.ANOMALY, actor, model, comment, patterns);
        feedback.source = source;
        feedback.firstLine = firstLine;
        feedback.lastLine = lastLine;
        feedback.sequence = List.copyOf(sequence);
        return feedback;
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
    /** Written by the service itself as a JSON list, so it is answered as one, not as a string holding JSON. */
    @com.fasterxml.jackson.annotation.JsonRawValue
    public String getPatterns() { return patterns; }
    public String getSource() { return source; }
    public Long getFirstLine() { return firstLine; }
    public Long getLastLine() { return lastLine; }
    public List<Integer> getSequence() { return sequence; }
}
