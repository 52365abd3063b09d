package io.logwarden.web;

import io.logwarden.support.LogwardenTestContext;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.AdviceWith;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The request-time and upload-size limits, lowered so that a small upload meets them, answer with JSON naming the limit. */
@TestPropertySource(properties = {
        "spring.mvc.async.request-timeout=1ms",
        "spring.servlet.multipart.max-file-size=1KB",
        "spring.servlet.multipart.max-request-size=1KB",
        "spring.datasource.url=jdbc:h2:mem:limits;DB_CLOSE_DELAY=-1"
})
class HttpLimitErrorsTest extends LogwardenTestContext {

    @Autowired
    CamelContext camel;
    @Autowired
    StreamingApi api;

    @Test
    void anUploadLongerThanTheRequestTimeoutIsToldSoAndGoesOn() throws Exception {
        Path log = newLogFile("slow-upload.log");
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 20; i++) lines.addAll(normalSession(i));
        append(log, lines);
        // scores are held back until the answer came, so the upload cannot finish in time
        CountDownLatch answered = new CountDownLatch(1);
        AdviceWith.adviceWith(camel, "route-scores", a -> a.weaveAddFirst().process(e -> answered.await(30, TimeUnit.SECONDS)));
        Response response;
        try {
            response = post("/api/v1/streaming/upload", "{\"log_file\":\"" + log + "\",\"window_size\":4}");
        } finally {
            answered.countDown();
        }
        assertError(response, 503, "request_timeout");
        assertThat(response.json().path("message").asText()).contains("spring.mvc.async.request-timeout", "/api/v1/streaming/status");
        // and the upload went on: every line was read and every window scored
        String source = "upload:slow-upload.log#";
        // a finished upload's counters leave the live stats; its totals stay in the status
        long expected = lines.size();
        await().atMost(Duration.ofSeconds(30)).until(() -> api.status("localhost").uploads().stream()
                .anyMatch(u -> String.valueOf(u.get("source")).startsWith(source) && "finished".equals(u.get("state"))
                        && Long.valueOf(expected).equals(u.get("lines")) && Long.valueOf(expected).equals(u.get("sequences"))));
    }

    @Test
    void anUploadLargerThanTheLimitIsRefusedWithTheLimit() {
        String boundary = "limit-boundary";
        String content = "x".repeat(4096);
        String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.log\"\r\n"
                + "Content-Type: text/plain\r\n\r\n" + content + "\r\n--" + boundary + "--\r\n";
        Response response = send(HttpRequest.newBuilder(uri("/api/v1/streaming/upload"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build());
        assertError(response, 413, "upload_too_large");
        assertThat(response.json().path("message").asText()).contains("1KB");
    }
}
