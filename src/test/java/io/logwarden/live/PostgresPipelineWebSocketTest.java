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
        registry.add("spring.datasource.url", () -> PostgresServer.urlWithSchema(SCHEMA));
        registry.add("spring.datasource.username", () -> PostgresServer.USER);
        registry.add("spring.datasource.password", () -> PostgresServer.PASSWORD);
        registry.add("spring.flyway.schemas", () -> SCHEMA);
        registry.add("spring.flyway.create-schemas", () -> "true");
        // the postgres (production) profile refuses to start without an administrator password
        registry.add("logwarden.admin.password", () -> "test-only-" + SCHEMA);
    }
}
