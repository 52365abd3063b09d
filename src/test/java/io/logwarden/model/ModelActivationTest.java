package io.logwarden.model;

import io.logwarden.parse.LogParser;
import io.logwarden.parse.ParserProperties;
import io.logwarden.parse.TemplateStore;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a detector replica does with the cluster's model (the control topic's record, here handed over
 * directly; KafkaModelActivationTest goes through a broker): it activates a model it has with the same
 * network, and keeps its current model, saying why, for one it lacks, holds in another version or cannot load.
 */
class ModelActivationTest {

    @TempDir
    Path models;

    @Test
    void followsTheClusterOnlyToAModelItHasWithTheSameNetwork() throws Exception {
        copyDemo("demo");
        copyDemo("demo-copy");
        copyDemo("retrained");
        // same name elsewhere, other network: settings.json is part of the checksum
        Files.writeString(models.resolve("retrained").resolve("settings.json"), "\n", StandardOpenOption.APPEND);
        copyDemo("broken");
        Files.writeString(models.resolve("broken").resolve(ModelStore.PARAMETERS_PREFIX + "-0000.params"), "not parameters");

        ModelManager manager = new ModelManager(models.toString(), "demo");
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        LogParser parser = new LogParser(ParserProperties.defaults(), models.resolve("demo").resolve(TemplateStore.FILE_NAME), new TemplateStore());
        ModelActivation activation = new ModelActivation(manager, parser, meters);
        String demoNetwork = activation.checksum("demo");
        assertThat(activation.checksum("demo-copy")).as("a copied model has the same network").isEqualTo(demoNetwork);
        assertThat(activation.cluster()).isNull();

        ModelActivation.ClusterStatus followed = activation.follow(shared("demo-copy", demoNetwork), "replica-b");
        assertThat(followed.state()).isEqualTo(ModelActivation.State.ACTIVE);
        assertThat(manager.active().name()).isEqualTo("demo-copy");
        assertThat(mismatch(meters)).isZero();

        ModelActivation.ClusterStatus missing = activation.follow(shared("elsewhere", demoNetwork), "replica-b");
        assertThat(missing.state()).isEqualTo(ModelActivation.State.MISSING);
        assertThat(missing.message()).contains("\"elsewhere\"", "replica-b", "keeps scoring with model demo-copy");
        assertThat(manager.active().name()).isEqualTo("demo-copy");
        assertThat(mismatch(meters)).isEqualTo(1.0);

        ModelActivation.ClusterStatus different = activation.follow(shared("retrained", demoNetwork), "replica-b");
        assertThat(different.state()).isEqualTo(ModelActivation.State.DIFFERENT);
        assertThat(different.message()).contains("another network", "replica-a");
        assertThat(manager.active().name()).isEqualTo("demo-copy");

        ModelActivation.ClusterStatus failed = activation.follow(shared("broken", null), "replica-b");
        assertThat(failed.state()).isEqualTo(ModelActivation.State.FAILED);
        assertThat(manager.active().name()).isEqualTo("demo-copy");
        assertThat(activation.cluster()).isEqualTo(failed);

        assertThat(activation.follow(shared("demo", demoNetwork), "replica-b").state()).isEqualTo(ModelActivation.State.ACTIVE);
        assertThat(manager.active().name()).isEqualTo("demo");
        assertThat(mismatch(meters)).isZero();
        manager.close();
    }

    private static SharedModel shared(String model, String checksum) {
        return new SharedModel(model, checksum, "alice", "replica-a", "2026-12-04T23:00:00Z");
    }

    private static double mismatch(SimpleMeterRegistry meters) {
        return meters.get("logwarden.model.cluster.mismatch").gauge().value();
    }

    private void copyDemo(String name) throws IOException {
        Path to = Files.createDirectories(models.resolve(name));
        try (Stream<Path> files = Files.list(Path.of("models", "demo"))) {
            for (Path file : files.toList()) {
                Files.copy(file, to.resolve(file.getFileName()));
            }
        }
    }
}
