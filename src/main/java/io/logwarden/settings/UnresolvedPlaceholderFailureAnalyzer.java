package io.logwarden.settings;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns {@link UnresolvedPlaceholderException} into Spring Boot's "APPLICATION FAILED TO START" report. */
public class UnresolvedPlaceholderFailureAnalyzer extends AbstractFailureAnalyzer<UnresolvedPlaceholderException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, UnresolvedPlaceholderException cause) {
        return new FailureAnalysis(
                "The setting '" + cause.property() + "' is '" + cause.value() + "': it still holds a ${...} placeholder"
                        + " that nothing defines" + (cause.origin() == null ? "." : " (set in " + cause.origin() + ")."),
                "Define the property the placeholder names, or give '" + cause.property()
                        + "' a plain value (paths under the data directory are computed from logwarden.data-dir).",
                cause);
    }
}
