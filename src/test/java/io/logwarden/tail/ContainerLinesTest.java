package io.logwarden.tail;

import io.logwarden.parse.ContainerLogFormat;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The position bookkeeping of container records on their own, fed with the offsets a reader would pass:
 * an event's end is after its last record and never after a line that is not part of it, and a pending
 * partial line reports where its first record starts (the saved position is never past it).
 */
class ContainerLinesTest {

    record Event(String text, long end, int lines) {
    }

    private static final String T = "2024-01-01T00:00:00.000000001Z";

    private final List<Event> events = new ArrayList<>();
    private final List<Long> ends = new ArrayList<>();
    private long offset;

    private final List<Boolean> truncated = new ArrayList<>();

    private ContainerLines lines(ContainerLogFormat format) {
        return lines(format, 64 * 1024);
    }

    private ContainerLines lines(ContainerLogFormat format, int maxBytes) {
        MultilineJoiner plain = new MultilineJoiner(null, (text, cut, first, end, n) -> {
            events.add(new Event(text, end, n));
            truncated.add(cut);
        });
        ContainerLines lines = new ContainerLines(format, plain, maxBytes);
        lines.reset(0);
        plain.reset(0);
        return lines;
    }

    private void feed(ContainerLines lines, String... raw) {
        for (String line : raw) {
            offset += line.getBytes(StandardCharsets.UTF_8).length + 1;
            ends.add(offset);
            lines.line(line, false, offset);
        }
    }

    @Test
    void withAutoARecordOfTheOtherFormatDoesNotContinueAPartialLine() {
        ContainerLines lines = lines(ContainerLogFormat.AUTO);
        feed(lines, T + " stdout P cri-partial|", "{\"log\":\"docker\\n\",\"stream\":\"stdout\",\"time\":\"" + T + "\"}");
        assertThat(events).containsExactly(new Event("cri-partial|", ends.get(0), 1), new Event("docker", ends.get(1), 1));
    }

    @Test
    void partialRecordsAreOneLineEndingAfterTheLastAndHoldThePositionAtTheFirst() {
        ContainerLines lines = lines(ContainerLogFormat.CRI);
        feed(lines, T + " stdout F before", T + " stdout P one ", T + " stdout P two ");
        assertThat(lines.pendingStart()).isEqualTo(ends.get(0));
        feed(lines, T + " stdout F three");
        assertThat(lines.pendingStart()).isEqualTo(-1);
        assertThat(events).containsExactly(new Event("before", ends.get(0), 1), new Event("one two three", ends.get(3), 3));
    }

    @Test
    void aMalformedRecordEndsThePendingLineWhereItBeginsAndPassesAsItIsCounted() {
        ContainerLines lines = lines(ContainerLogFormat.CRI);
        feed(lines, T + " stdout P half", "not a record", T + " stdout F next");
        assertThat(events).containsExactly(
                new Event("half", ends.get(0), 1),
                new Event("not a record", ends.get(1), 1),
                new Event("next", ends.get(2), 1));
        assertThat(lines.undecodable()).isEqualTo(1);
    }

    @Test
    void aRecordOfTheOtherStreamDoesNotContinueAPartialLine() {
        ContainerLines lines = lines(ContainerLogFormat.CRI);
        feed(lines, T + " stdout P out-a ", T + " stderr F err", T + " stdout F out-b");
        assertThat(events).containsExactly(
                new Event("out-a ", ends.get(0), 1),
                new Event("err", ends.get(1), 1),
                new Event("out-b", ends.get(2), 1));
    }

    @Test
    void aResetDropsThePendingLineToBeReadAgainFromItsFirstRecord() {
        ContainerLines lines = lines(ContainerLogFormat.DOCKER);
        feed(lines, "{\"log\":\"a\\n\",\"stream\":\"stdout\"}", "{\"log\":\"b\",\"stream\":\"stdout\"}");
        long pending = lines.pendingStart();
        assertThat(pending).isEqualTo(ends.get(0));
        lines.reset(pending); // what a restart or a stop in the middle of a chunk does
        offset = pending;
        feed(lines, "{\"log\":\"b\",\"stream\":\"stdout\"}", "{\"log\":\"c\\n\",\"stream\":\"stdout\"}");
        assertThat(events).extracting(Event::text).containsExactly("a", "bc");
        assertThat(events.get(1).lines()).isEqualTo(2);
    }

    @Test
    void aJoinedLineLongerThanTheLimitIsCutAtACharacterAndMarkedTruncated() {
        ContainerLines lines = lines(ContainerLogFormat.CRI, 10);
        feed(lines, T + " stdout P 12345678", T + " stdout P éé", T + " stdout F tail", T + " stdout F short");
        assertThat(events).containsExactly(new Event("12345678é", ends.get(2), 3), new Event("short", ends.get(3), 1));
        assertThat(truncated).containsExactly(true, false);
    }
}
