package io.logwarden.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

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

    /**
     * A black-box tester's smartd log wrote most disks with a tag and a few events also for a disk without
     * one: those few events were "named in two places", and version 8 merged every event after the tagged
     * opening into one catch-all template. Most of the runs must be named elsewhere now.
     */
    @Test
    void aFewEventsAlsoWrittenForAnotherSubjectDoNotMergeTheRest() {
        List<String> lines = new ArrayList<>(lines(List.of("Device: /dev/sda [SAT], ", "Device: /dev/sdb [SAT], "), List.of(
                "opened", "is SMART capable. Adding to monitor list.", "# Currently unreadable (pending) sectors",
                "failed to read SMART Attribute Data", "Self-Test Log error count increased from # to 3#",
                "state written at /var/lib/smartd.state", "health check passed",
                "No more Currently unreadable sectors, warning condition reset")));
        for (String attribute : List.of("194 Temperature_Celsius", "190 Airflow_Temperature_Cel", "1 Raw_Read_Error_Rate")) {
            lines.addAll(lines(List.of("Device: /dev/sda [SAT], "), List.of("SMART Usage Attribute: " + attribute + " changed from # to 3#")));
        }
        // the untagged disk's attribute is always the same one: its template keeps the name, so no subject merge
        lines.addAll(lines(List.of("Device: /dev/sdc, "), List.of("opened", "failed to read SMART Attribute Data",
                "SMART Usage Attribute: 194 Temperature_Celsius changed from # to 3#")));
        assertThat(Mining.groups(8, lines)).as("version 8: one template after the tagged opening").isLessThan(9);

        DrainMiner miner = new DrainMiner(new Masker(Masker.defaultRules(9)), DrainSettings.defaults(), 9);
        List<Integer> ids = Mining.assign(miner, lines);
        Map<Integer, Set<String>> eventsById = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String event = lines.get(i).substring(lines.get(i).indexOf(", ") + 2).replaceAll("[0-9]", "")
                    .replaceAll("Attribute: .* changed", "Attribute: changed");
            eventsById.computeIfAbsent(ids.get(i), k -> new HashSet<>()).add(event);
        }
        assertThat(eventsById.values()).as("no template holds two events").allSatisfy(events -> assertThat(events).hasSize(1));
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
