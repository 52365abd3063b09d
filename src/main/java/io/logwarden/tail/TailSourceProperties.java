package io.logwarden.tail;

import jakarta.validation.constraints.Positive;
import org.springframework.validation.annotation.Validated;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.util.List;

/**
 * What to follow and how, beyond single files ({@link TailProperties} keeps the rest of logwarden.tail.*): one
 * prefix, two records by concern, the sources here and how every file is read there.
 *
 * @param sources      files or globs followed at start-up, each with its own excludes and multiline setting;
 *                     the settings also apply to a file of theirs started through the API
 * @param exclude      globs never followed through a glob of {@code follow}, the API or {@code sources}
 *                     (e.g. {@code *.gz}); a glob without '/' is matched against the file name
 * @param maxOpenFiles files followed at once, at most: further files a glob finds are not followed (status
 *                     {@code discovery.not_followed_limit}, health DEGRADED) and a start request answers 409
 */
@ConfigurationProperties(prefix = "logwarden.tail")
@Validated
public record TailSourceProperties(List<TailSource> sources,
                                   @DefaultValue({"*.gz", "*.zip", "*.bz2", "*.xz"}) List<String> exclude,
                                   @DefaultValue("1000") @Positive int maxOpenFiles) {

    public TailSourceProperties {
        sources = sources == null ? List.of() : List.copyOf(sources);
        exclude = exclude == null ? List.of() : List.copyOf(exclude);
    }
}
