package io.logwarden.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

class ParseCommandTest {

    @TempDir
    Path dir;

    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = new CommandLine(new ParseCommand());
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void writesOneCsvRowPerInputLine() throws Exception {
        Path input = dir.resolve("app.log");
        Files.write(input, List.of(
                "INFO main: Starting service alpha",
                "INFO main: Connection closed by 10.0.0.1 port 22",
                "INFO main: Connection closed by 10.0.0.2 port 2222",
                "this line does not fit, \"quoted\"",
                "INFO main: Starting service beta"));
        Path output = dir.resolve("out/app.csv");

        int exit = run("--input", input.toString(), "--format", "<Level> <Component>: <Content>",
                "--output", output.toString());

        assertThat(exit).isZero();
        List<List<String>> rows = LoghubData.Csv.read(Files.readString(output));
        assertThat(rows).hasSize(1 + 5);
        assertThat(rows.get(0)).containsExactly("LineId", "EventId", "EventTemplate");
        assertThat(rows.get(1)).containsExactly("1", "1", "Starting service <*>");
        assertThat(rows.get(2).get(1)).isEqualTo(rows.get(3).get(1));
        assertThat(rows.get(4).get(2)).isEqualTo("this line does not fit, \"quoted\"");
        assertThat(rows.get(5).get(0)).isEqualTo("5");
        assertThat(err.toString()).contains("5 lines").contains("templates").contains("lines/s");
    }

    @Test
    void badInputGivesAMessageAndNonZeroExit() throws Exception {
        Path input = dir.resolve("in.log");
        Files.writeString(input, "a b c\n");
        String out = dir.resolve("o.csv").toString();

        assertThat(run("--input", dir.resolve("missing.log").toString(), "--output", out)).isNotZero();
        assertThat(run("--input", dir.toString(), "--output", out)).isNotZero();
        assertThat(run("--input", input.toString(), "--mask", "(", "--output", out)).isNotZero();
        assertThat(run("--input", input.toString(), "--similarity", "0", "--output", out)).isNotZero();
        assertThat(run("--input", input.toString(), "--similarity", "1.5", "--output", out)).isNotZero();
        assertThat(run("--input", input.toString(), "--depth", "2", "--output", out)).isNotZero();
        assertThat(run("--input", input.toString(), "--format", "<Date> no content", "--output", out)).isNotZero();
        assertThat(err.toString()).contains("not found").contains("directory").contains("mask")
                .contains("similarity").contains("depth");
        assertThat(Path.of(out)).doesNotExist();
    }
}
