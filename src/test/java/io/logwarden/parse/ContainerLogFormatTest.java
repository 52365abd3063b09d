package io.logwarden.parse;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The two container runtime formats decoded record by record, and lines that only look like them refused. */
class ContainerLogFormatTest {

    @Test
    void criRecordsGiveMessageStreamTimeAndThePartialTag() {
        ContainerLogFormat.Record full = ContainerLogFormat.CRI.decode("2024-01-01T00:00:00.000000000Z stdout F GET /health 200");
        assertThat(full).isEqualTo(new ContainerLogFormat.Record("GET /health 200", "stdout", "2024-01-01T00:00:00.000000000Z", false));
        ContainerLogFormat.Record part = ContainerLogFormat.CRI.decode("2024-01-01T00:00:00.1Z stderr P first half ");
        assertThat(part.partial()).isTrue();
        assertThat(part.message()).as("spaces inside the message kept").isEqualTo("first half ");
        assertThat(ContainerLogFormat.CRI.decode("2024-01-01T00:00:00Z stdout F").message()).isEmpty();
        assertThat(ContainerLogFormat.CRI.decode("2024-01-01T00:00:00Z stdout F:x tagged").message()).isEqualTo("tagged");
        assertThat(ContainerLogFormat.CRI.decode("Jan  1 00:00:00 host sshd[1]: Accepted")).isNull();
        assertThat(ContainerLogFormat.CRI.decode("2024-01-01T00:00:00Z stdin F nope")).isNull();
        assertThat(ContainerLogFormat.CRI.decode("2024-01-01T00:00:00Z stdout X nope")).isNull();
    }

    @Test
    void dockerJsonRecordsAreUnescapedAndALogWithoutNewlineIsPartial() {
        ContainerLogFormat.Record r = ContainerLogFormat.DOCKER.decode(
                "{\"log\":\"say \\\"hi\\\"\\tthere \\u00e9\\n\",\"stream\":\"stderr\",\"time\":\"2024-01-01T00:00:00.5Z\",\"attrs\":{\"k\":1}}");
        assertThat(r).isEqualTo(new ContainerLogFormat.Record("say \"hi\"\tthere é", "stderr", "2024-01-01T00:00:00.5Z", false));
        assertThat(ContainerLogFormat.DOCKER.decode("{\"log\":\"16k of text\",\"stream\":\"stdout\",\"time\":\"t\"}").partial()).isTrue();
        assertThat(ContainerLogFormat.DOCKER.decode("{\"stream\":\"stdout\"}")).as("no log field").isNull();
        assertThat(ContainerLogFormat.DOCKER.decode("{\"log\":\"cut")).as("broken JSON").isNull();
        assertThat(ContainerLogFormat.DOCKER.decode("plain text")).isNull();
    }

    @Test
    void autoTellsTheFormatsApartLineByLineAndUnknownNamesAreRefused() {
        assertThat(ContainerLogFormat.AUTO.decode("{\"log\":\"a\\n\",\"stream\":\"stdout\",\"time\":\"t\"}").message()).isEqualTo("a");
        assertThat(ContainerLogFormat.AUTO.decode("2024-01-01T00:00:00Z stdout F b").message()).isEqualTo("b");
        assertThat(ContainerLogFormat.AUTO.decode("neither")).isNull();
        assertThat(ContainerLogFormat.of(null)).isEqualTo(ContainerLogFormat.PLAIN);
        assertThatThrownBy(() -> ContainerLogFormat.of("journald")).hasMessageContaining("unknown log format 'journald'");
    }

    @Test
    void junkIsNeverARecordAndNeverAnException() {
        String[] junk = {"", " ", "  stdout F leading spaces", "T stdout", "2024 stdout F no T in the time", "{", "{}",
                "{\"log\":1,\"stream\":\"stdout\"}", "{\"log\":\"x\\n\"", "[\"log\"]", "\u0000\u0001\u0002", "\uFFFD\uFFFD",
                "{\"log\":\"\\ud800\\n\"", "{" .repeat(5000)};
        for (String line : junk) {
            for (ContainerLogFormat format : ContainerLogFormat.values()) {
                assertThat(format.decode(line)).as("%s %s", format, line.length() > 40 ? line.substring(0, 40) : line).isNull();
            }
        }
    }
}
