package io.logwarden.tail;

import io.logwarden.live.StreamingStats;
import io.logwarden.web.StartRequest;
import io.logwarden.web.StreamingApi;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Globs through the real service (routes/tail.yaml, the real pipeline): the files a glob matches are
 * followed minus the excludes, a file appearing later is picked up and read from its start, a file whose
 * name is gone is stopped once read to its end, the open-file limit keeps further files out with a status
 * and a DEGRADED health (and a 409 for a start request) until a slot frees up, a match resolving outside
 * the allowed roots is refused with its reason, a logwarden.tail.sources glob is followed at start-up
 * with its multiline setting, and after a restart the glob comes back from followed.json: its files resume at
 * their saved positions and a file that appeared while the service was down is read from its start.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TailGlobTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    static Path data;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) throws IOException {
        TailServiceProperties.register(registry, data);
        registry.add("logwarden.tail.max-open-files", () -> "4");
        registry.add("logwarden.tail.exclude[0]", () -> "*-debug.log");
        registry.add("logwarden.tail.sources[0].path", () -> data.resolve("logs/java/*.log").toString());
        registry.add("logwarden.tail.sources[0].multiline.preset", () -> "java");
        registry.add("logwarden.tail.sources[0].multiline.flush-timeout", () -> "200ms");
    }

    @Autowired TailManager tails;
    @Autowired StreamingApi api;
    @Autowired StreamingStats stats;
    @Autowired TailingHealthIndicator tailingHealth;
    @Autowired TailingStreamComponent stream;
    @Autowired org.apache.camel.CamelContext camel;
    @Autowired AllowedRoots allowedRoots;
    @Autowired TailProperties tailProperties;
    @Autowired TailSourceProperties sourceProperties;
    @Autowired io.logwarden.window.WindowProperties windowProperties;
    @Autowired io.logwarden.window.SlidingWindowStrategy windows;
    @Autowired TailRegistry registry;

    @Test
    @Order(3) // last: it ends the discovery of this context's TailManager, as a shutdown does
    void aGlobComesBackAfterARestartItsFilesResumeAndAFileNewSinceIsReadFromItsStart() throws Exception {
        Path dir = Files.createDirectories(data.resolve("logs/restart"));
        Path kept = Files.writeString(dir.resolve("kept.log"), "k1\nk2\n");
        String glob = dir.resolve("*.log").toString();
        tails.start(glob, null, "beginning");
        awaitLines(kept, 2);
        TailHarness.await(() -> Long.valueOf(2).equals(tails.tailStatus(kept.toString()).get("acknowledged_lines")), WAIT,
                () -> "status " + tails.tailStatus(kept.toString()));
        // the service goes down: discovery ends, the file's route stops (its position saved), nobody calls the stop API
        tails.stopDiscovery();
        String routeId = TailManager.routeIdFor(kept);
        camel.getRouteController().stopRoute(routeId);
        camel.removeRoute(routeId);
        Files.writeString(kept, "k3\n", StandardOpenOption.APPEND); // written while down
        Path fresh = Files.writeString(dir.resolve("fresh.log"), "f1\nf2\n"); // appeared while down
        Files.writeString(data.resolve("tail/followed.json"),
                "[{\"path\":\"" + glob + "\",\"windowSize\":10,\"from\":\"end\"}]");

        TailManager restarted = new TailManager(camel, allowedRoots, tailProperties, windowProperties, windows, registry,
                stream, data.toString(), sourceProperties);
        try {
            restarted.restoreFollowed();
            awaitLines(kept, 3);
            awaitLines(fresh, 2);
            TailHarness.await(() -> Long.valueOf(3).equals(restarted.tailStatus(kept.toString()).get("acknowledged_lines")),
                    WAIT, () -> "status " + restarted.tailStatus(kept.toString()));
            assertThat(stats.of(kept.toString()).lines()).as("resumed: no line twice").isEqualTo(3);
            assertThat(stats.of(fresh.toString()).lines()).as("new since: from its start despite from=end").isEqualTo(2);
        } finally {
            restarted.stop(glob);
            tails.stop(glob);
        }
    }

    @Test
    @Order(1)
    @SuppressWarnings("unchecked")
    void aGlobFollowsItsFilesPicksUpNewOnesDropsGoneOnesAndStopsAtTheOpenFileLimit() throws Exception {
        Path app = Files.createDirectories(data.resolve("logs/app"));
        Files.writeString(app.resolve("a.log"), "a1\na2\n");
        Files.writeString(app.resolve("b.log"), "b1\n");
        Files.writeString(app.resolve("c-debug.log"), "excluded\n");
        Files.writeString(app.resolve("notes.txt"), "not matched\n");
        String glob = app.resolve("*.log").toString();

        assertThat(api.start(new StartRequest(glob, null, "beginning")).status()).isEqualTo("started");
        awaitLines(app.resolve("a.log"), 2);
        awaitLines(app.resolve("b.log"), 1);
        assertThat(followedPaths()).contains(glob, app.resolve("a.log").toString(), app.resolve("b.log").toString())
                .doesNotContain(app.resolve("c-debug.log").toString(), app.resolve("notes.txt").toString());
        assertThat(Files.readString(data.resolve("tail/followed.json"))).as("the glob is listed, not its files")
                .contains(glob).doesNotContain(app.resolve("a.log").toString());

        // a file appearing later is read from its start, whatever "from" the glob was started with
        Files.writeString(app.resolve("late.log"), "l1\nl2\nl3\n");
        awaitLines(app.resolve("late.log"), 3);

        // gone: b.log is read to its end (a line written just before the delete included), then dropped
        Files.writeString(app.resolve("b.log"), "b2\n", StandardOpenOption.APPEND);
        awaitLines(app.resolve("b.log"), 2);
        Files.delete(app.resolve("b.log"));
        TailHarness.await(() -> !followedPaths().contains(app.resolve("b.log").toString()), WAIT,
                () -> "b.log should be dropped once finished; followed " + followedPaths());
        TailHarness.await(() -> stream.getPositionStore().load(app.resolve("b.log").toString()).isEmpty(), WAIT,
                () -> "the position of a dropped file is forgotten");

        // the limit (4 files): java/ is followed by the source glob at start-up but holds no file yet;
        // a.log, late.log + two more fill it, the fifth waits with a reason
        Files.writeString(app.resolve("d.log"), "d1\n");
        Files.writeString(app.resolve("e.log"), "e1\n");
        Files.writeString(app.resolve("f.log"), "f1\n");
        TailHarness.await(() -> ((Number) tails.tailStatus(glob).get("not_followed_limit")).intValue() == 1, WAIT,
                () -> "status " + tails.tailStatus(glob));
        assertThat(tails.tailStatus(glob)).containsEntry("following", 4).containsEntry("matched", 5);
        assertThat(tails.tailStatus(glob).get("last_error").toString()).contains("logwarden.tail.max-open-files (4) reached");
        assertThat(tailingHealth.health().getStatus().getCode()).isEqualTo("DEGRADED");
        assertThat((Map<String, String>) tailingHealth.health().getDetails().get("globs")).containsKey(glob);
        Path single = Files.writeString(Files.createDirectories(data.resolve("logs/other")).resolve("one.log"), "x\n");
        assertThatThrownBy(() -> tails.start(single.toString(), null, null))
                .isInstanceOfSatisfying(TailRequestException.class, e -> {
                    assertThat(e.kind()).isEqualTo(TailRequestException.Kind.LIMIT);
                    assertThat(e.code()).isEqualTo("open_file_limit");
                });

        // a slot frees up: the waiting file is followed
        tails.stop(app.resolve("a.log").toString());
        TailHarness.await(() -> ((Number) tails.tailStatus(glob).get("not_followed_limit")).intValue() == 0, WAIT,
                () -> "status " + tails.tailStatus(glob));
        assertThat(tailingHealth.health().getStatus().getCode()).isEqualTo("UP");
        long scans = ((Number) tails.tailStatus(glob).get("scans")).longValue();
        TailHarness.await(() -> ((Number) tails.tailStatus(glob).get("scans")).longValue() >= scans + 3, WAIT,
                () -> "the glob should be scanned again");
        // a file stopped by hand is not picked up again by its glob
        assertThat(followedPaths()).doesNotContain(app.resolve("a.log").toString());

        tails.stop(glob);
        assertThat(followedPaths()).doesNotContain(glob, app.resolve("late.log").toString());
    }

    @Test
    @Order(2)
    void aSourceGlobIsFollowedAtStartUpWithItsMultilineSettingAndAMatchOutsideTheRootsIsRefused() throws Exception {
        Path java = Files.createDirectories(data.resolve("logs/java"));
        Path log = java.resolve("orders.log");
        Files.writeString(log, String.join("\n", MultilineJoinerTest.JAVA_LOG) + "\n");
        awaitLines(log, 4); // 12 lines, 4 events: the stack trace is one
        TailHarness.await(() -> Long.valueOf(12).equals(tails.tailStatus(log.toString()).get("acknowledged_lines")), WAIT,
                () -> "status " + tails.tailStatus(log.toString()));
        assertThat(stats.of(log.toString()).lines()).isEqualTo(4);
        assertThat(tails.tailStatus(log.toString())).containsEntry("multiline_events", 1L).containsEntry("lines_read", 12L);

        Path outside = Files.writeString(Files.createDirectories(data.resolve("secret")).resolve("key.txt"), "k\n");
        Files.createSymbolicLink(java.resolve("sneaky.log"), outside);
        String glob = java.resolve("*.log").toString();
        TailHarness.await(() -> ((Map<?, ?>) tails.tailStatus(glob).get("refused")).containsKey(java.resolve("sneaky.log").toString()),
                WAIT, () -> "status " + tails.tailStatus(glob));
        assertThat(((Map<?, ?>) tails.tailStatus(glob).get("refused")).get(java.resolve("sneaky.log").toString()).toString())
                .contains("outside the allowed roots");
        assertThat(followedPaths()).doesNotContain(java.resolve("sneaky.log").toString());
    }

    private List<String> followedPaths() {
        return tails.followed().stream().map(FollowedFile::path).toList();
    }

    private void awaitLines(Path log, long expected) throws InterruptedException {
        TailHarness.await(() -> stats.of(log.toString()).lines() >= expected, WAIT,
                () -> "expected " + expected + " processed lines of " + log + ", got " + stats.of(log.toString()).lines());
    }
}
