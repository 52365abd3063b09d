package io.logwarden.ops;

import io.logwarden.support.FreePort;
import io.logwarden.support.PostgresServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Readiness follows the database: on a PostgreSQL database of its own, the service is ready; once the
 * database refuses connections, readiness answers 503 (Kubernetes stops sending traffic) while liveness
 * stays UP (no restart loop); when the database is back, the service is ready again.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("postgres")
@DirtiesContext
class ReadinessWithoutDatabaseTest {

    private static final String DATABASE = "logwarden_readiness_" + Long.toString(System.nanoTime(), 36);
    private static final String ADMIN_URL = PostgresServer.URL.replaceFirst("/[^/?]+(\\?.*)?$", "/postgres");

    @LocalServerPort
    int port;

    @BeforeAll
    static void createDatabase() throws SQLException {
        PostgresServer.requireRunning();
        admin("CREATE DATABASE " + DATABASE);
    }

    @AfterAll
    static void dropDatabase() throws SQLException {
        // the context still holds pooled connections here; FORCE ends them (PostgreSQL 13+)
        admin("DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws Exception {
        Path dir = Files.createTempDirectory("logwarden-readiness");
        int websocketPort = FreePort.find();
        registry.add("spring.datasource.url", () -> PostgresServer.URL.replaceFirst("/[^/?]+(\\?.*)?$", "/" + DATABASE));
        registry.add("spring.datasource.username", () -> PostgresServer.USER);
        registry.add("spring.datasource.password", () -> PostgresServer.PASSWORD);
        registry.add("spring.datasource.hikari.connection-timeout", () -> "2000");
        registry.add("logwarden.admin.password", () -> "test-only-readiness");
        registry.add("logwarden.data-dir", () -> dir.resolve("data").toString());
        registry.add("logwarden.models-dir", () -> dir.resolve("models").toString());
        registry.add("logwarden.tail.allowed-roots", () -> dir.toString());
        registry.add("logwarden.demo.enabled", () -> "false");
        registry.add("logwarden.websocket.port", () -> websocketPort);
        registry.add("camel.main.routes-reload-enabled", () -> "false");
    }

    private static void admin(String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection(ADMIN_URL, PostgresServer.USER, PostgresServer.PASSWORD);
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private int status(String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(20)).GET().build();
        return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void notReadyWhileTheDatabaseRefusesConnectionsAndReadyAgainAfter() throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> status("/actuator/health/readiness") == 200);

        admin("ALTER DATABASE " + DATABASE + " ALLOW_CONNECTIONS false");
        admin("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + DATABASE + "'");
        await().atMost(Duration.ofSeconds(60)).until(() -> status("/actuator/health/readiness") == 503);
        assertThat(status("/actuator/health/liveness")).isEqualTo(200);

        admin("ALTER DATABASE " + DATABASE + " ALLOW_CONNECTIONS true");
        await().atMost(Duration.ofSeconds(60)).until(() -> status("/actuator/health/readiness") == 200);
    }
}
