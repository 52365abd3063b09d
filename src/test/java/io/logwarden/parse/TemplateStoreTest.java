package io.logwarden.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class TemplateStoreTest {

    @TempDir
    Path dir;

    private final TemplateStore store = new TemplateStore();

    @Test
    void roundTripKeepsIdsSettingsAndCounts() throws Exception {
        DrainMiner miner = new DrainMiner(Masker.withDefaults(List.of("user=\\w+")), new DrainSettings(0.6, 4, 50, 0));
        LogFormat format = LogFormat.compile("<Level> <Content>");
        int a = miner.add("Invalid user webmaster from 10.0.0.1").templateId();
        miner.add("Invalid user admin from 10.0.0.2");
        int b = miner.add("Accepted password for root from 10.0.0.3 port 22 ssh2").templateId();

        Path file = dir.resolve("m/templates.json");
        store.save(file, TemplateStore.MinerState.of(miner, format));
        TemplateStore.MinerState loaded = store.load(file).orElseThrow();

        assertThat(loaded.settings().format()).isEqualTo("<Level> <Content>");
        assertThat(loaded.settings().drainSettings()).isEqualTo(new DrainSettings(0.6, 4, 50, 0));
        assertThat(loaded.settings().masks()).isEqualTo(miner.masker().rules());
        assertThat(loaded.templates()).isEqualTo(miner.templates());

        DrainMiner restarted = loaded.toMiner();
        assertThat(restarted.add("Invalid user guest from 10.0.0.9").templateId()).isEqualTo(a);
        assertThat(restarted.add("Accepted password for bob from 10.0.0.4 port 2222 ssh2").templateId()).isEqualTo(b);
        assertThat(restarted.add("Something completely new happened").templateId()).isEqualTo(3);
        assertThat(Files.list(file.getParent())).containsExactly(file); // no temp files left behind
    }

    @Test
    void missingFileIsEmpty() throws Exception {
        assertThat(store.load(dir.resolve("none.json"))).isEmpty();
    }

    @Test
    void corruptFileIsReported() throws Exception {
        Path file = dir.resolve("templates.json");
        Files.writeString(file, "{ not json");
        assertThatThrownBy(() -> store.load(file)).isInstanceOf(TemplateStore.CorruptTemplateFileException.class)
                .hasMessageContaining(file.toString());
    }

    /** An operator reads the reason, so it names the field and what it needs, not the reader's Java types. */
    @Test
    void aCorruptFileSaysWhereAndWhatInPlainWords() throws Exception {
        DrainMiner miner = new DrainMiner(Masker.withDefaults(List.of()), new DrainSettings(0.6, 4, 50, 0));
        miner.add("Accepted password for root from 10.0.0.3 port 22 ssh2");
        Path file = dir.resolve("templates.json");
        store.save(file, TemplateStore.MinerState.of(miner, LogFormat.compile("<Level> <Content>")));
        String good = Files.readString(file);

        Files.writeString(file, good.replaceFirst("\"id\" : 1", "\"id\" : \"one\""));
        assertThatThrownBy(() -> store.load(file)).hasMessageContaining("field \"templates[0].id\": expected a number")
                .hasMessageNotContaining("`");
        Files.writeString(file, good.replaceFirst("\"settingsVersion\" : " + DrainMiner.SETTINGS_VERSION, "\"settingsVersion\" : -1"));
        assertThatThrownBy(() -> store.load(file)).hasMessageContaining("unknown parser settings version -1");
        Files.writeString(file, good.replaceFirst("\"settingsVersion\" : " + DrainMiner.SETTINGS_VERSION, "\"settingsVersion\" : 0"));
        assertThatThrownBy(() -> store.load(file)).as("only an absent version means 1").hasMessageContaining("unknown parser settings version 0");
        Files.writeString(file, good.replace("<Level> <Content>", "<Level> <Level> <Content>"));
        assertThatThrownBy(() -> store.load(file)).hasMessageContaining("<Level> appears twice");
        Files.writeString(file, good + "{}");
        assertThatThrownBy(() -> store.load(file)).isInstanceOf(TemplateStore.CorruptTemplateFileException.class);
        Files.writeString(file, good.replaceFirst("\"depth\" : 4", "\"depth\" : 4.5"));
        assertThatThrownBy(() -> store.load(file)).hasMessageContaining("field \"settings.depth\"");
        Files.writeString(file, good.replaceFirst("\"version\" : 1", "\"version\" : 99"));
        assertThatThrownBy(() -> store.load(file)).hasMessageContaining("format version 99 is newer");
        Files.writeString(file, good.replaceFirst("\"id\" : 1", "\"id\" : 0"));
        assertThatThrownBy(() -> store.load(file)).hasMessageContaining("field \"templates[0]\": a template needs an id of 1 or more")
                .hasMessageNotContaining("TemplateRecord");
        Files.writeString(file, good.replaceFirst("\"id\" : 1", "\"id\" : 2147483648"));
        assertThatThrownBy(() -> store.load(file)).hasMessageContaining("a number out of range (line ");
        Files.writeString(file, good.replaceFirst("\"templates\" : \\[", "\"templates\" : [ null,"));
        assertThatThrownBy(() -> store.load(file)).hasMessageContaining("empty").hasMessageNotContaining(": null");
        Files.write(file, good.replace("root", "caf\u00e9").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> store.load(file)).isInstanceOf(TemplateStore.CorruptTemplateFileException.class)
                .hasMessageContaining("not UTF-8 text");
        Files.writeString(file, good.substring(0, good.length() / 2));
        assertThatThrownBy(() -> store.load(file)).hasMessageContaining("not valid JSON, it ends too early (line ")
                .isInstanceOf(TemplateStore.CorruptTemplateFileException.class);
    }

    @Test
    void templatesKeepTheirSettingsAndOnlyARealConflictIsAWarning() throws Exception {
        Path file = dir.resolve("model/templates.json");
        DrainMiner miner = new DrainMiner(Masker.withDefaults(List.of()), new DrainSettings(0.65, 4, 100, 0));
        miner.add("Accepted password for root from 10.0.0.3 port 22 ssh2");
        store.save(file, TemplateStore.MinerState.of(miner, LogFormat.compile("<Level> <Content>")));
        Logger logger = (Logger) LoggerFactory.getLogger(LogParser.class);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        logger.addAppender(logged);
        try {
            // the shipped model's case: a line format comes with the templates, none is configured
            new LogParser(ParserProperties.defaults(), file, store).close();
            // an operator asked for another similarity than the templates were mined with
            ParserProperties other = new ParserProperties("", 0.5, 4, 100, 0, List.of(), Duration.ofSeconds(2));
            LogParser parser = new LogParser(other, file, store);
            assertThat(parser.parse("INFO Accepted password for bob from 10.0.0.4 port 2222 ssh2", "a.log", 1).template())
                    .as("the file's format and settings are used").startsWith("Accepted password for");
            parser.close();
        } finally {
            logger.detachAppender(logged);
        }
        List<ILoggingEvent> settings = logged.list.stream()
                .filter(e -> e.getFormattedMessage().contains("keeps the parser settings")).toList();
        assertThat(settings).hasSize(2);
        assertThat(settings.get(0).getLevel()).isEqualTo(Level.INFO);
        assertThat(settings.get(0).getFormattedMessage()).contains("format \"<Level> <Content>\"");
        assertThat(settings.get(1).getLevel()).isEqualTo(Level.WARN);
        assertThat(settings.get(1).getFormattedMessage()).contains("similarity=0.65").contains("similarity=0.5")
                .contains("logwarden.parser.* differs");
    }

    @Test
    void parserMapsTheSameLineToTheSameIdAfterARestart() throws Exception {
        Path file = dir.resolve("demo/templates.json");
        ParserProperties props = ParserProperties.defaults();
        LogParser first = new LogParser(props, file, store);
        first.parse("Starting service alpha", "a.log", 1);
        LogEvent event = first.parse("Connection closed by 10.0.0.1 port 22", "a.log", 2);
        first.close();
        assertThat(file).exists();

        LogParser second = new LogParser(props, file, store);
        LogEvent again = second.parse("Connection closed by 10.0.0.1 port 22", "a.log", 3);
        assertThat(again.templateId()).isEqualTo(event.templateId());
        assertThat(second.templateCount()).isEqualTo(2);
        assertThat(second.template(event.templateId()).orElseThrow().count()).isEqualTo(2);
        second.close();
    }

    @Test
    void corruptFileIsKeptUntilANewTemplateIsLearnedThenMovedAside() throws Exception {
        Path file = dir.resolve("demo/templates.json");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "garbage");
        ParserProperties props = new ParserProperties("", 0.65, 4, 100, 0, List.of(), Duration.ofHours(1));

        LogParser parser = new LogParser(props, file, store);
        assertThat(parser.templateCount()).isZero();
        parser.flush();
        assertThat(Files.readString(file)).isEqualTo("garbage");

        parser.parse("first template ever", "x", 1);
        parser.close();
        assertThat(store.load(file).orElseThrow().templates()).hasSize(1);
        try (var files = Files.list(file.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .anyMatch(n -> n.startsWith("templates.json.corrupt-"));
        }
    }

    @Test
    void reloadSwitchesModels() throws Exception {
        Path a = dir.resolve("a/templates.json");
        Path b = dir.resolve("b/templates.json");
        LogParser parser = new LogParser(ParserProperties.defaults(), a, store);
        parser.parse("alpha beta gamma", "x", 1);
        parser.reload(b);
        assertThat(a).exists();
        assertThat(parser.templateCount()).isZero();
        assertThat(parser.parse("delta epsilon zeta", "x", 2).templateId()).isEqualTo(1);
        parser.reload(a);
        assertThat(parser.parse("alpha beta gamma", "x", 3).templateId()).isEqualTo(1);
        assertThat(parser.templateCount()).isEqualTo(1);
        parser.close();
    }

    @Test
    void parseFillsTheEvent() {
        ParserProperties props = new ParserProperties("<Level> <Component>: <Content>", 0.65, 4, 100, 0, List.of(),
                Duration.ofHours(1));
        LogParser parser = new LogParser(props, dir.resolve("p/templates.json"), store);
        parser.parse("INFO sshd: Invalid user admin from 10.0.0.2", "auth.log", 1);
        LogEvent e = parser.parse("INFO sshd: Invalid user guest from 10.0.0.3", "auth.log", 2);
        assertThat(e.source()).isEqualTo("auth.log");
        assertThat(e.lineNumber()).isEqualTo(2);
        assertThat(e.content()).isEqualTo("Invalid user guest from 10.0.0.3");
        assertThat(e.fields()).containsEntry("Level", "INFO").containsEntry("Component", "sshd");
        assertThat(e.templateId()).isEqualTo(1);
        assertThat(e.template()).isEqualTo("Invalid user <*> from <IP>");
        assertThat(e.parameters()).containsExactly("guest", "10.0.0.3");
        assertThat(e.receivedAt()).isNotNull();
        parser.close();
    }
}
