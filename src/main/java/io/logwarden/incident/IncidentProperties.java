package io.logwarden.incident;

import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.validation.annotation.Validated;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * How alerts group into incidents.
 *
 * @param groupBy        {@code source} (one incident per log file) or {@code key} (per window key: the
 *                       session key when {@code logwarden.window.session-key} is set, else the source)
 * @param gap            an alert joins the newest unresolved incident of its group when it comes at most
 *                       this long after that incident's last alert; later, it opens a new incident
 * @param sameTemplate   also require the same breaking template (the judged line's template)
 * @param resolveAfter   an incident with no new alert for this long resolves itself
 * @param resolveCheck   how often the quiet incidents are looked for
 * @param maxSamples     sample windows kept per incident (the first and the highest-scoring ones)
 * @param maxTemplates   distinct breaking templates kept per incident
 */
@ConfigurationProperties(prefix = "logwarden.incidents")
@Validated
public record IncidentProperties(@DefaultValue("source") @Pattern(regexp = "source|key", message = "must be source or key") String groupBy,
                                 @DefaultValue("2m") @DurationMin(millis = 0) Duration gap,
                                 @DefaultValue("false") boolean sameTemplate,
                                 @DefaultValue("30m") @DurationMin(millis = 1) Duration resolveAfter,
                                 @DefaultValue("30s") @DurationMin(millis = 1) Duration resolveCheck,
                                 @DefaultValue("5") @Positive int maxSamples, @DefaultValue("50") @Positive int maxTemplates) {

}
