package io.logwarden.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Version 9 (issue 17), with lines made up for this test in the shape systemd 250 and later writes
 * ({@code Started apt-daily.service - Daily apt download activities.}): a unit's name, a dash and its
 * description is one value named in several events, and a description that ends in a path
 * ({@code from /etc/fstab.}) ends its sentence as the others do.
 */
class NamesWithDescriptionsTest {

    private static final String[][] UNITS = {
        {"apt-daily.service", "Daily apt download activities"},
        {"logrotate.service", "Rotate log files"},
        {"certbot.service", "Certbot"},
        {"fstrim.service", "Discard unused blocks on filesystems from /etc/fstab"},
        {"motd-news.service", "Message of the Day"},
        {"man-db.service", "Daily man-db regeneration"},
    };

    private static List<String> lines(String separator) {
        List<String> lines = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            for (String[] unit : UNITS) {
                String named = unit[0] + separator + unit[1];
                lines.add("Starting " + named + "...");
                lines.add("Started " + named + ".");
                lines.add("Stopped " + named + ".");
                lines.add(unit[0] + ": Consumed " + (round * 7 + 1) + "ms CPU time.");
            }
        }
        return lines;
    }

    @Test
    void aNameADashAndADescriptionAreOneValue() {
        assertThat(Mining.groups(8, lines(" - "))).as("version 8: the dash in every run was taken for the event's text")
                .isGreaterThan(10);
        assertThat(Mining.groups(9, lines(" - "))).isEqualTo(4);
    }

    @Test
    void aDescriptionEndingInAPathEndsItsSentenceAsTheOthersDo() {
        // without the dash version 8 already merged the descriptions, but not the one ending in a path
        assertThat(Mining.groups(8, lines(" "))).isEqualTo(4 + 3);
        assertThat(Mining.groups(9, lines(" "))).isEqualTo(4);
        assertThat(Masker.withDefaults(List.of()).mask("Loading /etc/app.conf... from /srv/app/. done"))
                .isEqualTo("Loading <PATH>... from <PATH>. done");
    }
}
