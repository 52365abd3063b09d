package io.logwarden.feedback;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logwarden.alert.Alert;
import io.logwarden.incident.IncidentService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Service;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Operator verdicts. "normal" adds the transitions that broke (the judged line's template after the one
 * before it) to the current model's learned-normal set, so matching windows stop alerting; "anomaly" is
 * stored for evaluation. Every verdict is recorded (feedback table) and noted on the alert's incident.
 */
@Service
public class FeedbackService {

    public static final String NORMAL = "normal";
    public static final String ANOMALY = "anomaly";
    /** At most this many of an incident's alerts contribute patterns. */
    static final int INCIDENT_ALERTS = 10_000;
    private static final Logger log = LoggerFactory.getLogger("io.logwarden.feedback");

    private final FeedbackRepository feedback;
    private final LearnedNormal learnedNormal;
    private final IncidentService incidents;
    private final ObjectMapper json;

    public FeedbackService(FeedbackRepository feedback, LearnedNormal learnedNormal, IncidentService incidents, ObjectMapper json) {
        this.feedback = feedback;
        this.learnedNormal = learnedNormal;
        this.incidents = incidents;
        this.json = json;
    }

    public Map<String, Object> onAlert(Alert alert, String verdict, String comment, String actor) {
        return record(List.of(alert), alert.getId(), alert.getIncidentId(), verdict, comment, actor);
    }

    public Map<String, Object> onIncident(long incidentId, String verdict, String comment, String actor) {
        return record(incidents.alertsOf(incidentId, INCIDENT_ALERTS), null, incidentId, verdict, comment, actor);
    }

    /**
     * "anomaly" on a window the detector let through: stored with the window (source, lines, template ids) for
     * evaluating the model; nothing changes in scoring.
     */
    public Map<String, Object> onWindow(String source, long firstLine, long lastLine, List<Integer> sequence, String comment,
                                        String actor) {
        String model = learnedNormal.currentModel();
        int last = sequence.size() - 1;
        String transition = NormalPattern.key(last == 0 ? null : sequence.get(last - 1), sequence.get(last));
        Feedback saved = feedback.save(Feedback.onWindow(Instant.now(), actor, model, comment, source, firstLine, lastLine,
                sequence, write(List.of(transition))));
        log.info("Feedback anomaly by {} on a window that did not alert: {} lines {}-{} (transition {}, model {})",
                actor, source, firstLine, lastLine, transition, model);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("feedback", saved);
        return answer;
    }

    public Page<Feedback> find(String verdict, int page, int size) {
        PageRequest request = PageRequest.of(page, size, Sort.by(Sort.Direction.DESC, "id"));
        return verdict == null ? feedback.findAll(request) : feedback.findByVerdict(verdict, request);
    }

    /** Removing an entry is a verdict too, and recorded like one. */
    public LearnedNormalFile forget(String model, String patternId, String actor) {
        LearnedNormalFile after = learnedNormal.remove(model, patternId);
        if (after != null) {
            feedback.save(new Feedback(Instant.now(), null, null, "forget", actor, model, null, write(List.of(patternId))));
            log.info("Learned-normal entry {} of model {} removed by {} (version {})", patternId, model, actor, after.version());
        }
        return after;
    }

    private Map<String, Object> record(List<Alert> alerts, Long alertId, Long incidentId, String verdict, String comment, String actor) {
        String model = learnedNormal.currentModel();
        Instant now = Instant.now();
        List<NormalPattern> patterns = new ArrayList<>();
        for (Alert alert : alerts) {
            NormalPattern pattern = patternOf(alert, now, actor, incidentId, comment);
            if (pattern != null && patterns.stream().noneMatch(p -> p.key().equals(pattern.key()))) {
                patterns.add(pattern);
            }
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        Feedback saved = feedback.save(new Feedback(now, alertId, incidentId, verdict, actor, model, comment,
                write(patterns.stream().map(NormalPattern::key).toList())));
        answer.put("feedback", saved);
        if (NORMAL.equals(verdict)) {
            LearnedNormalFile before = learnedNormal.list(model);
            LearnedNormalFile after = learnedNormal.add(model, patterns);
            Map<String, Object> set = new LinkedHashMap<>();
            set.put("model", model);
            set.put("version", after.version());
            set.put("added", after.patterns().size() - before.patterns().size());
            set.put("patterns", patterns.size());
            answer.put("learned_normal", set);
        }
        if (incidentId != null) {
            incidents.note(incidentId, "feedback", actor, verdict + (alertId == null ? "" : " on alert " + alertId)
                    + (comment == null ? "" : ": " + comment));
        }
        log.info("Feedback {} by {} on {} ({} transitions, model {})", verdict, actor,
                alertId != null ? "alert " + alertId : "incident " + incidentId, patterns.size(), model);
        return answer;
    }

    private static NormalPattern patternOf(Alert alert, Instant now, String actor, Long incidentId, String comment) {
        List<Integer> sequence = alert.getSequence();
        List<String> templates = alert.getTemplates();
        if (sequence == null || sequence.isEmpty()) {
            return null;
        }
        int last = sequence.size() - 1;
        Integer previousId = last == 0 ? null : sequence.get(last - 1);
        String template = templates != null && templates.size() == sequence.size() ? templates.get(last) : null;
        String previous = previousId != null && templates != null && templates.size() == sequence.size() ? templates.get(last - 1) : null;
        return new NormalPattern(LearnedNormal.newId(), previousId, previous, sequence.get(last), template, now, actor,
                alert.getId(), incidentId, comment);
    }

    private String write(List<String> values) {
        try {
            return json.writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
