package io.logwarden.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Version 9 (issue 17), with lines made up for this test: a log whose lines open with a subject written
 * in two ways, one longer than the other, keeps each event one template. Version 8 split every event
 * by the subject's token count.
 */
class VaryingSubjectsTest {

    private static final List<String> EVENTS = List.of("opened", "state written to /var/lib/smartd.state",
            "# Currently unreadable (pending) sectors", "SMART Usage Attribute: 194 Temperature_Celsius changed from # to 3#",
            "failed to read SMART Attribute Data");

    private static List<String> lines(List<String> subjects, List<String> events) {
        List<String> lines = new ArrayList<>();
        for (int round = 1; round <= 3; round++) {
            for (String event : events) {
                for (String subject : subjects) {
                    lines.add(subject + event.replace("#", Integer.toString(round * 3)));
                }
            }
        }
        return lines;
    }

    @Test
    void aDiskNamedWithAndWithoutItsControllerIsOneSubject() {
        List<String> lines = lines(List.of("Device: /dev/sda [SAT], ", "Device: /dev/bus/0 [megaraid_disk_00] [SAT], ",
                "Device: /dev/sdb [SAT], ", "Device: /dev/bus/0 [megaraid_disk_01] [SAT], "), EVENTS);
        assertThat(Mining.groups(8, lines)).isEqualTo(2 * EVENTS.size());
        assertThat(Mining.groups(9, lines)).isEqualTo(EVENTS.size());
    }

    @Test
    void wordsBeforeTheSameEndStayTheEventsOwn() {
        // OpenSSH: "for <user>" and "for invalid user <user>" are two events, whatever follows
        List<String> lines = lines(List.of("Failed password for root ", "Failed password for invalid user admin ",
                "Failed password for alice ", "Failed password for invalid user guest "),
                List.of("from 10.0.0.# port 22 ssh2", "from 10.0.0.# port 22 ssh2 [preauth]", "from 10.0.0.# port 2222 ssh2"));
        assertThat(Mining.groups(9, lines)).isEqualTo(Mining.groups(8, lines));
    }
}
