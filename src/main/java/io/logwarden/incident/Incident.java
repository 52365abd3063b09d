package io.logwarden.incident;

import com.fasterxml.jackson.core.type.TypeReference;
import io.logwarden.alert.Alert;
import io.logwarden.alert.JsonColumns;
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
import jakarta.persistence.Transient;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Alerts of one storm: same group (source or window key), each within the grouping gap of the previous.
 * Keeps counts, the worst severity and score, the distinct templates that broke and a few sample windows,
 * so that listing incidents never reads their alerts.
 */
@Entity
@Table(name = "incident")
public class Incident {

    /** Text search reads this column; bounded so one incident cannot grow it without limit. */
    static final int MAX_SEARCH_TEXT = 16_000;

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "group_key", nullable = false)
    private String groupKey;

    @Column(nullable = false)
    private String source;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private IncidentState state;

    @Column(name = "snoozed_until")
    private Instant snoozedUntil;

    @Column(name = "first_seen", nullable = false)
    private Instant firstSeen;

    @Column(name = "last_seen", nullable = false)
    private Instant lastSeen;

    @Column(name = "alert_count", nullable = false)
    private long alertCount;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private Severity severity;

    @Column(name = "severity_rank", nullable = false)
    private int severityRank;

    @Column(name = "highest_score", nullable = false)
    private double highestScore;

    @Convert(converter = JsonColumns.StringList.class)
    @Column(nullable = false)
    private List<String> templates = new ArrayList<>();

    /** JSON text, parsed only when asked for: listing incidents never needs the sample windows. */
    @Column(name = "sample_windows", nullable = false)
    private String sampleWindowsJson = "[]";

    @Transient
    private List<SampleWindow> sampleWindows;

    @Column(name = "search_text", nullable = false)
    private String searchText = "";

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @Column(name = "resolved_at")
    private Instant resolvedAt;

    protected Incident() {
    }

    /** A new incident opened by its first alert. */
    static Incident open(String groupKey, Alert first, int maxSamples, int maxTemplates) {
        Incident incident = new Incident();
        incident.groupKey = groupKey;
        incident.source = first.getSource();
        incident.state = IncidentState.OPEN;
        incident.firstSeen = first.getCreatedAt();
        incident.lastSeen = first.getCreatedAt();
        incident.severity = first.getSeverity();
        incident.severityRank = first.getSeverity().ordinal();
        incident.highestScore = first.getScore();
        incident.add(first, maxSamples, maxTemplates);
        return incident;
    }

    /** Counts one more alert; answers whether it raised the incident's severity. */
    boolean add(Alert alert, int maxSamples, int maxTemplates) {
        boolean escalated = alert.getSeverity().ordinal() > severityRank;
        alertCount++;
        if (alert.getCreatedAt().isAfter(lastSeen)) {
            lastSeen = alert.getCreatedAt();
        }
        if (escalated) {
            severity = alert.getSeverity();
            severityRank = severity.ordinal();
        }
        highestScore = Math.max(highestScore, alert.getScore());
        String breaking = breakingTemplate(alert);
        boolean changed = false;
        if (breaking != null && !templates.contains(breaking) && templates.size() < maxTemplates) {
            templates = append(templates, breaking);
            changed = true;
        }
        changed |= keepSample(alert, maxSamples);
        if (changed) {
            searchText = searchText();
        }
        updatedAt = alert.getCreatedAt();
        return escalated;
    }

    /** The template of the judged line: the last of the window. */
    static String breakingTemplate(Alert alert) {
        List<String> windowTemplates = alert.getTemplates();
        return windowTemplates == null || windowTemplates.isEmpty() ? null : windowTemplates.get(windowTemplates.size() - 1);
    }

    /** Keeps the first window and, beside it, the highest-scoring ones (the earliest on ties). */
    private boolean keepSample(Alert alert, int maxSamples) {
        List<SampleWindow> sampleWindows = getSampleWindows();
        SampleWindow sample = new SampleWindow(alert.getId() == null ? 0 : alert.getId(), alert.getScore(), alert.getSeverity(),
                alert.getFirstLine(), alert.getLastLine(), alert.getTemplates(), alert.getSampleLines(), alert.getReason());
        if (sampleWindows.size() < maxSamples) {
            setSampleWindows(append(sampleWindows, sample));
            return true;
        }
        if (sampleWindows.size() < 2) {
            return false;
        }
        List<SampleWindow> rest = new ArrayList<>(sampleWindows.subList(1, sampleWindows.size()));
        SampleWindow lowest = rest.stream().min(Comparator.comparingDouble(SampleWindow::score)).orElseThrow();
        if (sample.score() <= lowest.score()) {
            return false;
        }
        List<SampleWindow> kept = new ArrayList<>(sampleWindows);
        kept.remove(lowest);
        kept.add(sample);
        setSampleWindows(kept);
        return true;
    }

    private String searchText() {
        StringBuilder text = new StringBuilder();
        templates.forEach(t -> text.append(t).append('\n'));
        for (SampleWindow sample : getSampleWindows()) {
            sample.lines().forEach(l -> text.append(l).append('\n'));
        }
        String lower = text.toString().toLowerCase(Locale.ROOT);
        return lower.length() > MAX_SEARCH_TEXT ? lower.substring(0, MAX_SEARCH_TEXT) : lower;
    }

    private static <T> List<T> append(List<T> list, T value) {
        List<T> copy = new ArrayList<>(list);
        copy.add(value);
        return copy;
    }

    /** Moves to another state; snoozedUntil only for SNOOZED. */
    void moveTo(IncidentState next, Instant snoozeEnd, Instant now) {
        state = next;
        snoozedUntil = next == IncidentState.SNOOZED ? snoozeEnd : null;
        resolvedAt = next == IncidentState.RESOLVED ? now : null;
        updatedAt = now;
    }

    boolean takesAlerts() {
        return state != IncidentState.RESOLVED;
    }

    public Long getId() { return id; }
    public String getGroupKey() { return groupKey; }
    public String getSource() { return source; }
    public IncidentState getState() { return state; }
    public Instant getSnoozedUntil() { return snoozedUntil; }
    public Instant getFirstSeen() { return firstSeen; }
    public Instant getLastSeen() { return lastSeen; }
    public long getAlertCount() { return alertCount; }
    public Severity getSeverity() { return severity; }
    public double getHighestScore() { return highestScore; }
    public List<String> getTemplates() { return templates; }
    public List<SampleWindow> getSampleWindows() {
        if (sampleWindows == null) {
            sampleWindows = JsonColumns.readList(sampleWindowsJson, new TypeReference<>() { });
        }
        return sampleWindows;
    }

    private void setSampleWindows(List<SampleWindow> samples) {
        sampleWindows = samples;
        sampleWindowsJson = JsonColumns.write(samples);
    }
    public Instant getUpdatedAt() { return updatedAt; }
    public Instant getResolvedAt() { return resolvedAt; }
}
