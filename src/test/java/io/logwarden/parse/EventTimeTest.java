package io.logwarden.parse;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A line's own time, from the fields of the loghub formats the service is used with. */
class EventTimeTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 12, 4);

    private static String iso(String format, String line) {
        LogFormat.SplitLine split = LogFormat.compile(format).split(line);
        return EventTime.of(split.fields(), TODAY).map(EventTime.Stamp::iso).orElse(null);
    }

    @Test
    void syslogTakesThisYearUnlessThatLiesAhead() {
        String syslog = "<Month> <Date> <Time> <Host> <Component>: <Content>";
        assertThat(iso(syslog, "Nov 27 10:00:05 web-01 sshd[1]: Accepted publickey for alice")).isEqualTo("2026-11-27T10:00:05");
        assertThat(iso(syslog, "Dec  5 23:59:59 web-01 sshd[1]: x")).as("a day ahead: a clock skew").isEqualTo("2026-12-05T23:59:59");
        assertThat(iso(syslog, "Dec 24 08:00:00 web-01 sshd[1]: x")).as("weeks ahead: last year's").isEqualTo("2025-12-24T08:00:00");
        assertThat(EventTime.of(LogFormat.compile(syslog).split("Nov 27 10:00:05 h c: x").fields(), TODAY).orElseThrow().yearAssumed()).isTrue();
    }

    @Test
    void datesAndTimesOfOtherFormats() {
        assertThat(iso("<Date> <Time> <Pid> <Level> <Component>: <Content>", "081109 203615 148 INFO dfs.DataNode: x"))
                .as("HDFS").isEqualTo("2008-11-09T20:36:15");
        assertThat(iso("<Date> <Time> <Level> <Component>: <Content>", "2015-10-18 18:01:47,978 INFO a.B: x"))
                .isEqualTo("2015-10-18T18:01:47.978");
        assertThat(iso("<Timestamp> <Level> <Content>", "2024-03-01T10:00:00+02:00 INFO x")).isEqualTo("2024-03-01T10:00:00+02:00");
        assertThat(iso("<Timestamp> <Level> <Content>", "1700000000 INFO x")).isEqualTo("2023-11-14T22:13:20Z");
    }

    @Test
    void noTimeWithoutTimeFieldsOrWithUnreadableOnes() {
        assertThat(iso("", "Nov 27 10:00:05 web-01 sshd[1]: x")).as("whole-line format").isNull();
        assertThat(EventTime.hasTimeFields(Map.of())).isFalse();
        Map<String, String> odd = LogFormat.compile("<Date> <Time> <Content>").split("tomorrow noon x").fields();
        assertThat(EventTime.hasTimeFields(odd)).isTrue();
        assertThat(EventTime.of(odd, TODAY)).isEmpty();
        assertThat(iso("<Month> <Date> <Time> <Content>", "Feb 30 10:00:00 x")).as("no such day").isNull();
    }
}
