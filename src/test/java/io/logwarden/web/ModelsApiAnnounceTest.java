package io.logwarden.web;

import io.logwarden.model.ModelActivation;
import io.logwarden.model.ModelManager;
import io.logwarden.parse.LogParser;
import io.logwarden.parse.ParserProperties;
import io.logwarden.parse.TemplateStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * A detector replica whose announcement to the other replicas fails (broker unreachable) says so: 503
 * model_not_shared, and that the model is active here only (KafkaModelActivationTest covers the success).
 */
class ModelsApiAnnounceTest {

    @TempDir
    Path models;

    @Test
    void aFailedAnnouncementIs503AndSaysTheModelIsActiveHereOnly() throws Exception {
        for (String name : new String[] {"demo", "demo-copy"}) {
            Path to = Files.createDirectories(models.resolve(name));
            try (Stream<Path> files = Files.list(Path.of("models", "demo"))) {
                for (Path file : files.toList()) {
                    Files.copy(file, to.resolve(file.getFileName()));
                }
            }
        }
        ModelManager manager = new ModelManager(models.toString(), "demo");
        LogParser parser = new LogParser(ParserProperties.defaults(), models.resolve("demo").resolve(TemplateStore.FILE_NAME), new TemplateStore());
        ModelActivation activation = new ModelActivation(manager, parser, new SimpleMeterRegistry());
        ModelsApi api = new ModelsApi(manager, activation, (model, request) -> {
            throw new IllegalStateException("wrapped", new org.apache.kafka.common.errors.TimeoutException("Topic logwarden-control not present in metadata after 10000 ms."));
        }, null, null, null, 10, java.time.Clock.systemUTC());

        ApiException refused = catchThrowableOfType(ApiException.class, () -> api.activate("demo-copy", null));
        assertThat(refused.getStatus()).isEqualTo(503);
        assertThat(refused.getCode()).isEqualTo("model_not_shared");
        assertThat(refused.getMessage()).contains("demo-copy is active on this replica", "keep their model", "TimeoutException",
                "not present in metadata");
        assertThat(manager.active().name()).isEqualTo("demo-copy");
        manager.close();
    }
}
