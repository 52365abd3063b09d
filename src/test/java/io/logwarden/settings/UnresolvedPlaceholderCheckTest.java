package io.logwarden.settings;

import io.logwarden.Logwarden;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A logwarden.* setting that still holds "${" after resolution stops the start, naming the setting. */
@ExtendWith(OutputCaptureExtension.class)
class UnresolvedPlaceholderCheckTest {

    @Test
    void theServiceRefusesToStartAndNamesTheSetting(CapturedOutput output) {
        SpringApplication application = new SpringApplication(Logwarden.class);
        assertThatThrownBy(() -> application.run("--spring.main.banner-mode=off",
                "--logwarden.demo.file=${logwarden.nowhere}/demo/auth.log"))
                .isInstanceOf(UnresolvedPlaceholderException.class)
                .hasMessageContaining("logwarden.demo.file")
                .hasMessageContaining("${logwarden.nowhere}/demo/auth.log");
        assertThat(output).contains("APPLICATION FAILED TO START")
                .contains("The setting 'logwarden.demo.file' is '${logwarden.nowhere}/demo/auth.log'");
    }

    @Test
    void anEnvironmentVariableIsCheckedUnderItsPropertyName() {
        StandardEnvironment environment = environment(Map.of());
        environment.getPropertySources().addFirst(new SystemEnvironmentPropertySource("systemEnvironment",
                Map.of("LOGWARDEN_TAIL_ALLOWEDROOTS", "${LOG_ROOT}/app,logs")));
        assertThatThrownBy(() -> UnresolvedPlaceholderCheck.check(environment))
                .isInstanceOf(UnresolvedPlaceholderException.class)
                .hasMessageContaining("logwarden.tail.allowedroots")
                .hasMessageContaining("${LOG_ROOT}/app,logs")
                .hasMessageContaining("LOGWARDEN_TAIL_ALLOWEDROOTS");
    }

    @Test
    void aPlaceholderThatResolvesThroughAnotherUnresolvedOneIsCaught() {
        StandardEnvironment environment = environment(Map.of(
                "logwarden.data-dir", "${DATA_ROOT}",
                "logwarden.tail.allowed-roots", "${logwarden.data-dir}/demo"));
        assertThatThrownBy(() -> UnresolvedPlaceholderCheck.check(environment))
                .isInstanceOf(UnresolvedPlaceholderException.class)
                .hasMessageContaining("${DATA_ROOT}");
    }

    @Test
    void resolvablePlaceholdersAndOtherPrefixesPass() {
        StandardEnvironment environment = environment(Map.of(
                "logwarden.data-dir", "/var/lib/logwarden",
                "logwarden.tail.allowed-roots", "${logwarden.data-dir}/demo,logs",
                "logwarden.window.size", 10,
                "spring.datasource.password", "${SOME_UNSET_SECRET:}",
                "other.setting", "${left.alone}"));
        assertThatCode(() -> UnresolvedPlaceholderCheck.check(environment)).doesNotThrowAnyException();
    }

    @Test
    void onlyTheValueThatWinsIsChecked() {
        StandardEnvironment environment = environment(Map.of("logwarden.demo.file", "${nowhere}/auth.log"));
        environment.getPropertySources().addFirst(new MapPropertySource("override", Map.of("logwarden.demo.file", "/tmp/auth.log")));
        assertThatCode(() -> UnresolvedPlaceholderCheck.check(environment)).doesNotThrowAnyException();
    }

    @Test
    void theFailureReportSaysWhatToDo() {
        FailureAnalysis analysis = new UnresolvedPlaceholderFailureAnalyzer().analyze(
                new UnresolvedPlaceholderException("logwarden.demo.file", "${x}/auth.log", "command line"));
        assertThat(analysis.getDescription()).contains("'logwarden.demo.file' is '${x}/auth.log'").contains("command line");
        assertThat(analysis.getAction()).contains("logwarden.data-dir");
    }

    private static StandardEnvironment environment(Map<String, Object> properties) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("test", new LinkedHashMap<>(properties)));
        return environment;
    }
}
