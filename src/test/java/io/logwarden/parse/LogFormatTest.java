package io.logwarden.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LogFormatTest {

    @Test
    void splitsHeaderFieldsFromContent() {
        LogFormat format = LogFormat.compile("<Date> <Time> <Pid> <Level> <Component>: <Content>");
        LogFormat.SplitLine split = format.split("081109 203615 148 INFO dfs.DataNode$PacketResponder: PacketResponder 1 for block blk_1 terminating");
        assertThat(split.matched()).isTrue();
        assertThat(split.content()).isEqualTo("PacketResponder 1 for block blk_1 terminating");
        assertThat(split.fields()).containsEntry("Date", "081109").containsEntry("Level", "INFO")
                .containsEntry("Component", "dfs.DataNode$PacketResponder").doesNotContainKey("Content");
    }

    @Test
    void fragmentsBetweenFieldsAreRegexes() {
        LogFormat format = LogFormat.compile("<Month> <Date> <Time> <Level> <Component>(\\[<PID>\\])?: <Content>");
        assertThat(format.split("Jun 14 15:16:01 combo sshd(pam_unix)[19939]: check pass; user unknown").fields())
                .containsEntry("Component", "sshd(pam_unix)").containsEntry("PID", "19939");
        assertThat(format.split("Jun 14 15:16:01 combo kernel: usb 1-1: new device").content())
                .isEqualTo("usb 1-1: new device");
    }

    /** A black-box tester: a padded kernel time matched only with the padding, the space a quantifier applies to made \s+. */
    @Test
    void aSpaceAQuantifierAppliesToKeepsTheQuantifier() {
        LogFormat format = LogFormat.compile("\\[ {0,8}<Time>\\] <Content>");
        assertThat(format.split("[12345.678901] usb 1-1: new device").fields()).containsEntry("Time", "12345.678901");
        assertThat(format.split("[    2.000001] usb 1-1: new device").content()).isEqualTo("usb 1-1: new device");
        assertThat(LogFormat.compile("<Level>  <Content>").split("INFO\tstarted").content()).isEqualTo("started");
    }

    /**
     * loghub's formats are Python regexes, where a brace that makes no quantifier is the character: a JSON log's format
     * was refused with "Illegal repetition" while Python took it.
     */
    @Test
    void aBraceThatMakesNoQuantifierIsTheCharacter() {
        LogFormat json = LogFormat.compile("{\"level\":\"<Level>\",\"ts\":<Time>,<Content>}");
        LogFormat.SplitLine split = json.split("{\"level\":\"info\",\"ts\":1701.5,\"msg\":\"served {id}\"}");
        assertThat(split.matched()).isTrue();
        assertThat(split.fields()).containsEntry("Level", "info").containsEntry("Time", "1701.5");
        assertThat(split.content()).isEqualTo("\"msg\":\"served {id}\"");
        // a quantifier, an escaped brace and a brace in a character class keep their regex meaning
        assertThat(LogFormat.compile("<Pid>x{2} <Content>").split("7xx started").fields()).containsEntry("Pid", "7");
        assertThat(LogFormat.compile("<Pid>x{2} <Content>").split("7x{2} started").matched()).isFalse();
        assertThat(LogFormat.compile("\\{<Pid>\\} <Content>").split("{7} started").content()).isEqualTo("started");
        assertThat(LogFormat.compile("<Pid>[{}]+ <Content>").split("7}{ started").fields()).containsEntry("Pid", "7");
    }

    @Test
    void aLineThatDoesNotFitIsTakenWholeAndCounted() {
        LogFormat format = LogFormat.compile("\\[<Time>\\] \\[<Level>\\] <Content>");
        LogFormat.SplitLine split = format.split("  at java.lang.Thread.run(Thread.java:750)  ");
        assertThat(split.matched()).isFalse();
        assertThat(split.content()).isEqualTo("at java.lang.Thread.run(Thread.java:750)");
        assertThat(split.fields()).isEmpty();
        assertThat(format.mismatches()).isEqualTo(1);
    }

    @Test
    void noFormatMeansWholeLine() {
        assertThat(LogFormat.compile("").split("a b c").content()).isEqualTo("a b c");
        assertThat(LogFormat.compile(null).isWholeLine()).isTrue();
    }

    @Test
    void rejectsFormatsWithoutContentOrWithBrokenRegex() {
        assertThatThrownBy(() -> LogFormat.compile("<Date> <Time>")).hasMessageContaining("<Content>");
        assertThatThrownBy(() -> LogFormat.compile("(<Date> <Content>")).isInstanceOf(IllegalArgumentException.class);
        // the second <Date> would hide the first, and a second <Content> would make the message ambiguous
        assertThatThrownBy(() -> LogFormat.compile("<Date> <Date> <Content>")).hasMessageContaining("<Date> appears twice");
        assertThatThrownBy(() -> LogFormat.compile("<Content> <Content>")).hasMessageContaining("<Content> appears twice");
    }

    /** A format whose own regex backtracks without end on a line takes that line whole after its budget. */
    @Test
    void aFormatThatBacktracksWithoutEndTakesTheLineWhole() {
        LogFormat format = LogFormat.compile("<Host> (.*a){12}z<Content>");
        String line = "web1 " + "a".repeat(40) + "b";
        LogFormat.SplitLine split = format.split(line);
        assertThat(split.content()).isEqualTo(line);
        assertThat(format.mismatches()).isEqualTo(1);
        assertThat(format.timeouts()).isEqualTo(1);
        assertThat(format.split("web1 " + "a".repeat(12) + "zdone").content()).as("where it ends, it splits").isEqualTo("done");
    }
}
