package io.logwarden.support;

import org.junit.jupiter.api.Assumptions;
import org.springframework.test.context.DynamicPropertyRegistry;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * The PostgreSQL server the database tests use (127.0.0.1:5432, database "test", trust auth, as on
 * the project's machines and in CI). Under CI=true a missing server fails the tests; elsewhere they
 * are skipped with a message saying why.
 */
public final class PostgresServer {

    public static final String URL = System.getenv().getOrDefault("LOGWARDEN_TEST_POSTGRES_URL",
            "jdbc:postgresql://127.0.0.1:5432/test");
    public static final String USER = System.getenv().getOrDefault("LOGWARDEN_TEST_POSTGRES_USER", "postgres");
    public static final String PASSWORD = System.getenv().getOrDefault("LOGWARDEN_TEST_POSTGRES_PASSWORD", "");

    private PostgresServer() {
    }

    public static void requireRunning() {
        try (Connection ignored = DriverManager.getConnection(URL, USER, PASSWORD)) {
            // reachable
        } catch (SQLException e) {
            String why = "PostgreSQL is not reachable at " + URL + " as " + USER + ": " + e.getMessage();
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(why + " (CI=true: the PostgreSQL tests are mandatory; .ci/run starts the server)");
            }
            Assumptions.abort(why);
        }
    }

    /**
     * The service on this PostgreSQL with its tables in a schema of its own (created by Flyway), and the administrator
     * password the postgres (production) profile refuses to start without.
     */
    public static void register(DynamicPropertyRegistry registry, String schema) {
        registry.add("spring.datasource.url", () -> urlWithSchema(schema));
        registry.add("spring.datasource.username", () -> USER);
        registry.add("spring.datasource.password", () -> PASSWORD);
        registry.add("spring.flyway.schemas", () -> schema);
        registry.add("spring.flyway.create-schemas", () -> "true");
        registry.add("logwarden.admin.password", () -> "test-only-" + schema);
    }

    /** A JDBC URL that keeps this test's tables in their own schema, away from anything else in "test". */
    public static String urlWithSchema(String schema) {
        return URL + (URL.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }
}
