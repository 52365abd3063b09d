package io.logwarden.parse;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Version 11 (issue 17), with lines made up for this test: DNS service and key names hold underscores
 * ({@code _ldap._tcp.dc._msdcs.corp.example.com}, {@code s1._domainkey.example.net}). No host to the
 * masks of version 10, they stayed literal, and a resolver's query log became one event per such name
 * beside the one for every other host (a black-box tester's named log: its largest event in two).
 */
class UnderscoreHostsTest {

    private static final String[] NAMES = {"pbx1.voice.example.com", "_sip._udp.voice.example.com", "mx2.mail.example.net",
        "s1._domainkey.mail.example.net", "_acme-challenge.www.example.org", "_ldap._tcp.dc._msdcs.corp.internal",
        "build_agent-3.ci.example.com", "www.example.co.uk"};

    private static final String[] TYPES = {"SRV", "A", "AAAA", "TXT"};
    private static final String[] FLAGS = {"+E(0)K", "-ED", "+", "-E(0)DC"};

    /** A resolver's query log, its record type and flags varying too: two values and the name in ten tokens. */
    private static List<String> queries() {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            for (int n = 0; n < NAMES.length; n++) {
                String name = NAMES[n];
                lines.add("client @0x7f3a2c00" + n + i + " 10.0." + i + ".7#5" + n + "31 (" + name + "): query: " + name + " IN "
                        + TYPES[(i + n) % 4] + " " + FLAGS[(i + 2 * n) % 4] + " (10.0.0.53)");
            }
        }
        return lines;
    }

    @Test
    void namesWithUnderscoresAreHostsAsTheOthersAre() {
        Masker masker = new Masker(Masker.defaultRules(11));
        for (String name : NAMES) {
            assertThat(masker.mask("lookup of " + name + " failed")).as(name).isEqualTo("lookup of <HOST> failed");
        }
        assertThat(masker.mask("(_ldap._tcp.dc._msdcs.corp.internal):")).isEqualTo("(<HOST>):");
        // an underscore does not make a word a host: there is still no top-level domain
        assertThat(masker.mask("loaded __init__.py and my_module.settings for snake_case_name"))
                .isEqualTo("loaded __init__.py and my_module.settings for snake_case_name");
        assertThat(new Masker(Masker.defaultRules(10)).mask("lookup of _sip._udp.voice.example.com failed"))
                .isEqualTo("lookup of _sip._udp.voice.example.com failed");
    }

    @Test
    void aResolversQueriesAreOneEventWhateverTheName() {
        assertThat(Mining.groups(11, queries())).isEqualTo(1);
        assertThat(Mining.groups(10, queries())).isGreaterThan(1);
    }
}
