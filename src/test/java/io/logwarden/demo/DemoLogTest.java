package io.logwarden.demo;

import io.logwarden.settings.LogwardenProperties;
import io.logwarden.settings.Role;
import io.logwarden.tail.TailManager;
import io.logwarden.tail.TailRequestException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

@ExtendWith(OutputCaptureExtension.class)
class DemoLogTest {

    @TempDir
    Path data;

    /**
     * A black-box tester narrowed logwarden.tail.allowed-roots and left the demo on: the service logged "Started",
     * then died with a stack trace, where a refused logwarden.tail.follow entry is only logged.
     */
    @Test
    void aDemoLogOutsideTheAllowedRootsIsReportedAndTheServiceRunsOn(CapturedOutput output) {
        TailManager tails = mock(TailManager.class);
        when(tails.start(anyString(), any(), anyString())).thenThrow(new TailRequestException(TailRequestException.Kind.FORBIDDEN,
                "outside_allowed_roots", data.resolve("demo/auth.log") + " is outside the allowed roots [/srv/logs]"));
        DemoLog demo = new DemoLog(new DemoProperties(true, null, Duration.ofMillis(700), Duration.ofSeconds(45), 42),
                new LogwardenProperties(data, "models", "demo", Role.STANDALONE, "routes", "127.0.0.1",
                        new LogwardenProperties.Pipeline("direct:log-lines", false, false, "direct:websocket-enqueue",
                                "logwarden-live", 256, 0)), tails);

        assertThatCode(demo::follow).doesNotThrowAnyException();
        assertThat(output).contains("Demo: cannot follow").contains("is outside the allowed roots")
                .contains("logwarden.tail.allowed-roots").contains("logwarden.demo.enabled=false");
    }
}
