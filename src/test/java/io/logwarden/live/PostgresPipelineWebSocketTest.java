package io.logwarden.live;

import io.logwarden.support.PostgresServer;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The same pipeline on PostgreSQL (127.0.0.1:5432/test), schema created by the same Flyway migrations. */
@ActiveProfiles("postgres")
class PostgresPipelineWebSocketTest extends PipelineWebSocketTest {

    private static final String SCHEMA = "logwarden_it_" + Long.toString(System.nanoTime(), 36);

    @BeforeAll
    static void requirePostgres() {
        PostgresServer.requireRunning();
    }

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        PostgresServer.register(registry, SCHEMA);
    }
}
