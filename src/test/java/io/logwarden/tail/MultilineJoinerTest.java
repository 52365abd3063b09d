package io.logwarden.tail;

import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The joining rules on their own, fed line by line with the offsets a reader would pass: which lines
 * make one event under the presets and patterns, that caps cut an event without dropping a line, that
 * the flush timeout hands out the last event, and that a held event reports where its first line starts.
 */
class MultilineJoinerTest {

    record Event(String text, long firstLineEnd, long end, int lines) {
    }

    private final List<Event> events = new ArrayList<>();
    private long offset;

    private MultilineJoiner joiner(MultilineSettings settings) {
        offset = 0;
        MultilineJoiner joiner = new MultilineJoiner(settings, (text, truncated, first, end, lines) ->
                events.add(new Event(text, first, end, lines)));
        joiner.reset(0);
        return joiner;
    }

    private void feed(MultilineJoiner joiner, String... lines) {
        for (String line : lines) {
            offset += line.getBytes(StandardCharsets.UTF_8).length + 1;
            joiner.line(line, false, offset);
        }
    }

    static final String[] JAVA_LOG = {
            "2024-05-01 12:00:00,001 INFO  [main] c.e.App - started",
            "2024-05-01 12:00:01,002 ERROR [http-1] c.e.Orders - order 42 failed",
            "java.lang.IllegalStateException: stock below zero",
            "\tat com.example.Orders.take(Orders.java:88)",
            "\tat com.example.Api.post(Api.java:31)",
            "Caused by: java.sql.SQLException: deadlock",
            "\tat org.h2.Engine.run(Engine.java:10)",
            "\t... 12 more",
            "\tSuppressed: java.io.IOException: closed",
            "\t\tat com.example.Pool.close(Pool.java:5)",
            "2024-05-01 12:00:02,003 WARN  [http-2] c.e.Orders - retrying order 42",
            "2024-05-01 12:00:03,004 INFO  [http-2] c.e.Orders - order 42 taken",
    };

    @Test
    void aJavaStackTraceIsOneEventWithTheLogLineBeforeIt() {
        MultilineJoiner joiner = joiner(MultilineSettings.preset("java"));
        feed(joiner, JAVA_LOG);
        joiner.flush();
        assertThat(events).extracting(Event::lines).containsExactly(1, 9, 1, 1);
        assertThat(events.get(1).text()).isEqualTo(String.join("\n", List.of(JAVA_LOG).subList(1, 10)));
        assertThat(events.get(2).text()).startsWith("2024-05-01 12:00:02,003 WARN");
        // the origin is the first line: its end offset, the position after the last line
        long firstEnd = JAVA_LOG[0].length() + 1 + JAVA_LOG[1].length() + 1;
        assertThat(events.get(1).firstLineEnd()).isEqualTo(firstEnd);
        assertThat(events.get(1).end()).isEqualTo(events.get(2).end() - JAVA_LOG[10].length() - 1);
    }

    @Test
    void aPythonTracebackIsOneEventEndingWithItsExceptionLine() {
        MultilineJoiner joiner = joiner(MultilineSettings.preset("python"));
        feed(joiner,
                "2024-05-01 12:00:00 ERROR worker: job 7 failed",
                "Traceback (most recent call last):",
                "  File \"/app/jobs.py\", line 12, in run",
                "    total = parse(row)",
                "KeyError: 'amount'",
                "",
                "During handling of the above exception, another exception occurred:",
                "",
                "Traceback (most recent call last):",
                "  File \"/app/jobs.py\", line 14, in run",
                "    raise JobFailed(row)",
                "jobs.JobFailed: row 7",
                "ValueError: not in a traceback, so its own event",
                "2024-05-01 12:00:01 INFO worker: job 8 done");
        joiner.flush();
        assertThat(events).extracting(Event::lines).containsExactly(12, 1, 1);
        assertThat(events.get(0).text()).endsWith("jobs.JobFailed: row 7");
    }

    @Test
    void aStartPatternStartsEventsAndEveryOtherLineContinuesOne() {
        MultilineJoiner joiner = joiner(new MultilineSettings(null, "^\\d{4}-\\d{2}-\\d{2} ", null, 500,
                DataSize.ofKilobytes(512), Duration.ofSeconds(1)));
        feed(joiner, "orphan before any start", "2024-01-01 a", "b", "c", "2024-01-02 d");
        joiner.flush();
        assertThat(events).extracting(Event::text).containsExactly("orphan before any start", "2024-01-01 a\nb\nc", "2024-01-02 d");
    }

    @Test
    void capsCutAnEventWithoutDroppingALine() {
        MultilineJoiner joiner = joiner(new MultilineSettings(null, null, "^\\s", 3, DataSize.ofBytes(1000),
                Duration.ofSeconds(1)));
        feed(joiner, "start", " 1", " 2", " 3", " 4", "next");
        joiner.flush();
        assertThat(events).extracting(Event::text).containsExactly("start\n 1\n 2", " 3\n 4", "next");
        assertThat(joiner.eventsSplit()).isEqualTo(1);

        events.clear();
        MultilineJoiner bytes = joiner(new MultilineSettings(null, null, "^\\s", 100, DataSize.ofBytes(20),
                Duration.ofSeconds(1)));
        feed(bytes, "0123456789", " abcdefgh", " cut here"); // 11 + 10 = 21 bytes with the second line: over 20
        bytes.flush();
        assertThat(events).extracting(Event::text).containsExactly("0123456789", " abcdefgh\n cut here");
    }

    @Test
    void theHeldEventLeavesAfterTheFlushTimeoutAndReportsWhereItStarts() {
        MultilineJoiner joiner = joiner(new MultilineSettings("java", null, null, 500, DataSize.ofKilobytes(512),
                Duration.ofMillis(200)));
        feed(joiner, "first", "second", "\tat frame");
        assertThat(events).extracting(Event::text).containsExactly("first");
        assertThat(joiner.holding()).isTrue();
        assertThat(joiner.heldStart()).as("the held event starts after 'first\\n'").isEqualTo(6);
        assertThat(joiner.flushIfQuiet(System.nanoTime())).as("not quiet long enough").isFalse();
        assertThat(joiner.flushIfQuiet(System.nanoTime() + Duration.ofMillis(250).toNanos())).isTrue();
        assertThat(events).extracting(Event::text).containsExactly("first", "second\n\tat frame");
        assertThat(joiner.holding()).isFalse();
        assertThat(joiner.heldStart()).isEqualTo(-1);
    }

    @Test
    void withoutSettingsEveryLineLeavesAtOnce() {
        MultilineJoiner joiner = joiner(null);
        feed(joiner, "a", "\tat b");
        assertThat(joiner.holding()).isFalse();
        assertThat(events).extracting(Event::lines).containsExactly(1, 1);
    }

    @Test
    void settingsThatCannotWorkAreRefusedWithTheirName() {
        assertThatThrownBy(() -> MultilineSettings.preset("cobol")).hasMessageContaining("unknown multiline preset 'cobol'");
        assertThatThrownBy(() -> new MultilineSettings(null, "([", null, 5, DataSize.ofBytes(10), Duration.ofSeconds(1)))
                .hasMessageContaining("start-pattern is not a valid regular expression");
        assertThatThrownBy(() -> new MultilineSettings("java", "^x", null, 5, DataSize.ofBytes(10), Duration.ofSeconds(1)))
                .hasMessageContaining("exactly one of");
    }
}
