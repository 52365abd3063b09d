package io.logwarden.pipeline;

import io.logwarden.live.StreamingStats;
import io.logwarden.live.WebSocketClients;
import io.logwarden.model.DeepLogModel;
import io.logwarden.model.ModelManager;
import io.logwarden.parse.WarmUpSource;
import io.logwarden.settings.LogwardenProperties;
import io.logwarden.settings.Role;
import io.logwarden.window.SlidingWindowStrategy;
import io.logwarden.window.WindowProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

/** A warm-up that fails is logged and the service starts anyway, with nothing of the warm-up's source left. */
class PipelineWarmUpFailureTest {

    @Test
    void aChunkRouteThatThrowsDoesNotStopTheStartAndLeavesNoSourceBehind() throws Exception {
        StreamingStats stats = new StreamingStats(new SimpleMeterRegistry(), new WebSocketClients());
        ModelManager models = mock(ModelManager.class);
        when(models.active()).thenReturn(mock(DeepLogModel.class));
        LogwardenProperties settings = new LogwardenProperties(Path.of("data"), "models", "demo", Role.STANDALONE, "routes",
                "127.0.0.1", new LogwardenProperties.Pipeline("direct:log-lines", false, false, "direct:websocket-enqueue", "live", 256, 1000));
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from(PipelineWarmUp.CHUNKS).process(e -> {
                        throw new IllegalStateException("the model's native library is gone");
                    });
                }
            });
            camel.start();
            PipelineWarmUp warmUp = new PipelineWarmUp(camel, stats,
                    new SlidingWindowStrategy(new WindowProperties(3, 1, 100, "", 1000, Duration.ofMinutes(10))), models, settings);

            assertThatCode(() -> warmUp.run(null)).doesNotThrowAnyException();

            assertThat(warmUp.lastRun()).isNotNull();
            assertThat(warmUp.lastRun().finished()).isFalse();
            assertThat(stats.find(WarmUpSource.NAME)).isEmpty();
        }
    }
}
