package io.logwarden.security;

import com.fasterxml.jackson.databind.JsonNode;
import io.logwarden.parse.LogParser;
import io.logwarden.parse.TemplateRecord;
import io.logwarden.support.LogwardenTestContext;
import io.logwarden.support.TestCredentials;
import io.logwarden.support.WebSocketRecorder;
import io.logwarden.tail.TailManager;
import io.logwarden.tail.TailingHealthIndicator;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 11, holes 1, 3 and 4: a followed file swapped for a symlink out of the allowed roots (at rotation and when
 * the reader starts again from a stored position), training over an existing model, binary and over-long uploads.
 */
class UntrustedFilesTest extends LogwardenTestContext {

    static final String SECRET = "root:x:0:0:SECRET-MARKER-of-the-password-file:/root:/bin/bash";

    @Autowired
    TailManager tails;
    @Autowired
    CamelContext camel;
    @Autowired
    MeterRegistry meters;
    @Autowired
    LogParser parser;
    @Autowired
    TailingHealthIndicator tailingHealth;

    /** Test classes share the context: leave no followed file (nor its error) behind for the next. */
    @org.junit.jupiter.api.AfterEach
    void stopEverything() {
        post("/api/v1/streaming/stop", "");
    }

    // ---- hole 1 ---------------------------------------------------------------------------------------------

    @Test
    void aFollowedFileSwappedForASymlinkOutOfTheRootsIsNotReadAtRotationNorAtRestart() throws Exception {
        Path secret = secretFile();
        Path rot = newLogFile("rot.log");
        Path rot2 = newLogFile("rot2.log");
        try (WebSocketRecorder client = WebSocketRecorder.connect(websocketUrl())) {
            client.awaitType("connection", Duration.ofSeconds(10));
            assertThat(post("/api/v1/streaming/start", "{\"log_file\":\"" + rot + "\",\"window_size\":2,\"from\":\"beginning\"}").status())
                    .isEqualTo(200);
            append(rot, normalSession(1));
            await().atMost(Duration.ofSeconds(30)).until(() -> tailed(rot).path("lines_read").asLong() == 4);

            // rotation: ln -sfn /etc/passwd logs/x && mv -Tf logs/x logs/rot.log
            swapForSymlink(rot, secret);
            await().atMost(Duration.ofSeconds(30)).until(() -> tailed(rot).path("opens_refused").asLong() >= 1);
            JsonNode state = tailed(rot);
            assertThat(state.path("last_error").asText()).contains("outside the allowed roots");
            // a refusal to resolve, not a reader failing: looked at every scan, not retried with backoff
            assertThat(state.path("state").asText()).isEqualTo("refused");
            assertThat(tailingHealth.health().getStatus().getCode()).isEqualTo("DEGRADED");
            assertThat(state.path("lines_read").asLong()).as("nothing read from the secret").isEqualTo(4);
            assertThat(meters.find("logwarden.tail.opens.refused").tag("file", rot.toString()).functionCounter().count()).isGreaterThanOrEqualTo(1);

            // restart: the reader stops with a stored position, the name is swapped while it is down, it starts again
            assertThat(post("/api/v1/streaming/start", "{\"log_file\":\"" + rot2 + "\",\"window_size\":2,\"from\":\"beginning\"}").status())
                    .isEqualTo(200);
            append(rot2, normalSession(2));
            await().atMost(Duration.ofSeconds(30)).until(() -> tailed(rot2).path("lines_read").asLong() == 4);
            String routeId = get("/api/v1/streaming/status").json().path("files").findValues("route_id").stream()
                    .map(JsonNode::asText).filter(id -> id.contains("rot2")).findFirst().orElseThrow();
            camel.getRouteController().stopRoute(routeId);
            swapForSymlink(rot2, secret);
            camel.getRouteController().startRoute(routeId);
            await().atMost(Duration.ofSeconds(30)).until(() -> tailed(rot2).path("opens_refused").asLong() >= 1);
            assertThat(tailed(rot2).path("lines_read").asLong()).isZero();

            assertThat(get("/api/v1/alerts?size=500&source=" + rot).body()).doesNotContain("SECRET-MARKER");
            assertThat(get("/api/v1/alerts?size=500&source=" + rot2).body()).doesNotContain("SECRET-MARKER");
            assertThat(client.messages().toString()).doesNotContain("SECRET-MARKER");
            assertThat(parser.templates()).extracting(TemplateRecord::template).noneMatch(t -> t.contains("SECRET-MARKER"));
        } finally {
            post("/api/v1/streaming/stop", "{\"log_file\":\"" + rot + "\"}");
            post("/api/v1/streaming/stop", "{\"log_file\":\"" + rot2 + "\"}");
        }
        // upload by path and starting anew are refused too
        assertThat(post("/api/v1/streaming/upload", "{\"log_file\":\"" + rot + "\"}").status()).isEqualTo(403);
        assertThat(post("/api/v1/streaming/start", "{\"log_file\":\"" + rot + "\"}").status()).isEqualTo(403);
    }

    // ---- hole 3 ---------------------------------------------------------------------------------------------

    @Test
    void trainingNeverOverwritesAModelAndIsBoundedAndForOperatorsOnly() throws Exception {
        Path existing = ROOT.resolve("models/demo");
        Files.createDirectories(existing);
        Files.writeString(existing.resolve("settings.json"), "{\"sentinel\":true}");
        Path log = newLogFile("train.log");
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            lines.addAll(normalSession(i));
        }
        append(log, lines);
        String body = "{\"name\":\"demo\",\"log_file\":\"" + log + "\",\"epochs\":2,\"window\":3,\"top_g\":2}";

        assertThat(sendAnonymously(HttpRequest.newBuilder(uri("/api/v1/models/train")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build()).status()).isIn(401, 403);
        assertThat(send(TestCredentials.asViewer(HttpRequest.newBuilder(uri("/api/v1/models/train"))).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build()).status()).isEqualTo(403);
        assertThat(post("/api/v1/models/train", body.replace("\"epochs\":2", "\"epochs\":100000")).json().path("error").asText())
                .isEqualTo("invalid_epochs");
        assertThat(post("/api/v1/models/train", body.replace("\"demo\"", "\"../models/demo\"")).json().path("error").asText())
                .isEqualTo("invalid_name");

        Response started = post("/api/v1/models/train", body);
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        String model = started.json().path("model").asText();
        assertThat(model).startsWith("demo-").isNotEqualTo("demo");
        String id = started.json().path("id").asText();
        await().atMost(Duration.ofSeconds(180)).until(() -> !get("/api/v1/models/jobs/" + id).json().path("state").asText()
                .matches("QUEUED|RUNNING"));
        assertThat(get("/api/v1/models/jobs/" + id).json().path("state").asText()).isEqualTo("DONE");
        assertThat(Files.readString(existing.resolve("settings.json"))).as("the existing model is untouched").isEqualTo("{\"sentinel\":true}");
        try (Stream<Path> files = Files.list(existing)) {
            assertThat(files).extracting(p -> p.getFileName().toString()).containsExactly("settings.json");
        }
        assertThat(ROOT.resolve("models").resolve(model).resolve("settings.json")).exists();
    }

    // ---- hole 4 ---------------------------------------------------------------------------------------------

    @Test
    void binaryAndOverLongUploadsCannotPoisonTheTemplatesOrTheDatabase() throws Exception {
        int templatesBefore = parser.templateCount();
        byte[] random = new byte[2 * 1024 * 1024];
        new Random(11).nextBytes(random);
        Response binary = multipart("random.bin", random);
        assertThat(binary.status()).as(binary.body()).isEqualTo(415);
        assertThat(binary.json().path("error").asText()).isEqualTo("binary_content");
        assertThat(parser.templateCount()).isEqualTo(templatesBefore);
        // other tests' followed files may still raise alerts: none may come from this upload
        assertThat(get("/api/v1/alerts?size=500").json().path("alerts").findValuesAsText("source"))
                .noneMatch(source -> source.startsWith("upload:random.bin"));

        byte[] longLine = ("x".repeat(10_000_000) + "\nsshd[1]: Accepted publickey for deploy\n").getBytes(StandardCharsets.US_ASCII);
        Response upload = multipart("long.log", longLine);
        assertThat(upload.status()).as(upload.body()).isEqualTo(200);
        assertThat(upload.json().path("lines").asLong()).isEqualTo(2);
        assertThat(upload.json().path("lines_truncated").asLong()).isEqualTo(1);
        assertThat(parser.templates()).extracting(t -> t.template().length()).allMatch(length -> length <= 65_536);

        // learned templates live under the data directory, never in models/
        assertThat(parser.templatesFile()).startsWith(ROOT.resolve("data"));
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(parser.templatesFile()));
        // before: the service wrote what it learned into the active model's directory (models/demo/templates.json)
        assertThat(ROOT.resolve("models/demo/templates.json")).doesNotExist();
        assertThat(get("/api/v1/streaming/status").json().path("templates").has("rare_template_lines")).isTrue();
    }

    @Test
    void aHardLinkInsideTheRootsToAFileOutsideIsRefusedAtStartAndAtRotation() throws Exception {
        Path secret = secretFile();
        Path hard = ROOT.resolve("logs").resolve("hard-" + System.nanoTime() + ".log");
        Files.createLink(hard, secret);
        Response start = post("/api/v1/streaming/start", "{\"log_file\":\"" + hard + "\",\"from\":\"beginning\"}");
        assertThat(start.status()).as(start.body()).isEqualTo(403);
        assertThat(start.json().path("message").asText()).contains("hard links");
        assertThat(post("/api/v1/streaming/upload", "{\"log_file\":\"" + hard + "\"}").status()).isEqualTo(403);

        // a followed name replaced by a hard link (ln -f /etc/passwd logs/x && mv -f logs/x logs/name)
        Path followed = newLogFile("hard-rot.log");
        assertThat(post("/api/v1/streaming/start", "{\"log_file\":\"" + followed + "\",\"window_size\":2,\"from\":\"beginning\"}").status())
                .isEqualTo(200);
        append(followed, normalSession(3));
        await().atMost(Duration.ofSeconds(30)).until(() -> tailed(followed).path("lines_read").asLong() == 4);
        Path link = followed.resolveSibling("x-" + System.nanoTime());
        Files.createLink(link, secret);
        Files.move(link, followed, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        await().atMost(Duration.ofSeconds(30)).until(() -> tailed(followed).path("opens_refused").asLong() >= 1);
        assertThat(tailed(followed).path("last_error").asText()).contains("hard links");
        assertThat(tailed(followed).path("lines_read").asLong()).as("nothing read from the secret").isEqualTo(4);
        Files.delete(hard);
    }

    @Test
    void oneFileUnderTwoNamesIsFollowedOnceAndLookalikeNamesAreDistinctRoutes() throws Exception {
        Path real = newLogFile("aliased.log");
        Path alias = real.resolveSibling("alias-of-aliased.log");
        Files.createSymbolicLink(alias, real);
        assertThat(post("/api/v1/streaming/start", "{\"log_file\":\"" + real + "\"}").json().path("status").asText()).isEqualTo("started");
        Response again = post("/api/v1/streaming/start", "{\"log_file\":\"" + alias + "\"}");
        assertThat(again.status()).isEqualTo(200);
        assertThat(again.json().path("status").asText()).as("judged by device and inode").isEqualTo("already_following");
        assertThatStatusLists(alias, false);

        // coll_1.log and coll#1.log once made the same route id: the second start replaced the first file's route
        Path underscore = newLogFile("coll_1.log");
        Path hash = newLogFile("coll#1.log");
        assertThat(post("/api/v1/streaming/start", "{\"log_file\":\"" + underscore + "\",\"window_size\":2,\"from\":\"beginning\"}").status())
                .isEqualTo(200);
        assertThat(post("/api/v1/streaming/start", "{\"log_file\":\"" + hash + "\",\"window_size\":2,\"from\":\"beginning\"}").status())
                .isEqualTo(200);
        assertThat(routeIdOf(underscore)).isNotEqualTo(routeIdOf(hash));
        append(underscore, normalSession(4));
        append(hash, normalSession(5));
        await().atMost(Duration.ofSeconds(30)).until(() -> tailed(underscore).path("lines_read").asLong() == 4
                && tailed(hash).path("lines_read").asLong() == 4);

        // a file whose name holds glob characters is followed as the file it is; a broken glob is a 400
        Path brackets = newLogFile("app[1].log");
        assertThat(post("/api/v1/streaming/start", "{\"log_file\":\"" + brackets + "\"}").json().path("status").asText()).isEqualTo("started");
        Response badGlob = post("/api/v1/streaming/start", "{\"log_file\":\"" + ROOT.resolve("logs") + "/x{{y}}*.log\"}");
        assertThat(badGlob.status()).as(badGlob.body()).isEqualTo(400);
        assertThat(badGlob.json().path("error").asText()).isEqualTo("invalid_glob");
    }

    private String routeIdOf(Path file) {
        for (JsonNode f : get("/api/v1/streaming/status").json().path("files")) {
            if (f.path("log_file").asText().equals(file.toString())) {
                return f.path("route_id").asText();
            }
        }
        throw new AssertionError(file + " is not followed");
    }

    private void assertThatStatusLists(Path file, boolean listed) {
        boolean found = false;
        for (JsonNode f : get("/api/v1/streaming/status").json().path("files")) {
            found |= f.path("log_file").asText().equals(file.toString());
        }
        assertThat(found).as("%s listed in the status", file).isEqualTo(listed);
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private JsonNode tailed(Path file) {
        for (JsonNode f : get("/api/v1/streaming/status").json().path("files")) {
            if (f.path("log_file").asText().equals(file.toString())) {
                return f.path("tail");
            }
        }
        throw new AssertionError(file + " is not followed");
    }

    private static Path secretFile() throws IOException {
        Path dir = ROOT.resolve("outside");
        Files.createDirectories(dir);
        Path secret = dir.resolve("passwd");
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            lines.add(SECRET.replace("root", "user" + i));
        }
        Files.write(secret, lines);
        return secret;
    }

    /** ln -sfn TARGET logs/x && mv -Tf logs/x NAME */
    private static void swapForSymlink(Path name, Path target) throws IOException {
        Path link = name.resolveSibling("x-" + System.nanoTime());
        Files.createSymbolicLink(link, target);
        Files.move(link, name, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private Response multipart(String name, byte[] content) {
        String boundary = "----logwarden" + System.nanoTime();
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + name
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] body = new byte[head.length + content.length + tail.length];
        System.arraycopy(head, 0, body, 0, head.length);
        System.arraycopy(content, 0, body, head.length, content.length);
        System.arraycopy(tail, 0, body, head.length + content.length, tail.length);
        return send(HttpRequest.newBuilder(uri("/api/v1/streaming/upload"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }
}
