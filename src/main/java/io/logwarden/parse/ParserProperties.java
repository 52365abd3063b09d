package io.logwarden.parse;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.validation.annotation.Validated;
import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code logwarden.parser.*}: how lines are split and mined. These settings apply when a model has no
 * templates.json yet; an existing templates.json brings its own settings (ids stay stable only under
 * the settings that produced them).
 *
 * @param format       loghub-style line format, e.g. {@code <Date> <Time> <Level> <Component>: <Content>};
 *                     empty = the whole line is the content
 * @param similarity   Drain similarity threshold in (0, 1]
 * @param depth        Drain tree depth, at least 3
 * @param maxChildren  children per tree node
 * @param maxClusters  templates kept (least recently used forgotten beyond); 0 = no limit
 * @param masks        extra masking regexes, tried before the built-in ones
 * @param saveInterval how often changed templates are written at most
 * @param maskQuoted   mask quoted strings ({@code "..."}, {@code '...'}) as one value {@code <QUOTED>}; models of
 *                     settings version 4 and later (new ones) always do, except a quote opening the message
 *                     and (version 5) a quoted HTTP request line
 */
@ConfigurationProperties(prefix = "logwarden.parser")
@Validated
public record ParserProperties(
        @DefaultValue("") String format,
        @DefaultValue("0.65") @DecimalMin(value = "0", inclusive = false) @DecimalMax("1") double similarity,
        @DefaultValue("4") @Min(3) int depth,
        @DefaultValue("100") @Positive int maxChildren,
        @DefaultValue("0") @PositiveOrZero int maxClusters,
        @DefaultValue List<String> masks,
        @DefaultValue("2s") @DurationMin(millis = 1) Duration saveInterval,
        @DefaultValue("false") boolean maskQuoted) {

    @ConstructorBinding
    public ParserProperties {
        format = format == null ? "" : format;
        masks = masks == null ? List.of() : List.copyOf(masks);
        saveInterval = saveInterval == null ? Duration.ofSeconds(2) : saveInterval;
    }

    /** Without the quoted-string mask (the form callers used before it existed). */
    public ParserProperties(String format, double similarity, int depth, int maxChildren, int maxClusters,
                            List<String> masks, Duration saveInterval) {
        this(format, similarity, depth, maxChildren, maxClusters, masks, saveInterval, false);
    }

    public static ParserProperties defaults() {
        return new ParserProperties("", DrainSettings.DEFAULT_SIMILARITY, DrainSettings.DEFAULT_DEPTH,
                DrainSettings.DEFAULT_MAX_CHILDREN, DrainSettings.DEFAULT_MAX_CLUSTERS, List.of(), Duration.ofSeconds(2), false);
    }

    /** The mask rules a new model starts with: the user's, the quoted-string rule if asked, the defaults. */
    List<MaskRule> maskRules() {
        return Masker.rulesWithDefaults(masks, maskQuoted);
    }

    DrainSettings drainSettings() {
        return new DrainSettings(similarity, depth, maxChildren, maxClusters);
    }
}
