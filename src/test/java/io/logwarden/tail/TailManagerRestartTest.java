package io.logwarden.tail;

import io.logwarden.live.StreamingStats;
import io.logwarden.web.StreamingApi;
import io.logwarden.window.SlidingWindowStrategy;
import io.logwarden.window.WindowProperties;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Through the real service: TailManager creates the route from routes/tail.yaml, "stream:" is the
 * Logwarden component, lines go through the real pipeline. A service stop (route removed without an
 * API stop) and start (a new TailManager restoring followed.json) resumes exactly where processing ended.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class TailManagerRestartTest {

    @TempDir
    static Path data;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        TailServiceProperties.register(registry, data);
    }

    @Autowired TailManager tails;
    @Autowired StreamingApi api;
    @Autowired StreamingStats stats;
    @Autowired CamelContext camel;
    @Autowired AllowedRoots allowedRoots;
    @Autowired TailProperties tailProperties;
    @Autowired TailSourceProperties sourceProperties;
    @Autowired WindowProperties windowProperties;
    @Autowired SlidingWindowStrategy windows;
    @Autowired TailRegistry registry;
    @Autowired TailingStreamComponent stream;
    @Autowired MeterRegistry meters;
    @Autowired TailingHealthIndicator tailingHealth;

    @Test
    @SuppressWarnings("unchecked")
    void followedFilesComeBackAfterARestartAndResumeWithoutLossOrReplay() throws Exception {
        assertThat(camel.getComponent("stream")).isSameAs(stream);
        Path logs = Files.createDirectories(data.resolve("logs"));
        Path log = logs.resolve("service.log");
        try (LogWriter writer = new LogWriter(log)) {
            writer.append(20, true);
            FollowedFile file = tails.start(log.toString(), 5, "beginning").file();
            awaitLines(log, 20);
            long size = Files.size(log);
            // the position moves once the route call for the line has returned, just after the stats saw it
            TailHarness.await(() -> registry.state(log.toString()).map(TailState::position).orElse(0L) == size,
                    Duration.ofSeconds(5), () -> "position should reach the end of the file");

            Map<String, Object> entry = api.status("localhost").files().get(0);
            Map<String, Object> tail = (Map<String, Object>) entry.get("tail");
            assertThat(tail).containsEntry("position", Files.size(log)).containsEntry("lag_bytes", 0L)
                    .containsEntry("lines_read", 20L).containsKey("identity");
            assertThat(meters.find("logwarden.tail.lines.read").tag("file", log.toString()).functionCounter().count())
                    .isEqualTo(20.0);
            assertThat(meters.find("logwarden.tail.lag.bytes").tag("file", log.toString()).gauge()).isNotNull();
            Path followedJson = data.resolve("tail/followed.json");
            assertThat(Files.readString(followedJson)).contains(log.toString()).contains("\"windowSize\" : 5");

            // the service goes down: the route stops (position saved), nobody calls the stop API
            camel.getRouteController().stopRoute(file.routeId());
            camel.removeRoute(file.routeId());
            assertThat(stream.getPositionStore().load(log.toString())).get()
                    .extracting(TailPosition::offset).isEqualTo(Files.size(log));
            writer.append(10, true); // written while the service is down

            TailManager restarted = new TailManager(camel, allowedRoots, tailProperties, windowProperties, windows,
                    registry, stream, data.toString(), sourceProperties);
            restarted.restoreFollowed();
            assertThat(restarted.followed()).extracting(FollowedFile::path).containsExactly(log.toString());
            assertThat(restarted.followed().iterator().next().windowSize()).isEqualTo(5);
            awaitLines(log, 30);
            writer.append(5, false);
            awaitLines(log, 35);
            await("no line processed twice").during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5))
                    .untilAsserted(() -> assertThat(stats.of(log.toString()).lines()).isEqualTo(35));

            restarted.stop(log.toString());
            assertThat(stream.getPositionStore().load(log.toString())).as("stopping through the API forgets the position").isEmpty();
            assertThat(Files.readString(followedJson)).doesNotContain(log.toString());
            assertThat(meters.find("logwarden.tail.lines.read").tag("file", log.toString()).functionCounter()).isNull();
        }
    }

    @Test
    void aFollowedFileThatIsGoneAtStartUpIsFollowedAgainAndReadWhenItComesBack() throws Exception {
        Path followedJson = data.resolve("tail/followed.json");
        Files.createDirectories(followedJson.getParent());
        Path missing = data.resolve("logs/gone.log");
        Files.createDirectories(missing.getParent());
        Files.writeString(followedJson, "[{\"path\":\"" + missing + "\",\"windowSize\":10,\"from\":\"end\"}]");
        TailManager restarted = new TailManager(camel, allowedRoots, tailProperties, windowProperties, windows,
                registry, stream, data.toString(), sourceProperties);
        restarted.restoreFollowed();
        assertThat(restarted.followed()).extracting(FollowedFile::path).containsExactly(missing.toString());
        TailHarness.await(() -> registry.state(missing.toString()).map(TailState::phase).orElse(null)
                == TailState.Phase.WAITING_FOR_FILE, Duration.ofSeconds(10), () -> "should wait for the file");
        assertThat(Files.readString(followedJson)).as("still listed").contains(missing.toString());

        Files.writeString(missing, "first line after the file came back\nsecond\n");
        awaitLines(missing, 2);
        restarted.stop(missing.toString());
    }

    @Test
    void aFollowedFileOutsideTheAllowedRootsAtStartUpIsLoggedAndKeptNotFollowed() throws Exception {
        Path followedJson = data.resolve("tail/followed.json");
        Files.createDirectories(followedJson.getParent());
        String outside = data.resolve("elsewhere/secret.log").toString();
        Files.writeString(followedJson, "[{\"path\":\"" + outside + "\",\"windowSize\":10,\"from\":\"end\"}]");
        TailManager restarted = new TailManager(camel, allowedRoots, tailProperties, windowProperties, windows,
                registry, stream, data.toString(), sourceProperties);
        restarted.restoreFollowed();
        assertThat(restarted.followed()).isEmpty();
        assertThat(Files.readString(followedJson)).as("kept for the next start").contains(outside);
    }

    @Test
    void aNamePointingOutOfTheRootsAtStartUpIsFollowedRefusedAndResumedOnceTheFileIsBack() throws Exception {
        Path logs = Files.createDirectories(data.resolve("logs"));
        Path log = logs.resolve("swapped.log");
        Path aside = Files.createDirectories(data.resolve("elsewhere")).resolve("swapped-aside.log");
        Path secret = data.resolve("elsewhere/secret-of-swap.log");
        Files.writeString(secret, "secret line\n");
        Files.writeString(log, "one\ntwo\nthree\n");
        // a manager of its own, so the service's (the status's) list is left as it was
        TailManager first = new TailManager(camel, allowedRoots, tailProperties, windowProperties, windows,
                registry, stream, data.toString(), sourceProperties);
        FollowedFile file = first.start(log.toString(), 5, "beginning").file();
        awaitLines(log, 3);
        TailHarness.await(() -> stream.getPositionStore().load(log.toString()).map(TailPosition::lines).orElse(0L) == 3,
                Duration.ofSeconds(10), () -> "the position of the third line saved");
        // the service goes down; meanwhile the name is swapped for a link out of the allowed roots
        camel.getRouteController().stopRoute(file.routeId());
        camel.removeRoute(file.routeId());
        Files.move(log, aside);
        Files.createSymbolicLink(log, secret);

        TailManager restarted = new TailManager(camel, allowedRoots, tailProperties, windowProperties, windows,
                registry, stream, data.toString(), sourceProperties);
        restarted.restoreFollowed();
        assertThat(restarted.followed()).extracting(FollowedFile::path).contains(log.toString());
        TailHarness.await(() -> String.valueOf(registry.state(log.toString()).map(TailState::describe).orElse(Map.of()))
                .contains("outside the allowed roots"), Duration.ofSeconds(10), () -> "the refusal shows in the status");
        assertThat(tailingHealth.health().getStatus().getCode()).isNotEqualTo("UP");
        assertThat(stats.of(log.toString()).lines()).as("nothing read from the link's target").isEqualTo(3);

        Files.delete(log);
        Files.move(aside, log);
        Files.writeString(log, "four\nfive\n", java.nio.file.StandardOpenOption.APPEND);
        awaitLines(log, 5);
        await("no line read again").during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(stats.of(log.toString()).lines()).isEqualTo(5));
        restarted.stop(log.toString());
    }

    @Test
    void aFollowedListThatCannotBeSavedAnswers500KeepsReadingAndShowsDegraded() throws Exception {
        Path tailDir = data.resolve("tail");
        if (Files.isDirectory(tailDir)) {
            try (var files = Files.list(tailDir)) {
                for (Path p : files.toList()) {
                    Files.delete(p);
                }
            }
            Files.delete(tailDir);
        }
        Files.writeString(tailDir, "not a directory"); // followed.json cannot be written under it
        Path log = Files.createDirectories(data.resolve("logs")).resolve("unsaved.log");
        Files.writeString(log, "one\ntwo\nthree\n");
        try {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> tails.start(log.toString(), 5, "beginning"))
                    .isInstanceOfSatisfying(TailRequestException.class, e -> {
                        assertThat(e.kind()).isEqualTo(TailRequestException.Kind.FAILED);
                        assertThat(e.code()).isEqualTo("followed_list_not_saved");
                        assertThat(e.getMessage()).contains("is being followed now").contains("followed.json");
                    });
            assertThat(tails.followed()).extracting(FollowedFile::path).contains(log.toString());
            awaitLines(log, 3);
            assertThat(tailingHealth.health().getStatus().getCode()).isEqualTo("DEGRADED");
            assertThat(tailingHealth.health().getDetails()).containsKey("followed_list_error");

            Files.delete(tailDir);
            tails.stop(log.toString());
            assertThat(tails.followedListError()).as("saved again").isNull();
            assertThat(tailingHealth.health().getStatus().getCode()).isNotEqualTo("DEGRADED");
        } finally {
            if (Files.isRegularFile(tailDir)) {
                Files.delete(tailDir);
            }
        }
    }

    @Test
    void aFollowedListThatCouldNotBeSavedIsSavedByItselfOnceTheDirectoryIsWritableAgain() throws Exception {
        Path tailDir = replaceTailDirectoryByAFile();
        Path log = Files.createDirectories(data.resolve("logs")).resolve("resaved.log");
        Files.writeString(log, "one\ntwo\n");
        try {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> tails.start(log.toString(), 5, "beginning"))
                    .isInstanceOfSatisfying(TailRequestException.class,
                            e -> assertThat(e.code()).isEqualTo("followed_list_not_saved"));
            assertThat(tailingHealth.health().getStatus().getCode()).isEqualTo("DEGRADED");

            Files.delete(tailDir); // writable again; nobody calls the API
            Path followedJson = data.resolve("tail/followed.json");
            await().atMost(Duration.ofSeconds(20)).until(() -> Files.isRegularFile(followedJson)
                    && Files.readString(followedJson).contains(log.toString()));
            assertThat(tails.followedListError()).isNull();
            assertThat(tailingHealth.health().getStatus().getCode()).isEqualTo("UP");
        } finally {
            if (Files.isRegularFile(tailDir)) {
                Files.delete(tailDir);
            }
            tails.stop(log.toString());
        }
    }

    @Test
    void aFollowedListStillUnsavedAtShutdownIsSavedThen() throws Exception {
        Path tailDir = replaceTailDirectoryByAFile();
        Path log = Files.createDirectories(data.resolve("logs")).resolve("saved-at-stop.log");
        Files.writeString(log, "one\n");
        // a service of its own, whose discovery (the periodic retry) never runs: only the shutdown can save
        TailManager stopping = new TailManager(camel, allowedRoots, tailProperties, windowProperties, windows,
                registry, stream, data.toString(), sourceProperties);
        try {
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> stopping.start(log.toString(), 5, "beginning"))
                    .isInstanceOfSatisfying(TailRequestException.class,
                            e -> assertThat(e.code()).isEqualTo("followed_list_not_saved"));
            Files.delete(tailDir);
            assertThat(stopping.followedListError()).as("not retried without discovery").isNotNull();

            stopping.stopDiscovery(); // what the shutdown calls

            assertThat(stopping.followedListError()).isNull();
            assertThat(Files.readString(data.resolve("tail/followed.json"))).contains(log.toString());
        } finally {
            if (Files.isRegularFile(tailDir)) {
                Files.delete(tailDir);
            }
            stopping.stop(log.toString());
        }
    }

    /** followed.json cannot be written: where its directory should be there is a file (tests may run as root). */
    private Path replaceTailDirectoryByAFile() throws IOException {
        Path tailDir = data.resolve("tail");
        if (Files.isDirectory(tailDir)) {
            try (var files = Files.list(tailDir)) {
                for (Path p : files.toList()) {
                    Files.delete(p);
                }
            }
            Files.delete(tailDir);
        }
        Files.writeString(tailDir, "not a directory");
        return tailDir;
    }

    private void awaitLines(Path log, long expected) throws InterruptedException {
        TailHarness.await(() -> stats.of(log.toString()).lines() >= expected, Duration.ofSeconds(20),
                () -> "expected " + expected + " processed lines, got " + stats.of(log.toString()).lines());
    }
}
