package io.logwarden.demo;

import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.validation.annotation.Validated;
import io.logwarden.settings.LogwardenProperties;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.nio.file.Path;
import java.time.Duration;

/**
 * @param enabled       write the demo auth.log and follow it
 * @param file          where the demo log is written; unset: {@code <logwarden.data-dir>/demo/auth.log}
 * @param activityEvery pause between two normal activities (each is 1-8 lines)
 * @param anomalyEvery  pause between two injected anomalies
 * @param seed          seed of the generator
 */
@ConfigurationProperties(prefix = "logwarden.demo")
@Validated
public record DemoProperties(@DefaultValue("true") boolean enabled,
                             Path file,
                             @DefaultValue("700ms") @DurationMin(millis = 1) Duration activityEvery,
                             @DefaultValue("45s") @DurationMin(millis = 1) Duration anomalyEvery,
                             @DefaultValue("42") long seed) {

    /** The demo log: {@code file} when set, else {@code demo/auth.log} under the data directory. */
    public Path fileIn(LogwardenProperties data) {
        return file != null ? file : data.resolve("demo/auth.log");
    }
}
