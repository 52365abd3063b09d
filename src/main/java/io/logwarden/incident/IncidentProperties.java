package io.logwarden.incident;

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
public record IncidentProperties(@DefaultValue("source") String groupBy, @DefaultValue("2m") Duration gap,
                                 @DefaultValue("false") boolean sameTemplate,
                                 @DefaultValue("30m") Duration resolveAfter, @DefaultValue("30s") Duration resolveCheck,
                                 @DefaultValue("5") int maxSamples, @DefaultValue("50") int maxTemplates) {

    public IncidentProperties {
        if (!"source".equals(groupBy) && !"key".equals(groupBy)) {
            throw new IllegalArgumentException("logwarden.incidents.group-by must be 'source' or 'key', got '" + groupBy + "'");
        }
        if (gap.isNegative() || resolveAfter.isNegative() || resolveAfter.isZero() || resolveCheck.isNegative() || resolveCheck.isZero()) {
            throw new IllegalArgumentException("logwarden.incidents.gap must be >= 0 and resolve-after, resolve-check > 0");
        }
        if (maxSamples < 1 || maxTemplates < 1) {
            throw new IllegalArgumentException("logwarden.incidents.max-samples and max-templates must be at least 1");
        }
    }
}
