package io.logwarden.parse;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Version 12 (issue 17), with lines made up for this test in the shapes a fresh labelled set showed: a field
 * given no value between two others, a module's tag in capitals before its message, an account opening the
 * message, a name called with an argument in brackets, a name in escaped quotes and a reverse DNS name.
 * Each test also mines the lines with version 11, to show what the rule changes.
 */
class FieldsTagsAndArgumentsTest {

    private static final String[] PATHS = {"/api/search", "/api/dashboards/uid/abc", "/api/ds/query", "/api/user", "/login"};

    @Test
    void aFieldGivenNoValueBetweenTwoOthersIsThatField() {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String referer = i % 3 == 0 ? "" : "https://grafana.example.com/d/" + (char) ('a' + i);
            lines.add("level=info msg=\"Request Completed\" method=GET path=" + PATHS[i % 5] + " status=200 remote_addr=10.0.0."
                    + i + " time_ms=" + (i + 3) + " size=" + (100 * i + 7) + " referer=" + referer + " handler=" + PATHS[i % 5]);
        }
        assertThat(Mining.groups(12, lines)).isEqualTo(1);
        assertThat(Mining.groups(11, lines)).isEqualTo(2);
    }

    /** loghub's Linux truth keeps {@code ruser= rhost=} and {@code ruser= rhost=<*>} apart: the field ends the line. */
    @Test
    void aFieldGivenNoValueThatEndsTheLineStaysApart() {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            lines.add("authentication failure; logname= uid=0 euid=0 tty=NODEVssh ruser= rhost=" + (i % 2 == 0 ? "" : "10.1.0." + i));
        }
        assertThat(Mining.groups(12, lines)).isEqualTo(2);
    }

    @Test
    void aWordAfterAModulesTagInCapitalsIsTheMessagesText() {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            String station = String.format("de:ad:be:ef:%02x:%02x", i, 3 * i);
            lines.add("wlan" + i % 2 + ": STA " + station + " WPA: " + (i % 4 == 0 ? "group" : "pairwise")
                    + " key handshake completed (" + (i % 3 == 0 ? "WPA" : "RSN") + ")");
        }
        assertThat(Mining.groups(12, lines)).isEqualTo(2);
        assertThat(Mining.groups(11, lines)).isEqualTo(1);
        // the word after a field's key in small letters is still its value
        List<String> reasons = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            reasons.add("session " + (4000 + i) + " closed, reason: " + (i % 4 == 0 ? "idle" : "timeout"));
        }
        assertThat(Mining.groups(12, reasons)).isEqualTo(1);
    }

    private static final String[] KINDS = {"qmstart", "qmstop", "vzdump"};

    @Test
    void anAccountOpeningTheMessageIsAValue() {
        String[] accounts = {"root@pam", "alice@pve", "bob@corp-ad", "ops@pve"};
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            String account = "<" + accounts[i % 4] + ">";
            String task = "UPID:pve2:0000" + (1000 + i) + ":" + KINDS[i / 4 % 3] + ":" + (100 + i % 5) + ":" + accounts[i % 4] + ":";
            lines.add(account + " starting task " + task);
            lines.add(account + " end task " + task + " OK");
            lines.add(account + " successful auth for user '" + accounts[(i + 1) % 4] + "'");
        }
        assertThat(Mining.groups(12, lines)).isEqualTo(3);
        assertThat(Mining.groups(11, lines)).isNotEqualTo(3);
    }

    @Test
    void aNameCalledWithAnArgumentInBracketsIsOneEventWhateverTheArgument() {
        String[] types = {"A", "AAAA", "HTTPS", "MX", "TXT"};
        String[] bridges = {"br-lan", "br-iot", "br-guest"};
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            lines.add("query[" + types[i % 5] + "] host" + i + ".example.com from 192.168.1." + (20 + i));
            lines.add("DHCPACK(" + bridges[i % 3] + ") 192.168.1." + (100 + i) + " 3c:22:fb:00:11:" + (10 + i) + " laptop-" + i);
            lines.add("DHCPNAK(" + bridges[i % 3] + ") 192.168.1." + (100 + i) + " 3c:22:fb:00:11:" + (10 + i) + " wrong network");
        }
        assertThat(Mining.groups(12, lines)).isEqualTo(3);
        assertThat(Mining.groups(11, lines)).isGreaterThan(3);
    }

    @Test
    void aNameInEscapedQuotesAndAReverseDnsNameAreValues() {
        Masker masker = new Masker(Masker.defaultRules(12));
        assertThat(masker.mask("File accessed: \\\"\\/alice\\/files\\/Photos\\/IMG 2023.jpg\\\""))
                .isEqualTo("File accessed: <QUOTED>");
        assertThat(masker.mask("\\\"files\\/x.txt\\\"(\\\"home::alice::files\\/a b.txt\\\") is locked"))
                .isEqualTo("<QUOTED>(<QUOTED>) is locked");
        assertThat(masker.mask("query[PTR] 4.3.2.10.in-addr.arpa from 192.168.1.20")).isEqualTo("query[PTR] <HOST> from <IP>");
        String nibbles = String.join(".", "4321000000010002000300045678".concat("9abc").split("")); // 32 of them, as PTR names have
        assertThat(masker.mask("reply " + nibbles + ".ip6.arpa is NXDOMAIN")).isEqualTo("reply <HOST> is NXDOMAIN");
        Masker v11 = new Masker(Masker.defaultRules(11));
        assertThat(v11.mask("query[PTR] 4.3.2.10.in-addr.arpa from 192.168.1.20")).isEqualTo("query[PTR] <IP>.in-addr.arpa from <IP>");

        List<String> lines = new ArrayList<>();
        String[] names = {"IMG 2023.jpg", "Q3 budget final.xlsx", "notes.md", "a b c d.txt"};
        for (int i = 0; i < 8; i++) {
            lines.add("File accessed: \\\"\\/user" + i + "\\/files\\/" + names[i % 4] + "\\\"");
        }
        assertThat(Mining.groups(12, lines)).isEqualTo(1);
        assertThat(Mining.groups(11, lines)).isGreaterThan(1);
    }

    @Test
    void aNameSetApartByAColonOfItsOwnIsTheLinesSubject() {
        String[] users = {"deploy", "jenkins", "bob", "svc-backup", "carol", "ansible"};
        String[] commands = {"/usr/bin/systemctl", "/bin/ls", "/usr/bin/id", "/usr/bin/apt-get"};
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            String user = users[i % users.length];
            lines.add(user + " : TTY=pts/" + i % 4 + " ; PWD=/home/" + user + " ; USER=root ; COMMAND=" + commands[i % 4]);
            if (i % 3 == 0) {
                lines.add(user + " : command not allowed ; TTY=pts/" + i % 4 + " ; PWD=/home/" + user + " ; USER=root ; COMMAND="
                        + commands[(i + 1) % 4]);
            }
        }
        assertThat(Mining.groups(12, lines)).isEqualTo(2);
        assertThat(Mining.groups(11, lines)).isGreaterThan(2);
    }

    @Test
    void aRunOfShortHexNumbersIsOneList() {
        List<String> lines = new ArrayList<>();
        String[] lists = {"9c5 9c6 9c7", "6a4", "75f 760 761 762 763", "b49 b4a b4b b4c", "92a 92b 92c 92d 92e", "1e0 1e1"};
        for (int i = 0; i < 18; i++) {
            lines.add("Retransmit List: " + lists[i % lists.length]);
        }
        assertThat(Mining.groups(12, lines)).isEqualTo(1);
        assertThat(Mining.groups(11, lines)).isGreaterThan(1);
        // words of hex letters without a number among them stay words; numbers alone stay numbers
        assertThat(ValueLists.maskHexRuns(DrainMiner.tokenize("add a bad face to the cafe")))
                .containsExactly("add", "a", "bad", "face", "to", "the", "cafe");
        assertThat(ValueLists.maskHexRuns(DrainMiner.tokenize("members 1 2 3 joined"))).containsExactly("members", "1", "2", "3", "joined");
    }

    @Test
    void anIpv4AddressWrittenAsIpv6IsOneAddress() {
        Masker masker = new Masker(Masker.defaultRules(12));
        assertThat(masker.mask("::ffff:192.168.10.21 (::ffff:192.168.3.243[::ffff:192.168.3.243]) - FTP session opened."))
                .isEqualTo("<IP> (<IP>[<IP>]) - FTP session opened.");
        assertThat(masker.mask("data connection to ::ffff:10.0.0.1:20")).isEqualTo("data connection to <IP>:<NUM>");
        assertThat(masker.mask("fe80::1 at 12:30:45")).isEqualTo("<IP> at <TIME>");
        assertThat(new Masker(Masker.defaultRules(11)).mask("from ::ffff:192.168.3.243")).isEqualTo("from <IP>.<NUM>");
    }

    /** Step by step above the threshold, a short template lost every word and took in two events told apart by one. */
    @Test
    void aTemplateKeepsAWordOfTheEventsText() {
        List<String> lines = new ArrayList<>();
        String[] clients = {"::ffff:10.0.0.5", "ftp01.example.net", "client-7", "::ffff:10.0.0.9"};
        for (int i = 0; i < 12; i++) {
            String client = clients[i % 4];
            lines.add(client + " (" + client + "[10.0.0." + i + "]) - FTP session opened.");
            lines.add(client + " (" + client + "[10.0.0." + i + "]) - USER u" + i + ": Login successful.");
            lines.add(client + " (" + client + "[10.0.0." + i + "]) - FTP session closed.");
            if (i % 4 == 3) {
                // six tokens too; the dashes, each taken for a field with no value, lifted it above the threshold
                lines.add("10.0.0." + i + " - ProFTPD killed (signal 15)");
            }
        }
        assertThat(Mining.groups(12, lines)).isEqualTo(4);
        // an access log whose words are all names (frontend, backend/server, a state code) still is one event
        List<String> access = new ArrayList<>();
        String[] frontends = {"https-in", "http-in", "api-in"};
        String[] states = {"--", "cD", "--", "sC"};
        for (int i = 0; i < 12; i++) {
            access.add("10.1.0." + i + ":5" + i + "211 [07/Dec/2026:10:00:0" + i % 10 + ".123] " + frontends[i % 3] + " be_"
                    + frontends[(i + 1) % 3] + "/srv-" + i % 2 + " 0/0/1/2/3 200 512 " + states[i % 4] + " 1/1/0/0/0 0/0");
        }
        assertThat(Mining.groups(12, access)).isEqualTo(1);
    }

    /** A JSON line has no spaces between its members: whitespace alone made each record one token. */
    @Test
    void aJsonRecordIsSplitIntoItsMembers() {
        assertThat(ValueLists.splitJsonMembers(DrainMiner.tokenize(
                "\"logger\":<QUOTED>,\"msg\":\"handled request\",\"request\":{\"remote_ip\":<QUOTED>,\"headers\":{\"Accept\":[<QUOTED>]}},\"status\":<NUM>}")))
                .containsExactly("\"logger\":<QUOTED>", "\"msg\":\"handled", "request\"", "\"request\":{<*>}", "\"status\":<NUM>}");
        // a colon and a comma inside a message's text split nothing
        assertThat(ValueLists.splitJsonMembers(DrainMiner.tokenize("took 5,3 s: done"))).containsExactly("took", "5,3", "s:", "done");

        String[] agents = {"curl/8.5.0", "Go-http-client/2.0", "Mozilla/5.0 (X11; Linux x86_64) Firefox/126.0"};
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            StringBuilder headers = new StringBuilder("{\"User-Agent\":[\"" + agents[i % 3] + "\"]");
            for (int h = 0; h < i % 4; h++) {
                headers.append(",\"X-Header-").append(h).append("\":[\"v").append(h).append("\"]");
            }
            headers.append('}');
            lines.add("{\"level\":\"info\",\"ts\":1723613413." + i + ",\"logger\":\"http.log.access\",\"msg\":\"handled request\","
                    + "\"request\":{\"remote_ip\":\"10.0.0." + i + "\",\"method\":\"GET\",\"uri\":\"/v1/orders/" + i + "\",\"headers\":"
                    + headers + "},\"duration\":0.00" + (i + 1) + ",\"size\":" + (100 * i) + ",\"status\":200}");
            lines.add("{\"level\":\"error\",\"ts\":1723613414." + i + ",\"logger\":\"http.log.error\",\"msg\":\"dial tcp 10.0.1." + i
                    + ":8080: connect: connection refused\",\"request\":{\"remote_ip\":\"10.0.0." + i + "\"},\"status\":502}");
        }
        assertThat(Mining.groups(12, lines)).isEqualTo(2);
        assertThat(Mining.groups(11, lines)).isGreaterThan(2);
    }
}
