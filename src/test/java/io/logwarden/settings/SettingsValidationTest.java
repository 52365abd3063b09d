package io.logwarden.settings;

import io.logwarden.demo.DemoProperties;
import io.logwarden.incident.IncidentProperties;
import io.logwarden.kafka.ScaleOutProperties;
import io.logwarden.live.WebSocketProperties;
import io.logwarden.notify.NotifyProperties;
import io.logwarden.parse.ParserProperties;
import io.logwarden.security.SecurityProperties;
import io.logwarden.tail.TailProperties;
import io.logwarden.tail.TailSourceProperties;
import io.logwarden.upload.UploadProperties;
import io.logwarden.window.WindowProperties;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.ConfigurationPropertiesBindException;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.validation.BindValidationException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.NestedExceptionUtils;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A setting out of range stops the start, and the failure names the setting as the operator wrote it
 * (Spring Boot's start-up report prints "Property: ..., Value: ..., Reason: ..." from the same errors).
 */
class SettingsValidationTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties({LogwardenProperties.class, TailProperties.class, UploadProperties.class,
            WebSocketProperties.class, ScaleOutProperties.class, WindowProperties.class, ParserProperties.class,
            IncidentProperties.class, NotifyProperties.class, DemoProperties.class, SecurityProperties.class,
            TailSourceProperties.class})
    static class Settings {
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner().withUserConfiguration(Settings.class);

    @Test
    void theDefaultsAreValid() {
        runner.run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void readerThreadsOutOfRangeFailsTheStart() {
        assertRefused("logwarden.tail.reader-threads", "0", "greater than or equal to 1");
        assertRefused("logwarden.tail.reader-threads", "65", "less than or equal to 64");
    }

    @Test
    void aNonPositiveSizeOrDurationFailsTheStart() {
        assertRefused("logwarden.tail.max-line-length", "0", "greater than 0");
        assertRefused("logwarden.tail.drain-timeout", "0s", "longer than or equal to 1 milli");
        assertRefused("logwarden.websocket.port", "70000", "less than or equal to 65535");
        assertRefused("logwarden.kafka.max-poll-records", "-1", "greater than 0");
    }

    @Test
    void parserWindowIncidentNotifyDemoAndSecuritySettingsAreCheckedAtStartToo() {
        assertRefused("logwarden.parser.similarity", "1.5", "less than or equal to 1");
        assertRefused("logwarden.parser.similarity", "0", "greater than 0");
        assertRefused("logwarden.parser.depth", "2", "greater than or equal to 3");
        assertRefused("logwarden.parser.save-interval", "-1s", "longer than or equal to 1 milli");
        assertRefused("logwarden.window.size", "0", "greater than 0");
        assertRefused("logwarden.window.max-keys", "0", "greater than 0");
        assertRefused("logwarden.incidents.group-by", "host", "must be source or key");
        assertRefused("logwarden.incidents.max-samples", "0", "greater than 0");
        assertRefused("logwarden.incidents.resolve-check", "0s", "longer than or equal to 1 milli");
        assertRefused("logwarden.notify.queue-size", "0", "greater than 0");
        assertRefused("logwarden.notify.max-retries", "-1", "greater than or equal to 0");
        assertRefused("logwarden.demo.activity-every", "0ms", "longer than or equal to 1 milli");
        assertRefused("logwarden.security.ticket-ttl", "0s", "longer than or equal to 1 milli");
        assertRefused("logwarden.security.login-throttle.max-failures", "-1", "must be 0 (off) or more");
        assertRefused("logwarden.security.login-throttle.window", "0s", "longer than or equal to 1 second");
        assertRefused("logwarden.tail.max-open-files", "0", "greater than 0");
    }

    @Test
    void aClaimNoLongerThanTheOutboxCheckFailsTheStart() {
        // each outbox check renews this instance's claims: a shorter claim would hand its messages to a replica
        runner.withPropertyValues("logwarden.notify.outbox-check=5m", "logwarden.notify.claim=5m").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause()
                    .hasMessageContaining("logwarden.notify.claim (PT5M) must be longer than logwarden.notify.outbox-check (PT5M)");
        });
        runner.withPropertyValues("logwarden.notify.outbox-check=5m", "logwarden.notify.claim=6m")
                .run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void aChannelNameLongerThanTheOutboxStoresFailsTheStart() {
        runner.withPropertyValues("logwarden.notify.channels[0].name=" + "p".repeat(101), "logwarden.notify.channels[0].type=webhook",
                "logwarden.notify.channels[0].url=https://hooks.example.com/x").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("1 to 100 letters, digits");
        });
        runner.withPropertyValues("logwarden.notify.channels[0].name=" + "p".repeat(100), "logwarden.notify.channels[0].type=webhook",
                "logwarden.notify.channels[0].url=https://hooks.example.com/x").run(context -> assertThat(context).hasNotFailed());
    }

    @Test
    void aZeroUploadSizeFailsTheStartNamingTheSetting() {
        runner.withPropertyValues("logwarden.upload.max-size=0B").run(context -> {
            assertThat(context).hasFailed();
            BindValidationException failure = validationFailure(context.getStartupFailure());
            assertThat(failure.getValidationErrors().getAllErrors()).extracting(e -> e.getDefaultMessage())
                    .contains("logwarden.upload.max-size must be more than 0 bytes");
        });
    }

    private void assertRefused(String name, String value, String reason) {
        runner.withPropertyValues(name + "=" + value).run(context -> {
            assertThat(context).as(name + "=" + value).hasFailed();
            BindValidationException failure = validationFailure(context.getStartupFailure());
            List<String> rejected = failure.getValidationErrors().getBoundProperties().stream()
                    .filter(property -> failure.getValidationErrors().getAllErrors().stream()
                            .anyMatch(error -> error instanceof org.springframework.validation.FieldError field
                                    && property.getName().toString().endsWith(kebab(field.getField()))))
                    .map(ConfigurationProperty::getName).map(Object::toString).toList();
            assertThat(rejected).as("settings named by the failure").containsExactly(name);
            assertThat(failure.getMessage()).contains(reason);
        });
    }

    private static BindValidationException validationFailure(Throwable startup) {
        assertThat(startup).isNotNull();
        assertThat(NestedExceptionUtils.getMostSpecificCause(startup)).isInstanceOf(BindValidationException.class);
        assertThat(startup).hasRootCauseInstanceOf(BindValidationException.class)
                .satisfies(t -> assertThat(findCause(t, ConfigurationPropertiesBindException.class)).isNotNull());
        return findCause(startup, BindValidationException.class);
    }

    private static <T extends Throwable> T findCause(Throwable t, Class<T> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
        }
        return null;
    }

    private static String kebab(String field) {
        String last = field.substring(field.lastIndexOf('.') + 1);
        return last.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
    }
}
