package io.logwarden.incident;

import io.logwarden.model.Prediction;
import io.logwarden.model.Score;
import io.logwarden.model.Severity;
import io.logwarden.support.LogwardenTestContext;
import org.apache.camel.ProducerTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import java.net.http.HttpRequest;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole service (as {@link LogwardenTestContext}) with incident expiry checked every 200 ms. The
 * incident tests share this one context. Every HTTP call of these tests
 * goes through {@link #api}, the one place to add credentials once the API requires them.
 */
@TestPropertySource(properties = {
        "logwarden.incidents.resolve-check=200ms"
})
public abstract class IncidentTestContext extends LogwardenTestContext {

    @Autowired
    protected ProducerTemplate camel;

    /** The one HTTP helper of the incident, notification and feedback tests. */
    protected Response api(String method, String path, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json");
        request.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        return send(request.build());
    }

    /** A 4xx/5xx answer in the API's {"error","message"} shape, without a stack trace. */
    protected static void assertError(Response response, int status, String code) {
        assertThat(response.status()).as("status of %s", response.body()).isEqualTo(status);
        assertThat(response.json().path("error").asText()).as("error code in %s", response.body()).isEqualTo(code);
        assertThat(response.json().path("message").asText()).isNotBlank();
        assertThat(response.body()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    /** Sends a score through the real routes (routes/alerts.yaml onwards), as the scoring route does. */
    protected void score(Score score) {
        camel.sendBody("direct:scores", score);
    }

    /** An alerting score of the given source at the given time, breaking with {@code template}. */
    protected static Score alertScore(String source, Instant at, Severity severity, double value, String template, long line) {
        List<String> templates = List.of("session opened for user <*>", "session closed for user <*>", template);
        return new Score(value, severity, true, List.of(1, 2, 3), at, source, source, line - 2, line, templates,
                List.of("session opened for user deploy", "session closed for user deploy", template.replace("<*>", "42")),
                "statistical", false, List.of(new Prediction(1, "session opened for user <*>", 0.9)),
                "template 3 never followed template 2");
    }

    protected static String uniqueSource(String name) {
        return "/test/" + name + "-" + System.nanoTime() + ".log";
    }
}
