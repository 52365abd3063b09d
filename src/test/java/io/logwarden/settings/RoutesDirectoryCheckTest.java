package io.logwarden.settings;

import io.logwarden.Logwarden;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A black-box tester started the jar outside the checkout: a bare NoSuchFileException after a minute, and with an
 * empty routes directory a service that reported ready and served no API.
 */
@ExtendWith(OutputCaptureExtension.class)
class RoutesDirectoryCheckTest {

    @TempDir
    Path dir;

    @Test
    void aMissingRoutesDirectoryStopsTheStartWithWhatToDo(CapturedOutput output) {
        SpringApplication application = new SpringApplication(Logwarden.class);
        Path missing = dir.resolve("routes");
        assertThatThrownBy(() -> application.run("--spring.main.banner-mode=off", "--logwarden.routes-dir=" + missing))
                .isInstanceOf(StartupRefusal.class).hasMessageContaining(missing + " (logwarden.routes-dir) does not exist");
        assertThat(output).contains("APPLICATION FAILED TO START").contains("make run").contains("LOGWARDEN_ROUTESDIR")
                .doesNotContain("NoSuchFileException");
    }

    @Test
    void aDirectoryWithoutRoutesIsRefusedAndOneWithRoutesPasses() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("empty"));
        Files.writeString(empty.resolve("README.txt"), "not a route");
        assertThatThrownBy(() -> RoutesDirectoryCheck.check(empty)).isInstanceOf(StartupRefusal.class)
                .hasMessageContaining("holds no *.yaml route");
        Path file = Files.writeString(dir.resolve("routes.yaml"), "- route: {}");
        assertThatThrownBy(() -> RoutesDirectoryCheck.check(file)).hasMessageContaining("is not a directory");

        assertThatCode(() -> RoutesDirectoryCheck.check(Path.of("routes"))).as("the project's own").doesNotThrowAnyException();
    }
}
