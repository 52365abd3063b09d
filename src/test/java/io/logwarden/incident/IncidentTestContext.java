package io.logwarden.incident;

import io.logwarden.scoring.Prediction;
import io.logwarden.scoring.Score;
import io.logwarden.scoring.Severity;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.logwarden.support.FreePort;
import io.logwarden.support.LogwardenTestContext;
import org.apache.camel.ProducerTemplate;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

import java.net.http.HttpRequest;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole service (as {@link LogwardenTestContext}) with incident expiry checked every 200 ms. The
 * incident, notification and feedback tests share this one context. Every HTTP call of these tests
 * goes through {@link #api}, the one place to add credentials once the API requires them.
 */
@TestPropertySource(properties = {
        "logwarden.incidents.resolve-check=200ms",
        "logwarden.notify.retry-delay=100",
        "logwarden.notify.max-retries=3",
        "logwarden.notify.digest-check=100ms",
        // the outbox is looked at once at start: OutboxClaimTest takes its entries itself, in its own order
        "logwarden.notify.outbox-check=1h",
        "logwarden.notify.claim=2h"
})
public abstract class IncidentTestContext extends LogwardenTestContext {

    public static final String WEBHOOK_SECRET = "test-webhook-secret-5f2c";
    /** Receives the webhook (/hook), Slack (/slack) and failing (/broken, always 500) channels' messages. */
    protected static final WebhookReceiver RECEIVER = new WebhookReceiver();
    /** A real SMTP server for the e-mail channel. */
    protected static final GreenMail SMTP = startSmtp();

    static {
        RECEIVER.answer("/broken", 500);
    }

    private static GreenMail startSmtp() {
        GreenMail mail = new GreenMail(new ServerSetup(FreePort.find(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        mail.start();
        return mail;
    }

    /** All of a list's entries must come from one property source (Spring Boot replaces lists whole). */
    @DynamicPropertySource
    static void channels(DynamicPropertyRegistry registry) {
        registry.add("logwarden.notify.channels[0].name", () -> "hook");
        registry.add("logwarden.notify.channels[0].type", () -> "webhook");
        registry.add("logwarden.notify.channels[0].secret", () -> WEBHOOK_SECRET);
        registry.add("logwarden.notify.channels[1].name", () -> "chat");
        registry.add("logwarden.notify.channels[1].type", () -> "slack");
        registry.add("logwarden.notify.channels[1].min-severity", () -> "CRITICAL");
        registry.add("logwarden.notify.channels[2].name", () -> "mail");
        registry.add("logwarden.notify.channels[2].type", () -> "email");
        registry.add("logwarden.notify.channels[2].host", () -> "127.0.0.1");
        registry.add("logwarden.notify.channels[2].from", () -> "logwarden@example.com");
        registry.add("logwarden.notify.channels[2].to", () -> "oncall@example.com");
        registry.add("logwarden.notify.channels[3].name", () -> "broken");
        registry.add("logwarden.notify.channels[3].type", () -> "webhook");
        registry.add("logwarden.notify.channels[0].url", () -> RECEIVER.url("/hook"));
        registry.add("logwarden.notify.channels[1].url", () -> RECEIVER.url("/slack"));
        registry.add("logwarden.notify.channels[2].port", () -> SMTP.getSmtp().getPort());
        registry.add("logwarden.notify.channels[3].url", () -> RECEIVER.url("/broken"));
    }

    @Autowired
    protected ProducerTemplate camel;

    /** The one HTTP helper of the incident, notification and feedback tests. */
    protected Response api(String method, String path, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json");
        request.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        return send(request.build());
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
