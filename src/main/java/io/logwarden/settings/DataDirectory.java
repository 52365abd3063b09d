package io.logwarden.settings;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.nio.file.Path;

/**
 * {@code logwarden.data-dir}: where the service keeps what it writes (H2 database, demo log, read
 * positions). Paths below it are computed here in code, never written as a {@code ${...}} default in
 * an annotation: Spring does not resolve placeholders in {@code @DefaultValue}, and such a default
 * once created a directory literally named {@code ${logwarden.data-dir:data}}.
 *
 * @param dataDir the data directory, relative to the working directory unless absolute
 */
@ConfigurationProperties(prefix = "logwarden")
public record DataDirectory(@DefaultValue("data") Path dataDir) {

    /** A path under the data directory, e.g. {@code resolve("demo/auth.log")}. */
    public Path resolve(String relative) {
        return dataDir.resolve(relative);
    }
}
