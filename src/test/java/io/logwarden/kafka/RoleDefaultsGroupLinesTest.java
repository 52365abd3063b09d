package io.logwarden.kafka;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Followed lines go in chunks only when standalone: an agent's records go to Kafka one by one and a detector's template
 * ids may wait for the database, which routes/errors.yaml retries per line (routes/chunks.yaml has no retries).
 */
class RoleDefaultsGroupLinesTest {

    @ParameterizedTest
    @CsvSource({"standalone,256", "agent,1", "detector,1"})
    void followedLinesAreChunkedOnlyWhenStandalone(String role, String groupLines) {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new MapPropertySource("test", Map.of("logwarden.role", role)));
        new RoleDefaults().postProcessEnvironment(environment, new SpringApplication());
        assertThat(environment.getProperty("logwarden.pipeline.group-lines")).isEqualTo(groupLines);
    }
}
