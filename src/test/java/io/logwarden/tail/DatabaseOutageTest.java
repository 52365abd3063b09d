package io.logwarden.tail;

import io.logwarden.alert.Alert;
import io.logwarden.alert.AlertRepository;
import io.logwarden.support.PostgresServer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import javax.sql.DataSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The database stops answering (as a Hikari pool does under load: "Connection is not available, request
 * timed out") while a followed line raises an alert: the alert is not dropped but stored, once, when the
 * database answers again, and the line is not acknowledged before (routes/errors.yaml, pipeline-errors).
 */
@ActiveProfiles("postgres")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(DatabaseOutageTest.FlakyDatabase.class)
class DatabaseOutageTest {

    private static final String SCHEMA = "logwarden_outage_" + Long.toString(System.nanoTime(), 36);
    private static final Duration WAIT = Duration.ofSeconds(60);
    /** Refusing the alert's INSERT (alertService.store in route persist-alert, where the pool timed out). */
    static final AtomicBoolean REFUSING = new AtomicBoolean();
    static final AtomicInteger REFUSED = new AtomicInteger();
    private static final String APPLICATION = "logwarden-" + SCHEMA;

    @TempDir
    static Path data;

    @BeforeAll
    static void requirePostgres() {
        PostgresServer.requireRunning();
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        TailServiceProperties.register(registry, data);
        PostgresServer.register(registry, SCHEMA);
        registry.add("logwarden.scoring.alert", () -> "0"); // every window raises an alert
        registry.add("logwarden.scoring.warmup-windows", () -> "0");
        // the service's connections, told apart from the test's own when they are terminated
        registry.add("spring.datasource.hikari.data-source-properties.ApplicationName", () -> APPLICATION);
    }

    /** The application's DataSource, refusing connections like an exhausted pool while {@link #REFUSING}. */
    @TestConfiguration
    static class FlakyDatabase {
        @Bean
        static BeanPostProcessor refusingDataSource() {
            return new BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String name) {
                    if (!(bean instanceof DataSource real) || bean instanceof DelegatingDataSource) {
                        return bean;
                    }
                    return new DelegatingDataSource(real) {
                        @Override
                        public Connection getConnection() throws SQLException {
                            if (REFUSING.get() && StackWalker.getInstance().walk(frames -> frames.anyMatch(
                                    f -> f.getClassName().startsWith("io.logwarden.alert.AlertService") && f.getMethodName().equals("store")))) {
                                REFUSED.incrementAndGet();
                                throw new SQLTransientConnectionException("test: Connection is not available, request timed out");
                            }
                            return super.getConnection();
                        }
                    };
                }
            };
        }
    }

    @Autowired TailManager tails;
    @Autowired TailRegistry registry;
    @Autowired TailingStreamComponent stream;
    @Autowired AlertRepository alerts;
    @Autowired MeterRegistry meters;

    @Test
    void anAlertThatCannotBeStoredWaitsForTheDatabaseAndIsStoredOnceItsLineAcknowledgedOnlyThen() throws Exception {
        Path log = Files.createDirectories(data.resolve("logs")).resolve("app.log");
        append(log, "boot sequence started", "config loaded from disk", "listening on port 8080");
        tails.start(log.toString(), 2, "beginning");
        TailHarness.await(() -> acknowledgedLines(log) == 3 && !alertsOf(log).isEmpty(), WAIT,
                () -> "the first lines acknowledged and alerted: acknowledged " + acknowledgedLines(log) + ", alerts " + alertsOf(log).size());
        long alertsBefore = alertsOf(log).size();
        double errorsBefore = persistErrors();

        REFUSING.set(true);
        try {
            append(log, "kernel panic: unable to mount root fs on unknown-block(0,0)");
            // at least two attempts refused: the step is being retried, not dropped
            TailHarness.await(() -> REFUSED.get() >= 2, WAIT, () -> "retries against the refusing database");
            assertThat(alertsOf(log)).as("nothing stored while refused").hasSize((int) alertsBefore);
            assertThat(acknowledgedLines(log)).as("line 4 not acknowledged while its alert is not stored").isEqualTo(3);
            assertThat(stream.linesInFlight()).as("line 4 still in flight").isGreaterThan(0);
        } finally {
            REFUSING.set(false);
        }

        TailHarness.await(() -> acknowledgedLines(log) == 4, WAIT, () -> "line 4 acknowledged once its alert is stored");
        List<Alert> ofLine4 = alertsOf(log).stream().filter(a -> a.getLastLine() == 4).toList();
        assertThat(ofLine4).as("the alert of line 4 stored exactly once").hasSize(1);
        assertThat(persistErrors()).as("nothing counted as dropped").isEqualTo(errorsBefore);
        tails.stop(log.toString());
    }

    /**
     * PostgreSQL terminating the service's connections while alerts are stored and grouped (a failover, an operator's
     * pg_terminate_backend): the driver throws plain SQLExceptions (57P01; 08003 when the rollback finds the connection
     * gone), wrapped by Hibernate and Spring. They are the database being unavailable, not a bad alert: retried, never
     * dropped, and no alert is left stored but outside an incident.
     */
    @Test
    void connectionsTerminatedWhileAlertsAreStoredDropNothingAndLeaveNoAlertUngrouped() throws Exception {
        Path log = Files.createDirectories(data.resolve("logs")).resolve("terminated.log");
        append(log, "worker 0 started");
        tails.start(log.toString(), 2, "beginning");
        TailHarness.await(() -> acknowledgedLines(log) == 1, WAIT, () -> "the first line acknowledged");
        double errorsBefore = persistErrors();
        double retriesBefore = retries();
        AtomicInteger terminated = new AtomicInteger();
        AtomicBoolean terminating = new AtomicBoolean(true);
        Thread terminator = new Thread(() -> terminateConnections(terminating, terminated), "test-pg-terminate-backend");
        terminator.start();
        int lines = 1;
        try {
            // ten lines at a time, each batch waited for, until the pipeline has met a terminated connection 3 times
            while (retries() - retriesBefore < 3) {
                assertThat(lines).as("lines written before three retries were seen").isLessThan(3000);
                for (int i = 0; i < 10; i++) {
                    lines++;
                    append(log, "worker " + lines + " finished job " + lines + " in " + (lines % 97) + " ms");
                }
                int expected = lines;
                TailHarness.await(() -> acknowledgedLines(log) == expected, WAIT,
                        () -> "lines acknowledged: " + acknowledgedLines(log) + " of " + expected);
            }
        } finally {
            terminating.set(false);
            terminator.join();
        }
        int written = lines;
        TailHarness.await(() -> acknowledgedLines(log) == written, WAIT,
                () -> "every line acknowledged: " + acknowledgedLines(log) + " of " + written);
        // the test's own read may meet a pooled connection terminated at the very end: read until the pool answers
        AtomicReference<List<Alert>> read = new AtomicReference<>();
        await().atMost(WAIT).ignoreExceptions().until(() -> {
            read.set(alertsOf(log));
            return true;
        });
        List<Alert> stored = read.get();
        System.out.printf("PostgreSQL connections terminated %d times over %d lines: %.0f retries, %d alerts%n",
                terminated.get(), written, retries() - retriesBefore, stored.size());
        assertThat(terminated.get()).as("connections terminated").isPositive();
        assertThat(persistErrors()).as("nothing dropped (logwarden_errors_total)").isEqualTo(errorsBefore);
        assertThat(stored).as("alerts of the lines written while connections were terminated").hasSizeGreaterThan(10);
        assertThat(stored).extracting(Alert::getLastLine).as("one alert per line at most").doesNotHaveDuplicates();
        assertThat(stored).filteredOn(alert -> alert.getIncidentId() == null).as("alerts stored but in no incident").isEmpty();
        tails.stop(log.toString());
    }

    /** Terminates the service's connections every 200 ms, as an operator or a failover would, until told to stop. */
    private static void terminateConnections(AtomicBoolean terminating, AtomicInteger terminated) {
        try (Connection admin = DriverManager.getConnection(PostgresServer.URL, PostgresServer.USER, PostgresServer.PASSWORD);
             PreparedStatement terminate = admin.prepareStatement("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                     + "WHERE application_name = ? AND pid <> pg_backend_pid()")) {
            terminate.setString(1, APPLICATION);
            while (terminating.get()) {
                try (ResultSet killed = terminate.executeQuery()) {
                    killed.next();
                    terminated.addAndGet(killed.getInt(1));
                }
                TimeUnit.MILLISECONDS.sleep(200); // pacing of the fault, not a wait for a result
            }
        } catch (SQLException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private double retries() {
        return meters.counter("logwarden.database.retries").count();
    }

    private long acknowledgedLines(Path log) {
        return registry.state(log.toString()).map(s -> s.acknowledgedLines).orElse(-1L);
    }

    private List<Alert> alertsOf(Path log) {
        return alerts.findAll().stream().filter(a -> log.toString().equals(a.getSource())).toList();
    }

    private double persistErrors() {
        return meters.find("logwarden.errors").counters().stream().mapToDouble(Counter::count).sum();
    }

    private static void append(Path log, String... lines) throws IOException {
        Files.writeString(log, String.join("\n", lines) + "\n", StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
