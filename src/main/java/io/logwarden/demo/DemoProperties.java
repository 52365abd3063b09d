package io.logwarden.demo;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * @param enabled       write the demo auth.log and follow it
 * @param file          where the demo log is written
 * @param activityEvery pause between two normal activities (each is 1-8 lines)
 * @param anomalyEvery  pause between two injected anomalies
 * @param seed          seed of the generator
 */
@ConfigurationProperties(prefix = "logwarden.demo")
public record DemoProperties(@DefaultValue("false") boolean enabled,
                             @DefaultValue("data/demo/auth.log") String file,
                             @DefaultValue("700ms") Duration activityEvery,
                             @DefaultValue("45s") Duration anomalyEvery,
                             @DefaultValue("42") long seed) {
}
