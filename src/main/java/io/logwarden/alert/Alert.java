package io.logwarden.alert;

import io.logwarden.parse.KubernetesLogPath;
import io.logwarden.scoring.Prediction;
import io.logwarden.scoring.Severity;
import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A stored alert: the window that scored above the alert threshold, with everything that explains it. */
@Entity
@Table(name = "alert")
public class Alert {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(nullable = false)
    private String source;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private Severity severity;

    @Column(nullable = false)
    private double score;

    @Convert(converter = JsonColumns.IntegerList.class)
    @Column(nullable = false)
    private List<Integer> sequence;

    @Convert(converter = JsonColumns.StringList.class)
    @Column(nullable = false)
    private List<String> templates;

    @Convert(converter = JsonColumns.StringList.class)
    @Column(name = "sample_lines", nullable = false)
    private List<String> sampleLines;

    @Column(name = "first_line")
    private long firstLine;

    @Column(name = "last_line")
    private long lastLine;

    private String scorer;

    private String reason;

    @Convert(converter = JsonColumns.PredictionList.class)
    private List<Prediction> expected;

    @Column(nullable = false)
    private boolean acknowledged;

    @Column(name = "acknowledged_at")
    private Instant acknowledgedAt;

    /** The incident this alert belongs to (io.logwarden.incident), set right after the alert is stored. */
    @Column(name = "incident_id")
    private Long incidentId;
    /** SHA-256 of the judged line's origin (source, file identity, line); unique, so a replayed line stores no second alert. Null for uploads. */
    @Column(name = "idempotency_key", length = 64, unique = true)
    private String idempotencyKey;

    protected Alert() {
    }

    public Alert(Instant createdAt, String source, Severity severity, double score, List<Integer> sequence,
                 List<String> templates, List<String> sampleLines, long firstLine, long lastLine, String scorer,
                 String reason, List<Prediction> expected) {
        this.createdAt = createdAt;
        this.source = Columns.fit(source, Columns.TEXT);
        this.severity = severity;
        this.score = score;
        this.sequence = sequence;
        this.templates = templates;
        this.sampleLines = sampleLines;
        this.firstLine = firstLine;
        this.lastLine = lastLine;
        this.scorer = Columns.fit(scorer, Columns.NAME);
        this.reason = Columns.fit(reason, Columns.TEXT);
        this.expected = expected;
    }

    /** The same alert as a new row: what a retry stores after an attempt whose transaction did not commit. */
    public Alert unsaved() {
        return new Alert(createdAt, source, severity, score, sequence, templates, sampleLines, firstLine, lastLine, scorer,
                reason, expected).withIdempotencyKey(idempotencyKey);
    }

    public Alert withIdempotencyKey(String key) {
        this.idempotencyKey = key;
        return this;
    }

    public void acknowledge(Instant when) {
        if (!acknowledged) {
            acknowledged = true;
            acknowledgedAt = when;
        }
    }

    public void assignIncident(long incident) {
        incidentId = incident;
    }

    public Long getId() { return id; }
    public Instant getCreatedAt() { return createdAt; }
    public String getSource() { return source; }
    public Severity getSeverity() { return severity; }
    public double getScore() { return score; }
    public List<Integer> getSequence() { return sequence; }
    public List<String> getTemplates() { return templates; }
    public List<String> getSampleLines() { return sampleLines; }
    public long getFirstLine() { return firstLine; }
    public long getLastLine() { return lastLine; }
    public String getScorer() { return scorer; }
    public String getReason() { return reason; }
    public List<Prediction> getExpected() { return expected; }
    public boolean isAcknowledged() { return acknowledged; }
    public Instant getAcknowledgedAt() { return acknowledgedAt; }
    public Long getIncidentId() { return incidentId; }
    public String getIdempotencyKey() { return idempotencyKey; }

    /**
     * namespace, pod and container when the source is a kubelet container log, else null (left out of the JSON).
     * Derived from the source on every read rather than stored, so alerts stored before labels existed have them too.
     */
    public Map<String, String> getLabels() {
        return KubernetesLogPath.labelsOfSource(source);
    }
}
