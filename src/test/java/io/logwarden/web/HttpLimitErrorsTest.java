package io.logwarden.web;

import io.logwarden.support.LogwardenTestContext;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.logwarden.web.StreamingApiTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;

/** The request-time and upload-size limits, lowered so that a small upload meets them, answer with JSON naming the limit. */
@TestPropertySource(properties = {
        "spring.mvc.async.request-timeout=1ms",
        "spring.servlet.multipart.max-file-size=1KB",
        "spring.servlet.multipart.max-request-size=1KB",
        "spring.datasource.url=jdbc:h2:mem:limits;DB_CLOSE_DELAY=-1"
})
class HttpLimitErrorsTest extends LogwardenTestContext {

    @Test
    void anUploadLongerThanTheRequestTimeoutIsToldSoAndGoesOn() throws Exception {
        Path log = newLogFile("slow-upload.log");
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 200; i++) lines.addAll(normalSession(i));
        append(log, lines);
        Response response = post("/api/v1/streaming/upload", "{\"log_file\":\"" + log + "\",\"window_size\":4}");
        assertError(response, 503, "request_timeout");
        assertThat(response.json().path("message").asText()).contains("spring.mvc.async.request-timeout", "/api/v1/streaming/status");
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
