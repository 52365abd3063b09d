package io.logwarden.notify;

import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.PositiveOrZero;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.validation.annotation.Validated;
import io.logwarden.scoring.Severity;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Where incidents are sent. Nothing is sent until a channel is configured.
 *
 * @param channels     the notification channels (webhook, slack, email)
 * @param interval     at most one message per incident and channel per interval; updates in between
 *                     are sent as one digest when it ends
 * @param digestCheck  how often pending digests are looked for
 * @param maxRetries   retries of a failed delivery before it is dead-lettered
 * @param retryDelay   milliseconds before the first retry; each further retry waits twice as long
 * @param timeout      connect and response timeout of a webhook call
 * @param queueSize    notifications waiting to be sent, per send lane (one per channel); beyond this
 *                     they wait in the outbox (stored) and are queued again at the next outbox check
 * @param outboxCheck  how often the stored outbox is looked for messages to queue again (a full send queue,
 *                     a replica that is gone); at start, what an earlier run left unsent is queued at once
 * @param claim        how long this instance's stored messages stay its own after its last outbox check; a
 *                     replica sharing the database takes them over when it runs out (longer than outboxCheck)
 * @param instance     the name this instance stores its messages under; empty: host name and data directory,
 *                     the same after a restart (set it to the pod name of a StatefulSet in Kubernetes)
 */
@ConfigurationProperties(prefix = "logwarden.notify")
@Validated
public record NotifyProperties(@DefaultValue List<Channel> channels, @DefaultValue("10m") @DurationMin(millis = 0) Duration interval,
                               @DefaultValue("5s") @DurationMin(millis = 1) Duration digestCheck, @DefaultValue("3") @PositiveOrZero int maxRetries,
                               @DefaultValue("2000") @PositiveOrZero long retryDelay, @DefaultValue("10s") @DurationMin(millis = 1) Duration timeout,
                               @DefaultValue("1000") @Positive int queueSize,
                               @DefaultValue("10s") @DurationMin(millis = 1) Duration outboxCheck,
                               @DefaultValue("10m") @DurationMin(seconds = 1) Duration claim,
                               @DefaultValue("") String instance) {

    public NotifyProperties {
        if (claim.compareTo(outboxCheck) <= 0) {
            throw new IllegalArgumentException("logwarden.notify.claim (" + claim + ") must be longer than logwarden.notify.outbox-check ("
                    + outboxCheck + "): each check renews this instance's claims");
        }
        Set<String> names = new HashSet<>();
        for (Channel channel : channels) {
            if (!names.add(channel.name())) {
                throw new IllegalArgumentException("logwarden.notify.channels: two channels are named '" + channel.name() + "'");
            }
        }
    }

    /**
     * One channel. {@code url} for webhook and slack (an incoming-webhook URL is a secret: it is never
     * logged or shown); {@code secret} signs webhook bodies (header X-Logwarden-Signature: sha256=HMAC);
     * {@code host}, {@code port}, {@code username}, {@code password}, {@code from}, {@code to} for email.
     */
    public record Channel(String name, String type, String url, String secret, @DefaultValue("HIGH") Severity minSeverity,
                          String host, @DefaultValue("25") int port, String username, String password, String from,
                          String to) {

        public Channel {
            // stored with every message in the outbox (notification_outbox.channel, 255 characters)
            if (name == null || name.isBlank() || !name.matches("[A-Za-z0-9_.-]{1,100}")) {
                throw new IllegalArgumentException("logwarden.notify.channels[].name is required (1 to 100 letters, digits, _ . -), got '"
                        + (name != null && name.length() > 120 ? name.substring(0, 120) + "..." : name) + "'");
            }
            type = type == null ? "" : type.trim().toLowerCase(Locale.ROOT);
            switch (type) {
                case "webhook", "slack" -> {
                    if (url == null || !(url.startsWith("http://") || url.startsWith("https://"))) {
                        throw new IllegalArgumentException("notification channel '" + name + "' (" + type + ") needs an http(s) url");
                    }
                }
                case "email" -> {
                    if (host == null || host.isBlank() || to == null || to.isBlank() || from == null || from.isBlank()) {
                        throw new IllegalArgumentException("notification channel '" + name + "' (email) needs host, from and to");
                    }
                }
                default -> throw new IllegalArgumentException("notification channel '" + name
                        + "' has type '" + type + "'; use webhook, slack or email");
            }
        }

        /** Where it goes, without secrets: the host of a webhook, the recipients of an e-mail. */
        public String target() {
            if ("email".equals(type)) {
                return to;
            }
            try {
                return java.net.URI.create(url).getHost();
            } catch (IllegalArgumentException e) {
                return "?";
            }
        }

        @Override
        public String toString() {
            return "Channel[" + name + ", " + type + " to " + target() + ", min " + minSeverity + "]";
        }
    }
}
