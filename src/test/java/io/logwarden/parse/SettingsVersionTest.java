package io.logwarden.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A changed default must never renumber an existing model's templates. The fixture under
 * {@code parse/v1-model} was written by the parser as it was before settings version 2 (masks that all
 * write {@code <*>}, no list merge): its templates.json has no settingsVersion, and expected-ids.txt
 * holds the id that parser gave each line of lines.log. The lines are made up to hit every shape the
 * new defaults treat differently (hosts, durations, sizes, Windows ids, lists). {@code parse/v2-model}
 * was written the same way by the parser of settings version 2, with lines that version 3 masks or
 * groups differently (padded ids, compound durations, bracketed lists, dotted names), and
 * {@code parse/v3-model} by the parser of settings version 3, with lines version 4 masks or splits
 * differently (quoted comments, events told apart by one word, amounts inside pod names).
 * {@code parse/v4-model} was written by the parser of settings version 4 from the first 14 messages
 * of each kind generate2.py writes under {@code parse/made-up} (Android, CBS, proxy, macOS, nova,
 * health app, Hadoop, Thunderbird), the shapes version 5 was designed on. {@code parse/v5-model} was
 * written by the parser of settings version 5 from the first 16 messages of six made-up kinds (HPC,
 * journal, Cassandra, Kafka, PostgreSQL, Android) and made-up lines of the black-box tester's failure
 * shapes (a state or result word with few values, a name of one to three words), before any later rule.
 * {@code parse/v6-model} was written by the parser of settings version 6 (built from the commit
 * before version 7) from the first 16 messages of each kind generate4.py writes and lines with a name
 * in brackets before the event's words ({@code [sshd] Ban 10.0.0.1}), which version 7 mines otherwise.
 * {@code parse/v7-model} was written by the parser of settings version 7 (the commit before version 8)
 * from the first 16 messages of each kind generate7.py writes and made-up lines of TiKV's unified log
 * format with a bracketed quoted message ({@code ["became follower at term 33"]}), which version 8 keeps
 * as text. {@code parse/v8-model} was written by the parser of settings version 8 (the commit before version 9)
 * from the first 10 messages of each kind generate6.py writes and made-up lines with records in braces
 * ({@code {'user_id': 42, 'retry': True}}), which version 9 takes as one value. {@code parse/v9-model} was
 * written by the parser of settings version 9 (the commit before version 10) from v8-model's lines and
 * made-up logfmt lines whose messages differ in their first word ({@code msg="Opened file"}, {@code
 * msg="Reading file"}), which version 10 keeps apart. {@code parse/v10-model} was written by the parser of
 * settings version 10 (the commit before version 11) from v9-model's lines and made-up lines with DNS names
 * that hold underscores ({@code _sip._udp.voice.example.com}), which version 11 masks as hosts. {@code
 * parse/v11-model} was written by the parser of settings version 11 (the commit before version 12) from
 * v10-model's lines and made-up lines with a field given no value between two others ({@code referer=
 * handler=...}), names in escaped quotes ({@code File accessed: \"\/alice\/files\/IMG 2023.jpg\"}) and
 * reverse DNS names ({@code 4.3.2.10.in-addr.arpa}), which version 12 mines otherwise.
 */
class SettingsVersionTest {

    @TempDir
    Path dir;

    private final TemplateStore store = new TemplateStore();

    private List<String> resourceLines(String name) throws Exception {
        return resourceLines("v1-model", name);
    }

    private List<String> resourceLines(String fixture, String name) throws Exception {
        try (InputStream in = getClass().getResourceAsStream("/parse/" + fixture + "/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
    }

    private Path copyFixture() throws Exception {
        return copyFixture("v1-model");
    }

    private Path copyFixture(String fixture) throws Exception {
        Path file = dir.resolve(fixture + "/templates.json");
        Files.createDirectories(file.getParent());
        try (InputStream in = getClass().getResourceAsStream("/parse/" + fixture + "/templates.json")) {
            Files.copy(in, file);
        }
        return file;
    }

    /** Parses the fixture's lines, each of which must get the id the older parser gave it. */
    private static void replay(LogParser parser, List<String> lines, List<Integer> expected) {
        for (int i = 0; i < lines.size(); i++) {
            LogEvent event = parser.parse(lines.get(i), "fixture", i + 1);
            assertThat(event.templateId()).as("line " + (i + 1) + ": " + lines.get(i)).isEqualTo(expected.get(i));
        }
    }

    private static ParserProperties properties() {
        return new ParserProperties("", 0.65, 4, 100, 0, List.of(), Duration.ofHours(1));
    }

    @Test
    void aModelWithoutSettingsVersionKeepsItsIdsAndOldBehaviour() throws Exception {
        Path file = copyFixture();
        List<String> lines = resourceLines("lines.log");
        List<Integer> expected = resourceLines("expected-ids.txt").stream().map(Integer::parseInt).toList();
        String before = Files.readString(file);

        LogParser parser = new LogParser(properties(), file, store);
        try {
            for (int i = 0; i < lines.size(); i++) {
                LogEvent event = parser.parse(lines.get(i), "fixture", i + 1);
                assertThat(event.templateId()).as("line " + (i + 1) + ": " + lines.get(i)).isEqualTo(expected.get(i));
                assertThat(event.template()).doesNotContain("<IP>", "<NUM>", "<HOST>");
            }
            // a line the new defaults would fold into template 9 ("Fan speeds") starts a new one here
            assertThat(parser.parse("Fan speeds ( 1 2 3 )", "fixture", 99).templateId()).isEqualTo(18);
        }
        finally {
            parser.close();
        }
        TemplateStore.MinerState saved = store.load(file).orElseThrow();
        assertThat(saved.settings().settingsVersion()).isEqualTo(1);
        assertThat(saved.settings().masks()).isEqualTo(Masker.LEGACY_RULES);
        assertThat(before).doesNotContain("settingsVersion");
    }

    @Test
    void aVersionTwoModelKeepsItsIdsAndVersionTwoBehaviour() throws Exception {
        Path file = copyFixture("v2-model");
        List<String> lines = resourceLines("v2-model", "lines.log");
        List<Integer> expected = resourceLines("v2-model", "expected-ids.txt").stream().map(Integer::parseInt).toList();
        Logger logger = (Logger) LoggerFactory.getLogger(LogParser.class);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        logger.addAppender(logged);
        LogParser parser = new LogParser(properties(), file, store);
        try {
            replay(parser, lines, expected);
            // version 3 would fold this into the codecs template of any length; version 2 starts a new one
            assertThat(parser.parse("Loaded codecs [AAC, MP3, OPUS, FLAC]", "fixture", 99).templateId()).isEqualTo(24);
        }
        finally {
            parser.close();
            logger.detachAppender(logged);
        }
        TemplateStore.MinerState saved = store.load(file).orElseThrow();
        assertThat(saved.settings().settingsVersion()).isEqualTo(2);
        assertThat(saved.settings().masks()).isEqualTo(Masker.V2_RULES);
        // the older version's own masks are what it expects: no warning about differing masks
        assertThat(logged.list).filteredOn(e -> e.getFormattedMessage().contains("keeps the parser settings"))
                .singleElement().satisfies(e -> {
                    assertThat(e.getLevel()).isEqualTo(Level.INFO);
                    assertThat(e.getFormattedMessage()).contains("parser settings version 2").doesNotContain("masks");
                });
    }

    /**
     * Replays a fixture's lines, each of which must get its stored id, then checks each extra line
     * gets its id (lines a newer version treats differently), and returns the model as saved.
     */
    private TemplateStore.MinerState replayFixture(String fixture, Map<String, Integer> extra) throws Exception {
        Path file = copyFixture(fixture);
        List<String> lines = resourceLines(fixture, "lines.log");
        List<Integer> expected = resourceLines(fixture, "expected-ids.txt").stream().map(Integer::parseInt).toList();
        LogParser parser = new LogParser(properties(), file, store);
        try {
            replay(parser, lines, expected);
            for (Map.Entry<String, Integer> line : extra.entrySet()) {
                assertThat(parser.parse(line.getKey(), "fixture", 99).templateId()).as(line.getKey()).isEqualTo(line.getValue());
            }
        }
        finally {
            parser.close();
        }
        return store.load(file).orElseThrow();
    }

    @Test
    void aVersionThreeModelKeepsItsIdsAndVersionThreeBehaviour() throws Exception {
        // version 4 would mask the quoted comment; version 3 starts a new template for each comment
        TemplateStore.MinerState saved = replayFixture("v3-model",
                Map.of("User kim posted comment \"fine\" on ticket 10", 9));
        assertThat(saved.settings().settingsVersion()).isEqualTo(3);
        assertThat(saved.settings().masks()).isEqualTo(Masker.V3_RULES);
    }

    @Test
    void aVersionFourModelKeepsItsIdsAndVersionFourBehaviour() throws Exception {
        // version 5 keeps a request's method and counts two dotted names alike; version 4 does neither
        TemplateStore.MinerState saved = replayFixture("v4-model", Map.of(
                "10.0.0.1 \"GET /v2/54fadb412c4e40cdbaed9335e4c35a9e/servers/detail HTTP/1.1\" status: 200 len: 1893 time: 0.2477829", 41,
                "processHandleBroadcastAction action:android.intent.action.SCREEN_ON", 77));
        assertThat(saved.settings().settingsVersion()).isEqualTo(4);
    }

    @Test
    void aVersionFiveModelKeepsItsIdsAndVersionFiveBehaviour() throws Exception {
        // later versions may fold a state word or a run of name words into one template; version 5 does not
        TemplateStore.MinerState saved = replayFixture("v5-model", Map.of(
                "Started job full nightly report for branch main by user dave", 62,
                "Node six is now DOWN", 75));
        assertThat(saved.settings().settingsVersion()).isEqualTo(5);
    }

    @Test
    void aVersionSixModelKeepsItsIdsAndVersionSixBehaviour() throws Exception {
        // version 7 sends a name in brackets before the event's words down the <*> branch; version 6 makes a template per name
        TemplateStore.MinerState saved = replayFixture("v6-model", Map.of("[postfix-sasl] Ban 10.0.0.9", 73));
        assertThat(saved.settings().settingsVersion()).isEqualTo(6);
    }

    @Test
    void aVersionSevenModelKeepsItsIdsAndVersionSevenBehaviour() throws Exception {
        // version 8 keeps a bracketed quoted message as text; version 7 masks it, so every such event is one template
        TemplateStore.MinerState saved = replayFixture("v7-model", Map.of(
                "[2026/11/02 09:00:00.000 +00:00] [INFO] [peer.rs:1200] [\"became leader at term 50\"] [term=50] [raft_id=3] [region_id=2]", 44));
        assertThat(saved.settings().settingsVersion()).isEqualTo(7);
        assertThat(saved.settings().masks()).isEqualTo(Masker.V7_RULES);
    }

    @Test
    void aVersionEightModelKeepsItsIdsAndVersionEightBehaviour() throws Exception {
        // version 9 takes a record in braces as one value, so this line would join line 44's template
        TemplateStore.MinerState saved = replayFixture("v8-model", Map.of(
                "Received task with kwargs {'user_id': 9, 'retry': True, 'eta': 'soon'}", 45));
        assertThat(saved.settings().settingsVersion()).isEqualTo(8);
        assertThat(saved.settings().masks()).isEqualTo(Masker.V8_RULES);
    }

    @Test
    void aVersionNineModelKeepsItsIdsAndVersionNineBehaviour() throws Exception {
        // version 10 keeps the word a message key opens as the event's; version 9 takes it as a setting's value
        TemplateStore.MinerState saved = replayFixture("v9-model", Map.of(
                "ts=2026-11-02T09:00:02.515Z lvl=info msg=\"Closing file\" log_id=0TfQ3x0W000 engine=tsm1 service=filestore"
                        + " path=/var/lib/influxdb/data/telegraf/autogen/3/000000004-000000001.tsm id=2 duration=0.31ms", 46));
        assertThat(saved.settings().settingsVersion()).isEqualTo(9);
    }

    @Test
    void aVersionTenModelKeepsItsIdsAndVersionTenBehaviour() throws Exception {
        // version 11 masks a name with underscores as a host; version 10 keeps it as the literal it had
        TemplateStore.MinerState saved = replayFixture("v10-model", Map.of(
                "_sip._udp.voice.example.com resolved to 10.1.2.9 in 5 ms", 48));
        assertThat(saved.settings().settingsVersion()).isEqualTo(10);
        assertThat(saved.settings().masks()).isEqualTo(Masker.V9_RULES);
    }

    @Test
    void aVersionElevenModelKeepsItsIdsAndVersionElevenBehaviour() throws Exception {
        // version 12 takes an empty field between two others for the same field with a value (template 50)
        TemplateStore.MinerState saved = replayFixture("v11-model", Map.of(
                "logger=context userId=3 orgId=1 uname=dev t=2026-11-03T10:00:09Z level=info msg=\"Request Completed\" method=GET"
                        + " path=/api/user status=200 remote_addr=10.0.0.9 time_ms=2 duration=2.2ms size=99 referer= handler=/api/user", 51));
        assertThat(saved.settings().settingsVersion()).isEqualTo(11);
        assertThat(saved.settings().masks()).isEqualTo(Masker.V11_RULES);
    }

    @Test
    void aNewModelIsMinedWithTheCurrentVersionAndKeepsItAcrossARestart() throws Exception {
        Path file = dir.resolve("fresh/templates.json");
        LogParser parser = new LogParser(properties(), file, store);
        int fans = parser.parse("Fan speeds ( 3552 3534 3375 4245 )", "a", 1).templateId();
        int proxy = parser.parse("www.example.org:443 close, 0 bytes sent, lifetime <1 sec", "a", 2).templateId();
        parser.close();

        TemplateStore.MinerState saved = store.load(file).orElseThrow();
        assertThat(saved.settings().settingsVersion()).isEqualTo(DrainMiner.SETTINGS_VERSION);
        assertThat(saved.templates()).extracting(TemplateRecord::template)
                .contains("Fan speeds ( <NUM> )", "<HOST>:<NUM> close, <SIZE> sent, lifetime <DURATION>");

        LogParser restarted = new LogParser(properties(), file, store);
        try {
            assertThat(restarted.parse("Fan speeds ( 1 2 3 4 5 6 )", "a", 3).templateId()).isEqualTo(fans);
            assertThat(restarted.parse("10.1.1.1:8443 close, 7 bytes sent, lifetime 00:02", "a", 4).templateId())
                    .isEqualTo(proxy);
        }
        finally {
            restarted.close();
        }
    }

    @Test
    void anOldModelIsReportedAtInfoNotAsAMisconfiguration() throws Exception {
        Path file = copyFixture();
        Logger logger = (Logger) LoggerFactory.getLogger(LogParser.class);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        logger.addAppender(logged);
        try {
            new LogParser(properties(), file, store).close();
        }
        finally {
            logger.detachAppender(logged);
        }
        List<ILoggingEvent> notes = logged.list.stream()
                .filter(e -> e.getFormattedMessage().contains("keeps the parser settings")).toList();
        assertThat(notes).hasSize(1);
        assertThat(notes.get(0).getLevel()).isEqualTo(Level.INFO);
        assertThat(notes.get(0).getFormattedMessage()).contains("parser settings version 1").doesNotContain("masks");
    }

    @Test
    void aModelFromANewerBuildIsRefusedWithItsVersion() throws Exception {
        Path file = copyFixture();
        Files.writeString(file, Files.readString(file).replace("\"maxClusters\" : 0,", "\"maxClusters\" : 0,\n    \"settingsVersion\" : 99,"));
        assertThatThrownBy(() -> store.load(file)).isInstanceOf(TemplateStore.CorruptTemplateFileException.class)
                .hasMessageContaining("parser settings version 99");
    }
}
