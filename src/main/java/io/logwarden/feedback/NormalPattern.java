package io.logwarden.feedback;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

import java.time.Instant;

/**
 * One entry of a model's learned-normal set: the judged line's template after the template before it
 * (the transition that broke the pattern). Matched by template ids, which are stable per model; the
 * texts are kept for people.
 *
 * @param previousId the template before the judged line, or null for a one-line window
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record NormalPattern(String id, Integer previousId, String previous, int templateId, String template,
                            Instant addedAt, String addedBy, Long alertId, Long incidentId, String comment) {

    String key() {
        return key(previousId, templateId);
    }

    static String key(Integer previousId, int templateId) {
        return (previousId == null ? "-" : previousId.toString()) + ">" + templateId;
    }
}
