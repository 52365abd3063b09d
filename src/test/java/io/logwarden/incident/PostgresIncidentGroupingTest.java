package io.logwarden.incident;

import io.logwarden.support.PostgresServer;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Incident grouping on PostgreSQL (127.0.0.1:5432/test), schema from the same Flyway migrations. */
@ActiveProfiles("postgres")
class PostgresIncidentGroupingTest extends IncidentGroupingTest {

    private static final String SCHEMA = "logwarden_inc_" + Long.toString(System.nanoTime(), 36);

    @BeforeAll
    static void requirePostgres() {
        PostgresServer.requireRunning();
    }

    @DynamicPropertySource
    static void postgres(DynamicPropertyRegistry registry) {
        PostgresServer.register(registry, SCHEMA);
    }
}
