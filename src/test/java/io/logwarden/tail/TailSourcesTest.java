package io.logwarden.tail;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * logwarden.tail.sources as an operator writes it in application.yaml: bound with the defaults, a file's
 * settings found by glob with the excludes applied, and a setting that cannot work refused at start-up.
 */
class TailSourcesTest {

    private static TailSourceProperties bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("logwarden.tail", TailSourceProperties.class);
    }

    @Test
    void sourcesBindWithTheirDefaultsAndMatchByGlobMinusExcludes() {
        TailSourceProperties props = bind(Map.of(
                "logwarden.tail.sources[0].path", "/var/log/app/*.log",
                "logwarden.tail.sources[0].exclude[0]", "*-debug.log",
                "logwarden.tail.sources[0].multiline.preset", "java",
                "logwarden.tail.sources[1].path", "/var/log/py/**",
                "logwarden.tail.sources[1].multiline.start-pattern", "^\\d{4}-",
                "logwarden.tail.sources[1].multiline.flush-timeout", "3s",
                "logwarden.tail.sources[1].format", "CRI"));
        assertThat(props.maxOpenFiles()).isEqualTo(1000);
        assertThat(props.exclude()).contains("*.gz");
        TailSource app = props.sources().get(0);
        assertThat(app.multiline().maxLines()).isEqualTo(500);
        assertThat(app.multiline().maxBytes().toKilobytes()).isEqualTo(512);
        assertThat(app.multiline().flushTimeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(props.sources().get(1).multiline().flushTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(app.format()).isEqualTo("plain");
        assertThat(props.sources().get(1).format()).isEqualTo("cri");

        assertThat(app.matches(Path.of("/var/log/app/orders.log"))).isTrue();
        assertThat(app.matches(Path.of("/var/log/app/orders-debug.log"))).as("excluded").isFalse();
        assertThat(app.matches(Path.of("/var/log/app/sub/orders.log"))).as("* stays in one directory").isFalse();
        assertThat(props.sources().get(1).matches(Path.of("/var/log/py/a/b/worker.log"))).isTrue();

        TailingStreamComponent component = new TailingStreamComponent();
        component.setSources(props.sources());
        assertThat(component.multilineFor(Path.of("/var/log/app/orders.log")).preset()).isEqualTo("java");
        assertThat(component.multilineFor(Path.of("/var/log/other.log"))).isNull();
        assertThat(bind(Map.of()).sources()).isEmpty();
    }

    @Test
    void theDaemonSetsEnvironmentVariablesBindToASource() {
        Map<String, Object> env = Map.of(
                "LOGWARDEN_TAIL_SOURCES_0_PATH", "/var/log/containers/*.log",
                "LOGWARDEN_TAIL_SOURCES_0_FORMAT", "auto",
                "LOGWARDEN_TAIL_SOURCES_0_MULTILINE_PRESET", "java");
        TailSourceProperties props = new Binder(ConfigurationPropertySources.from(
                new SystemEnvironmentPropertySource("systemEnvironment", env))).bindOrCreate("logwarden.tail", TailSourceProperties.class);
        assertThat(props.sources()).singleElement().satisfies(source -> {
            assertThat(source.path()).isEqualTo("/var/log/containers/*.log");
            assertThat(source.format()).isEqualTo("auto");
            assertThat(source.multiline().preset()).isEqualTo("java");
        });
    }

    @Test
    void aMultilineSettingThatCannotWorkStopsTheStartWithItsReason() {
        assertThatThrownBy(() -> bind(Map.of(
                "logwarden.tail.sources[0].path", "/var/log/app.log",
                "logwarden.tail.sources[0].multiline.start-pattern", "([")))
                .isInstanceOf(BindException.class)
                .hasStackTraceContaining("start-pattern is not a valid regular expression");
        assertThatThrownBy(() -> bind(Map.of("logwarden.tail.sources[0].path", "/var/log/containers/*.log",
                "logwarden.tail.sources[0].format", "journald")))
                .hasStackTraceContaining("unknown log format 'journald'; known: plain, cri, docker, auto");
        assertThatThrownBy(() -> bind(Map.of("logwarden.tail.sources[0].multiline.preset", "java")))
                .hasStackTraceContaining("sources[].path is required");
    }
}
