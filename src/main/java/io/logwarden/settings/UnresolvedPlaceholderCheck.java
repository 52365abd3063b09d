package io.logwarden.settings;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Refuses to start when a {@code logwarden.*} setting still holds {@code ${} once placeholders are
 * resolved, naming the setting and where it came from.
 * <p>
 * Spring's binder leaves a placeholder it cannot resolve in the value (for example
 * {@code LOGWARDEN_DEMO_FILE='${DATA}/auth.log'} with no {@code DATA}), so without this check the
 * service would create and use a directory literally named {@code ${DATA}}. Runs after
 * application.yaml and every other configuration source are loaded, before any bean is created.
 * Settings are read through Spring's relaxed names, so {@code LOGWARDEN_DEMO_FILE} is checked as
 * {@code logwarden.demo.file}; only the value that wins is checked.
 */
public class UnresolvedPlaceholderCheck implements EnvironmentPostProcessor, Ordered {

    private static final ConfigurationPropertyName ROOT = ConfigurationPropertyName.of("logwarden");

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        check(environment);
    }

    /** Throws {@link UnresolvedPlaceholderException} for the first offending setting. */
    public static void check(ConfigurableEnvironment environment) {
        List<ConfigurationPropertySource> sources = new ArrayList<>();
        ConfigurationPropertySources.from(environment.getPropertySources()).forEach(sources::add);
        Set<ConfigurationPropertyName> names = new LinkedHashSet<>();
        for (ConfigurationPropertySource source : sources) {
            if (source instanceof IterableConfigurationPropertySource iterable) {
                iterable.stream().filter(ROOT::isAncestorOf).forEach(names::add);
            }
        }
        for (ConfigurationPropertyName name : names) {
            ConfigurationProperty winner = winning(sources, name);
            if (winner != null && winner.getValue() instanceof CharSequence raw) {
                String resolved = environment.resolvePlaceholders(raw.toString());
                if (resolved.contains("${")) {
                    throw new UnresolvedPlaceholderException(name.toString(), resolved,
                            winner.getOrigin() == null ? null : winner.getOrigin().toString());
                }
            }
        }
    }

    private static ConfigurationProperty winning(List<ConfigurationPropertySource> sources, ConfigurationPropertyName name) {
        for (ConfigurationPropertySource source : sources) {
            ConfigurationProperty property = source.getConfigurationProperty(name);
            if (property != null) {
                return property;
            }
        }
        return null;
    }

    @Override
    public int getOrder() {
        // after ConfigDataEnvironmentPostProcessor has loaded application.yaml and the profiles
        return Ordered.LOWEST_PRECEDENCE;
    }
}
