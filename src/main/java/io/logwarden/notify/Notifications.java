package io.logwarden.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.logwarden.incident.IncidentEvent;
import io.logwarden.incident.IncidentService;
import io.logwarden.incident.IncidentView;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PostConstruct;
import org.apache.camel.Exchange;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.domain.PageRequest;
import org.springframework.stereotype.Component;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The beans routes/notify.yaml calls: which channels get a message about an incident event (severity
 * and throttling), the HTTP and e-mail messages themselves, and the outcome of each delivery
 * ({@code logwarden_notifications_total{channel,outcome}}: sent, throttled, deferred, dead_letter).
 * Every message is stored in the {@link NotificationOutbox} before it is queued and until it is delivered.
 * Channel URLs and secrets never reach a log line, an error record or an API answer.
 */
@Component("notifications")
public class Notifications {

    /**
     * One id per message, the same on each of its retries: a black-box tester's receiver, slower than the
     * timeout, got each message four times with nothing to tell the repeats by.
     */
    public static final String DELIVERY_HEADER = "X-Logwarden-Delivery";
    public static final String SIGNATURE_HEADER = "X-Logwarden-Signature";
    private static final Logger log = LoggerFactory.getLogger("io.logwarden.notifications");

    private final NotifyProperties settings;
    private final Map<String, NotifyProperties.Channel> channels = new LinkedHashMap<>();
    private final Throttle throttle;
    private final ObjectMapper json;
    private final MeterRegistry registry;
    private final NotificationDeadLetterRepository deadLetters;
    private final NotificationOutbox outbox;
    private final IncidentService incidents;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Clock clock = Clock.systemUTC();

    public Notifications(NotifyProperties settings, ObjectMapper json, MeterRegistry registry,
                         NotificationDeadLetterRepository deadLetters, NotificationOutbox outbox, IncidentService incidents) {
        this.settings = settings;
        settings.channels().forEach(c -> channels.put(c.name(), c));
        this.throttle = new Throttle(settings.interval());
        this.json = json;
        this.registry = registry;
        this.deadLetters = deadLetters;
        this.outbox = outbox;
        this.incidents = incidents;
        for (NotifyProperties.Channel channel : settings.channels()) {
            for (String outcome : OUTCOMES) {
                counter(channel.name(), outcome);
            }
            log.info("Notification channel '{}' ({}) to {} for incidents of severity {} and above", channel.name(),
                    channel.type(), channel.target(), channel.minSeverity());
        }
    }

    /**
     * Send lanes in routes/notify.yaml: each has its own queue and thread, so a channel that is down or slow
     * (each message waiting out its retries or its timeout) holds up only the channels on its lane. A black-box
     * tester's pager, sharing one thread with a refused Slack channel, got incident 40 eleven minutes late.
     */
    public static final int LANES = 4;

    /** The send lane of a notification's channel: channels in their configured order, one lane each (up to {@link #LANES}). */
    public int lane(Notification notification) {
        return Math.floorMod(settings.channels().indexOf(notification.channel()), LANES);
    }

    private static final List<String> OUTCOMES = List.of("sent", "throttled", "deferred", "dead_letter", "unstored", "dropped");

    /**
     * Before the routes start: the incidents still open that a channel was told of (sent, or waiting in the
     * outbox) go to its digest at their next alert instead of paging "opened" again; a channel added or renamed
     * since was told of none, so it gets "opened" (a black-box tester's renamed channel had nothing but digests).
     */
    @PostConstruct
    void rememberOpenIncidents() {
        if (channels.isEmpty()) {
            return;
        }
        Gauge.builder("logwarden.notifications.outbox", outbox, NotificationOutbox::size)
                .description("Notifications stored and not delivered yet (queued, being retried, a digest collecting, or left by a stop)")
                .register(registry);
        List<IncidentView> open = incidents.unresolved(Throttle.MAX_TRACKED);
        Set<String> told = open.isEmpty() ? Set.of() : outbox.announced(channels.keySet());
        Instant now = clock.instant();
        int seeded = 0;
        synchronized (throttle) {
            for (IncidentView incident : open) {
                for (NotifyProperties.Channel channel : channels.values()) {
                    if (told.contains(channel.name() + "/" + incident.id())) {
                        throttle.seed(channel, incident, now);
                        seeded++;
                    }
                }
            }
        }
        if (seeded > 0) {
            log.info("{} incidents not resolved at start, announced {} times to the channels: their updates go to the digest",
                    open.size(), seeded);
        }
    }

    /** The messages to send now for this incident event; none while no channel is configured. */
    public List<Notification> offer(IncidentEvent event) {
        if (channels.isEmpty()) {
            return List.of();
        }
        if (event.incident().state() == io.logwarden.incident.IncidentState.SNOOZED) {
            synchronized (throttle) {
                for (NotifyProperties.Channel channel : channels.values()) {
                    OutboxEntry collected = throttle.dropPending(channel.name(), event.incident().id());
                    if (collected != null) {
                        done(collected.getId());
                    }
                }
            }
            return List.of();
        }
        Instant now = clock.instant();
        List<Notification> now_ = new ArrayList<>();
        synchronized (throttle) {
            for (NotifyProperties.Channel channel : channels.values()) {
                long incident = event.incident().id();
                String kind = throttle.offer(channel, event, now);
                if (kind != null) {
                    OutboxEntry superseded = IncidentEvent.ESCALATED.equals(kind) ? throttle.supersededDigest(channel.name(), incident) : null;
                    if (superseded != null) {
                        done(superseded.getId());
                    }
                    now_.add(message(channel, kind, event.incident(), List.of(), now, store(channel.name(), incident, kind, List.of(), now)));
                    if ("opened".equals(kind)) {
                        announce(channel.name(), incident);
                    }
                } else if (event.incident().severity().ordinal() >= channel.minSeverity().ordinal()) {
                    counter(channel.name(), "throttled").increment();
                    Instant due = throttle.unstoredDigestDue(channel.name(), incident);
                    OutboxEntry stored = due == null ? null : store(channel.name(), incident, "digest", List.of(event.event()), due);
                    if (stored != null) {
                        throttle.storedDigest(channel.name(), incident, stored);
                    } else if (due == null) {
                        List<String> says = throttle.newKindInStoredDigest(channel.name(), incident);
                        if (says != null) {
                            refresh(throttle.storedDigestId(channel.name(), incident), says);
                        }
                    }
                }
            }
        }
        return now_;
    }

    /** Digests of the incidents whose interval ended with updates pending (the digest timer). */
    public List<Notification> dueDigests() {
        if (channels.isEmpty()) {
            return List.of();
        }
        Instant now = clock.instant();
        List<Throttle.Digest> due;
        synchronized (throttle) {
            due = throttle.due(now);
        }
        List<Notification> digests = new ArrayList<>();
        for (Throttle.Digest d : due) {
            OutboxEntry stored = d.stored();
            if (stored == null) {
                stored = store(d.channel(), d.incident().id(), "digest", d.events(), now);
            } else {
                refresh(stored.getId(), d.events());
            }
            digests.add(message(channels.get(d.channel()), "digest", d.incident(), d.events(), now, stored));
        }
        return digests;
    }

    /**
     * Stored messages to queue again (the outbox timer): at start, what an earlier run left unsent; later,
     * what a full send queue deferred, and what a replica that is gone left once its claim ran out.
     */
    public List<Notification> fromOutbox() {
        if (channels.isEmpty()) {
            return List.of();
        }
        Instant now = clock.instant();
        List<Notification> again = new ArrayList<>();
        for (OutboxEntry entry : outbox.claim(settings.queueSize())) {
            NotifyProperties.Channel channel = channels.get(entry.getChannel());
            var incident = channel == null ? java.util.Optional.<IncidentView>empty() : incidents.view(entry.getIncidentId());
            if (incident.isEmpty()) {
                // a black-box tester's renamed channel lost its stored pages with one WARN line: a dead letter shows them
                String why = channel == null ? "no channel of that name is configured any more" : "the incident is gone";
                deadLetters.save(new NotificationDeadLetter(now, entry.getChannel(), entry.getIncidentId(), entry.getKind(), 0,
                        "not sent: " + why));
                done(entry.getId());
                counter(entry.getChannel(), "dead_letter").increment();
                log.warn("Dead-lettered a stored {} of incident {} for channel '{}': {}", entry.getKind(), entry.getIncidentId(),
                        entry.getChannel(), why);
                continue;
            }
            List<String> events = entry.getEvents().isEmpty() ? List.of() : List.of(entry.getEvents().split(", "));
            again.add(Notification.of(channel, incident.get(), events, now, entry));
            log.info("Queuing again the {} of incident {} for channel '{}', stored {} by {}", entry.getKind(),
                    entry.getIncidentId(), entry.getChannel(), entry.getCreatedAt(),
                    entry.getOwner().equals(outbox.instance()) ? "this instance" : "'" + entry.getOwner() + "'");
        }
        return again;
    }

    /** Turns the exchange into the POST of a webhook (generic JSON, signed when a secret is set) or a Slack message. */
    public void prepareHttp(Notification notification, Exchange exchange) throws JsonProcessingException {
        NotifyProperties.Channel channel = notification.channel();
        String body;
        if ("slack".equals(channel.type())) {
            body = json.writeValueAsString(Map.of("text", notification.text()));
        } else {
            Map<String, Object> payload = new LinkedHashMap<>();
            payload.put("kind", notification.kind());
            payload.put("title", notification.title());
            payload.put("incident", notification.incident());
            payload.put("events", notification.events());
            payload.put("sent_at", notification.at());
            payload.put("delivery_id", notification.delivery());
            body = json.writeValueAsString(payload);
        }
        var message = exchange.getMessage();
        message.getHeaders().clear();
        message.setHeader(Exchange.HTTP_URI, channel.url());
        message.setHeader(Exchange.HTTP_METHOD, "POST");
        message.setHeader(Exchange.CONTENT_TYPE, "application/json");
        // the same on every retry of this message: a receiver that answered too late for us drops the repeats
        message.setHeader(DELIVERY_HEADER, notification.delivery());
        if (channel.secret() != null && !channel.secret().isEmpty()) {
            message.setHeader(SIGNATURE_HEADER, "sha256=" + hmacSha256(channel.secret(), body));
        }
        message.setBody(body);
    }

    /** Turns the exchange into an e-mail; the smtp: endpoint URI goes into the LogwardenMailUri property. */
    public void prepareMail(Notification notification, Exchange exchange) {
        NotifyProperties.Channel channel = notification.channel();
        var message = exchange.getMessage();
        message.getHeaders().clear();
        message.setHeader("Subject", notification.title());
        message.setHeader("From", channel.from());
        message.setHeader("To", channel.to());
        message.setHeader(Exchange.CONTENT_TYPE, "text/plain; charset=UTF-8");
        message.setBody(notification.text());
        StringBuilder uri = new StringBuilder("smtp://").append(channel.host()).append(':').append(channel.port())
                .append("?connectionTimeout=").append(settings.timeout().toMillis());
        if (channel.username() != null && !channel.username().isBlank()) {
            uri.append("&username=").append(URLEncoder.encode(channel.username(), StandardCharsets.UTF_8))
                    .append("&password=RAW(").append(channel.password() == null ? "" : channel.password()).append(')');
        }
        exchange.setProperty("LogwardenMailUri", uri.toString());
    }

    public void sent(Notification notification) {
        done(notification.outboxId());
        counter(notification.channel().name(), "sent").increment();
        log.info("Sent {} of incident {} to channel '{}'", notification.kind(), notification.incident().id(),
                notification.channel().name());
    }

    /** The send queue was full: the message stays in the outbox for its next check, counted and logged. */
    public void deferred(Notification notification) {
        if (notification.outboxId() == null) {
            counter(notification.channel().name(), "dropped").increment();
            log.error("Dropped {} of incident {} for channel '{}': the send queue (logwarden.notify.queue-size) is full"
                    + " and the message could not be stored", notification.kind(), notification.incident().id(), notification.channel().name());
            if ("opened".equals(notification.kind())) {
                // not told after all: the incident's next event pages "opened" again (a black-box tester's were never paged)
                synchronized (throttle) {
                    throttle.forget(notification.channel().name(), notification.incident().id());
                }
                try {
                    outbox.unannounce(notification.channel().name(), notification.incident().id());
                } catch (RuntimeException e) {
                    log.warn("Could not record that incident {} was not announced to channel '{}' ({})",
                            notification.incident().id(), notification.channel().name(), rootMessage(e));
                }
            }
            return;
        }
        release(notification);
        counter(notification.channel().name(), "deferred").increment();
        log.warn("Deferred {} of incident {} for channel '{}': the send queue (logwarden.notify.queue-size) is full;"
                        + " it waits in the outbox and is queued again within {}", notification.kind(), notification.incident().id(),
                notification.channel().name(), settings.outboxCheck());
    }

    /**
     * Every retry failed: the record to store (through jpa:), counted and logged without URL or secret. None
     * while the service stops: a black-box tester's SIGTERM during the retries ran them out and dead-lettered
     * the page, so it was never sent; the message now stays in the outbox and goes at the next start.
     */
    public NotificationDeadLetter deadLetter(Notification notification, Exception cause, Exchange exchange) {
        int attempts = 1 + exchange.getProperty(RedeliveryCount.RETRIES, 0, Integer.class);
        String error = describe(cause);
        if (exchange.getContext().isStopping() || cause instanceof java.util.concurrent.RejectedExecutionException) {
            release(notification);
            log.info("Notification {} of incident {} to channel '{}' not delivered before the stop ({} attempts, {}):"
                    + " kept in the outbox, sent at the next start", notification.kind(), notification.incident().id(),
                    notification.channel().name(), attempts, error);
            return null;
        }
        done(notification.outboxId());
        counter(notification.channel().name(), "dead_letter").increment();
        log.warn("Notification {} of incident {} to channel '{}' failed after {} attempts and was dead-lettered: {}",
                notification.kind(), notification.incident().id(), notification.channel().name(), attempts, error);
        return new NotificationDeadLetter(clock.instant(), notification.channel().name(), notification.incident().id(),
                notification.kind(), attempts, error);
    }

    /**
     * Stores a new message in the outbox; null when the database refuses (a black-box tester's refused insert
     * lost the page without a trace): the message is then sent all the same, only not kept over a stop.
     */
    private OutboxEntry store(String channel, long incident, String kind, List<String> events, Instant sendBy) {
        try {
            return outbox.hold(channel, incident, kind, events, sendBy);
        } catch (RuntimeException e) { // DataAccessException, or the commit's TransactionException
            counter(channel, "unstored").increment();
            log.error("Could not store the {} of incident {} for channel '{}' in the outbox ({}): it is sent all the same,"
                    + " but a stop before it is delivered loses it", kind, incident, channel, rootMessage(e));
            return null;
        }
    }

    private void announce(String channel, long incident) {
        try {
            outbox.announce(channel, incident);
        } catch (RuntimeException e) {
            log.warn("Could not record that incident {} was announced to channel '{}' ({}): after a restart it may be"
                    + " announced again", incident, channel, rootMessage(e));
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }

    private static Notification message(NotifyProperties.Channel channel, String kind, IncidentView incident, List<String> events,
                                        Instant at, OutboxEntry stored) {
        return stored == null ? new Notification(channel, kind, incident, events, at, java.util.UUID.randomUUID().toString(), null)
                : Notification.of(channel, incident, events, at, stored);
    }

    private void refresh(Long outboxId, List<String> events) {
        if (outboxId == null) {
            return;
        }
        try {
            outbox.refresh(outboxId, events);
        } catch (RuntimeException e) {
            log.warn("Could not update the stored digest {} ({}): a stop now leaves it saying less", outboxId, rootMessage(e));
        }
    }

    /** Delivered, dead-lettered or pointless: off the outbox. If the database refuses, the next start sends it again. */
    private void done(Long outboxId) {
        if (outboxId == null) {
            return;
        }
        try {
            outbox.done(outboxId);
        } catch (RuntimeException e) {
            log.warn("Could not remove message {} from the outbox ({}): the next start sends it again, with its delivery id",
                    outboxId, rootMessage(e));
        }
    }

    private void release(Notification notification) {
        if (notification.outboxId() != null) {
            outbox.release(notification.outboxId());
        }
    }

    /** GET /api/v1/notifications: channels (no URL or secret), counts, the latest dead letters. */
    public Map<String, Object> status() {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("enabled", !channels.isEmpty());
        List<Map<String, Object>> list = new ArrayList<>();
        for (NotifyProperties.Channel channel : channels.values()) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("name", channel.name());
            c.put("type", channel.type());
            c.put("target", channel.target());
            c.put("min_severity", channel.minSeverity());
            c.put("signed", channel.secret() != null && !channel.secret().isEmpty());
            for (String outcome : OUTCOMES) {
                c.put(outcome, (long) counter(channel.name(), outcome).count());
            }
            list.add(c);
        }
        answer.put("channels", list);
        answer.put("interval", settings.interval().toString());
        synchronized (throttle) {
            answer.put("digests_pending", throttle.pending());
        }
        answer.put("outbox", outbox.size());
        answer.put("dead_letters", deadLetters.findAllByOrderByIdDesc(PageRequest.of(0, 50)));
        return answer;
    }

    static String hmacSha256(String secret, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /** What went wrong, without the URL (a Slack webhook URL is itself a secret). */
    static String describe(Throwable cause) {
        if (cause instanceof HttpOperationFailedException http) {
            return "HTTP status " + http.getStatusCode() + (http.getStatusText() == null ? "" : " " + http.getStatusText());
        }
        String message = cause == null ? "unknown error" : cause.getClass().getSimpleName()
                + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
        message = message.replaceAll("(?i)\\b(https?|smtps?)://\\S+", "<url>");
        return message.length() > 1000 ? message.substring(0, 1000) : message;
    }

    private Counter counter(String channel, String outcome) {
        return counters.computeIfAbsent(channel + "/" + outcome, k -> Counter.builder("logwarden.notifications")
                .description("Incident notifications per channel and outcome: sent, throttled (kept for the digest), deferred (queue full: waits in the outbox), dead_letter (failed after every retry), unstored (the outbox refused it: sent, not kept over a stop), dropped (queue full and not stored)")
                .tag("channel", channel).tag("outcome", outcome).register(registry));
    }
}
