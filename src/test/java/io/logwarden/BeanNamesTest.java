package io.logwarden;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;
import org.springframework.stereotype.Component;
import org.springframework.stereotype.Repository;
import org.springframework.stereotype.Service;

import java.beans.Introspector;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A bean that routes/*.yaml call by name ({@code bean: ref: ...}) is named after its class, so a reader of a route
 * finds the class without searching: an explicit {@code @Component("name")} must be the class name with a lower-case
 * first letter, Spring's default.
 */
class BeanNamesTest {

    static final List<Class<?>> STEREOTYPES = List.of(Component.class, Service.class, Repository.class);

    @Test
    void explicitBeanNamesAreTheirClassNames() {
        JavaClasses classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.logwarden");
        Map<String, String> named = explicitNames(classes);
        assertThat(named).as("components with an explicit name found").containsKey("io.logwarden.demo.DemoLog");

        Map<String, String> differing = new TreeMap<>();
        named.forEach((type, name) -> {
            if (!name.equals(defaultName(type))) differing.put(type, name);
        });
        assertThat(differing).as("beans named unlike their class (rename the bean and its routes/*.yaml refs together)")
                .isEmpty();
    }

    @Test
    void theDefaultNameIsSpringsOwn() {
        assertThat(defaultName("io.logwarden.kafka.AgentRecords")).isEqualTo("agentRecords");
        // Introspector keeps a leading acronym, as Spring's AnnotationBeanNameGenerator does
        assertThat(defaultName("io.logwarden.x.URLSource")).isEqualTo("URLSource");
    }

    /** Class name -> the value of its stereotype annotation, for classes that set one. */
    static Map<String, String> explicitNames(JavaClasses classes) {
        Map<String, String> named = new TreeMap<>();
        for (JavaClass type : classes) {
            for (Class<?> stereotype : STEREOTYPES) {
                type.tryGetAnnotationOfType(stereotype.getName())
                        .flatMap(annotation -> annotation.get("value"))
                        .map(String::valueOf)
                        .filter(name -> !name.isEmpty())
                        .ifPresent(name -> named.put(type.getName(), name));
            }
        }
        return named;
    }

    static String defaultName(String className) {
        return Introspector.decapitalize(className.substring(className.lastIndexOf('.') + 1));
    }
}
