package io.logwarden.settings;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaConstructor;
import com.tngtech.archunit.core.domain.JavaParameter;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.boot.context.properties.bind.PropertySourcesPlaceholdersResolver;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring never resolves a placeholder written in {@code @DefaultValue}: the text is bound as it is, and
 * no property source holds it, so the start-up check cannot see it. This is how a directory literally
 * named {@code ${logwarden.data-dir:data}} came about. Such defaults are refused here instead.
 */
class NoPlaceholderDefaultsTest {

    @Test
    void noDefaultValueInTheMainClassesHoldsAPlaceholder() {
        List<String> offending = new ArrayList<>();
        int defaults = 0;
        for (JavaClass type : new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.logwarden")) {
            for (JavaConstructor constructor : type.getConstructors()) {
                for (JavaParameter parameter : constructor.getParameters()) {
                    if (parameter.isAnnotatedWith(DefaultValue.class)) {
                        defaults++;
                        String[] values = parameter.getAnnotationOfType(DefaultValue.class).value();
                        if (Arrays.stream(values).anyMatch(v -> v.contains("${"))) {
                            offending.add(type.getName() + " parameter " + parameter.getIndex() + ": " + Arrays.toString(values));
                        }
                    }
                }
            }
        }
        assertThat(defaults).as("@DefaultValue parameters found (the scan works)").isGreaterThan(10);
        assertThat(offending).as("@DefaultValue holding ${...}, which Spring does not resolve: compute it in code").isEmpty();
    }

    record Sample(@DefaultValue("${logwarden.data-dir:data}/demo/auth.log") String file) {
    }

    @Test
    void springLeavesAPlaceholderInADefaultValueUnresolved() {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("test", Map.of("logwarden.data-dir", "/srv/data")));
        Binder binder = new Binder(ConfigurationPropertySources.from(environment.getPropertySources()),
                new PropertySourcesPlaceholdersResolver(environment));
        Sample sample = binder.bindOrCreate("logwarden.sample", Sample.class);
        assertThat(sample.file()).isEqualTo("${logwarden.data-dir:data}/demo/auth.log");
    }
}
