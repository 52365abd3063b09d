package io.logwarden.security;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.github.benmanes.caffeine.cache.Scheduler;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class RefusalLogTest {

    @Test
    void oneLinePerAddressAndPeriodThenHowManyWereNotLogged() {
        Logger logger = (Logger) LoggerFactory.getLogger("refusal-log-test");
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        logger.addAppender(lines);
        AtomicLong nanos = new AtomicLong();
        RefusalLog refusals = new RefusalLog(logger, Duration.ofMinutes(1), nanos::get, Scheduler.disabledScheduler());

        for (int i = 0; i < 2_000; i++) {
            refusals.warn("203.0.113.9", "Refused a handshake from {}: {}", "203.0.113.9", "wrong password");
        }
        refusals.warn("198.51.100.7", "Refused a handshake from {}: {}", "198.51.100.7", "no login");
        assertThat(lines.list).extracting(ILoggingEvent::getFormattedMessage).containsExactly(
                "Refused a handshake from 203.0.113.9: wrong password", "Refused a handshake from 198.51.100.7: no login");

        nanos.addAndGet(Duration.ofSeconds(61).toNanos());
        refusals.cleanUp();
        assertThat(lines.list).hasSize(3);
        assertThat(lines.list.get(2).getFormattedMessage()).startsWith("1999 more refused request(s) from 203.0.113.9 in the last 60 s");

        refusals.warn("203.0.113.9", "Refused a handshake from {}: {}", "203.0.113.9", "wrong password");
        assertThat(lines.list).hasSize(4);
        logger.detachAppender(lines);
    }
}
