package io.logwarden.settings;

import io.logwarden.demo.DemoProperties;
import io.logwarden.tail.TailProperties;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Paths under the data directory are computed from logwarden.data-dir, with application.yaml's defaults. */
class LogwardenPropertiesTest {

    @Test
    void theDemoLogFollowsTheDataDirectory() throws IOException {
        Binder binder = binder(Map.of("logwarden.data-dir", "/var/lib/logwarden/data"));
        LogwardenProperties data = binder.bind("logwarden", LogwardenProperties.class).get();
        DemoProperties demo = binder.bind("logwarden.demo", DemoProperties.class).get();
        assertThat(demo.fileIn(data)).isEqualTo(Path.of("/var/lib/logwarden/data/demo/auth.log"));
    }

    @Test
    void anExplicitDemoFileWins() throws IOException {
        Binder binder = binder(Map.of("logwarden.data-dir", "/srv/data", "logwarden.demo.file", "/tmp/demo.log"));
        LogwardenProperties data = binder.bind("logwarden", LogwardenProperties.class).get();
        DemoProperties demo = binder.bind("logwarden.demo", DemoProperties.class).get();
        assertThat(demo.fileIn(data)).isEqualTo(Path.of("/tmp/demo.log"));
    }

    @Test
    void withNoSettingsTheDemoLogIsUnderTheDefaultDataDirectory() throws IOException {
        Binder binder = binder(Map.of());
        LogwardenProperties data = binder.bind("logwarden", LogwardenProperties.class).get();
        DemoProperties demo = binder.bind("logwarden.demo", DemoProperties.class).get();
        assertThat(demo.fileIn(data).normalize()).isEqualTo(Path.of("data/demo/auth.log"));
        assertThat(demo.fileIn(data).toString()).doesNotContain("${");
    }

    @Test
    void unsetAllowedRootsAreTheDemoDirectoryUnderTheDataDirectoryAndLogs() throws IOException {
        Binder binder = binder(Map.of("logwarden.data-dir", "/srv/data"));
        LogwardenProperties data = binder.bind("logwarden", LogwardenProperties.class).get();
        TailProperties tail = binder.bindOrCreate("logwarden.tail", TailProperties.class);
        assertThat(tail.allowedRootsUnder(data.dataDir())).containsExactly("/srv/data/demo", "logs");

        Binder set = binder(Map.of("logwarden.data-dir", "/srv/data", "logwarden.tail.allowed-roots", "/var/log"));
        assertThat(set.bindOrCreate("logwarden.tail", TailProperties.class).allowedRootsUnder(data.dataDir())).containsExactly("/var/log");
    }

    /** application.yaml as the service loads it, under the given overrides. */
    private static Binder binder(Map<String, Object> overrides) throws IOException {
        StandardEnvironment environment = new StandardEnvironment();
        for (PropertySource<?> yaml : new YamlPropertySourceLoader().load("application.yaml", new ClassPathResource("application.yaml"))) {
            environment.getPropertySources().addLast(yaml);
        }
        environment.getPropertySources().addFirst(new MapPropertySource("overrides", overrides));
        return new Binder(ConfigurationPropertySources.from(environment.getPropertySources()),
                new org.springframework.boot.context.properties.bind.PropertySourcesPlaceholdersResolver(environment));
    }
}
