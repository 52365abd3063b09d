package io.logwarden.scoring;

import io.logwarden.model.DeepLogModel;
import io.logwarden.model.Detector;
import io.logwarden.model.ModelManager;
import io.logwarden.model.ModelSettings;
import io.logwarden.parse.LogEvent;
import io.logwarden.window.SessionLines;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * routes/sessions.yaml's judge: a whole session, once it has ended, through the active model's
 * {@link Detector#judgeSession} (the rule {@code evaluate} measures). Its score is 7 or more exactly
 * when the session is anomalous, so the alert threshold of 7 turns the verdict into an alert.
 */
@Component("sessionJudge")
public class SessionJudge {

    /** Lines of a session kept in its score (the newest ones); the verdict covers every line. */
    static final int SHOWN = 50;

    private final ModelManager models;
    private final ScoringProperties scale;
    private final AtomicLong judged = new AtomicLong();
    private final AtomicLong anomalous = new AtomicLong();

    public SessionJudge(ModelManager models, ScoringProperties scale) {
        this.models = models;
        this.scale = scale;
    }

    /** The session's score, or null when no model is active (the statistical fallback judges windows only). */
    public Score judge(SessionLines session) {
        DeepLogModel model = models.active();
        if (model == null) return null;
        List<LogEvent> events = session.events();
        if (events.isEmpty()) return null;
        List<Integer> keys = events.stream().map(LogEvent::templateId).toList();
        Detector.SessionVerdict verdict = model.detector().judgeSession(keys);
        judged.incrementAndGet();
        if (verdict.anomalous()) anomalous.incrementAndGet();
        double score = score(verdict, model.settings());
        List<LogEvent> shown = events.subList(Math.max(0, events.size() - SHOWN), events.size());
        LogEvent last = events.get(events.size() - 1);
        String reason = "session " + session.key() + " (" + events.size() + " lines, " + events.get(0).lineNumber() + "-"
                + last.lineNumber() + "): " + (verdict.anomalous() ? "anomalous: " : "normal: ") + verdict.reason();
        return new Score(score, scale.severityOf(score), scale.isAlert(score), shown.stream().map(LogEvent::templateId).toList(),
                Instant.now(), session.source(), session.key(), events.get(0).lineNumber(), last.lineNumber(),
                shown.stream().map(LogEvent::template).toList(), shown.stream().map(LogEvent::line).toList(),
                model.scorerName() + "/session", verdict.unknownKey(), List.of(), reason);
    }

    /** 9.5 for a template the model never saw; an anomalous session 7-9 by its least likely key; a normal one below 7. */
    static double score(Detector.SessionVerdict verdict, ModelSettings settings) {
        double score;
        if (verdict.unknownKey()) score = ScoreMapping.UNSEEN_TEMPLATE_SCORE;
        else if (verdict.anomalous()) score = ScoreMapping.anomalousScore(verdict.minProbability(), settings.detector().alertProbability());
        else score = ScoreMapping.normalScore(Math.min(verdict.maxRank(), settings.topG()), settings.topG(), verdict.minProbability());
        return Math.round(score * 100) / 100.0;
    }

    public long judged() {
        return judged.get();
    }

    public long anomalous() {
        return anomalous.get();
    }
}
