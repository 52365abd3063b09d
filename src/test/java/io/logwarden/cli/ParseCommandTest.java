package io.logwarden.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.logwarden.parse.LoghubData;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
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
    private final StringWriter out = new StringWriter();

    private int run(String... args) {
        CommandLine cli = new CommandLine(new ParseCommand());
        cli.setErr(new PrintWriter(err, true));
        cli.setOut(new PrintWriter(out, true));
        return cli.execute(args);
    }

    @Test
    void writesOneCsvRowPerInputLine() throws Exception {
        Path input = dir.resolve("app.log");
        Files.write(input, List.of(
                "INFO main: Starting service alpha",
                "INFO main: Connection closed by 10.0.0.1 port 22",
                "INFO main: Connection closed by 10.0.0.2 port 2222",
                "this line does not fit, say \"hi",
                "INFO main: Starting service beta"));
        Path output = Files.createDirectories(dir.resolve("out")).resolve("app.csv");

        int exit = run("--input", input.toString(), "--format", "<Level> <Component>: <Content>",
                "--output", output.toString());

        assertThat(exit).isZero();
        List<List<String>> rows = LoghubData.Csv.read(Files.readString(output));
        assertThat(rows).hasSize(1 + 5);
        assertThat(rows.get(0)).containsExactly("LineId", "EventId", "EventTemplate");
        assertThat(rows.get(1)).containsExactly("1", "1", "Starting service <*>");
        assertThat(rows.get(2).get(1)).isEqualTo(rows.get(3).get(1));
        assertThat(rows.get(4).get(2)).isEqualTo("this line does not fit, say \"hi");
        assertThat(rows.get(5).get(0)).isEqualTo("5");
        assertThat(err.toString()).contains("5 lines").contains("templates").contains("lines/s");
    }

    /**
     * A black-box tester: a bare CR inside a line (a progress bar) made two CSV rows of it, shifting every later
     * LineId against the file's line numbers, and a U+2028 inside the message made the line miss the format.
     */
    @Test
    void aLineEndsAtANewlineOnlyAndItsMessageMayHoldLineSeparators() throws Exception {
        Path input = dir.resolve("app.log");
        Files.writeString(input, "INFO main: Download 10%\rDownload 100%\n"
                + "INFO main: Starting service alpha\u2028on host a\r\n"
                + "INFO main: Starting service beta\u0085on host b\n"
                + "INFO main: Connection closed by 10.0.0.1 port 22", StandardCharsets.UTF_8);
        Path output = dir.resolve("app.csv");

        int exit = run("--input", input.toString(), "--format", "<Level> <Component>: <Content>",
                "--output", output.toString());

        assertThat(exit).as(err.toString()).isZero();
        List<List<String>> rows = LoghubData.Csv.read(Files.readString(output));
        assertThat(rows).hasSize(1 + 4);
        assertThat(rows.get(4)).containsExactly("4", rows.get(4).get(1), "Connection closed by <IP> port <NUM>");
        assertThat(rows.get(1).get(2)).startsWith("Download").doesNotStartWith("INFO");
        assertThat(rows.get(2).get(2)).startsWith("Starting service").doesNotStartWith("INFO").doesNotEndWith("\r");
        assertThat(rows.get(3).get(2)).startsWith("Starting service");
    }

    /** Templates refine() merged (no split) must still give each line its final id and text. */
    @Test
    void linesOfMergedTemplatesGetTheMergedTemplate() throws Exception {
        Path input = dir.resolve("build.log");
        Files.write(input, List.of("[build] Finished: SUCCESS", "[build] Finished: FAILURE", "[build] Finished: SUCCESS",
                "[build] Finished: ABORTED"));
        Path output = dir.resolve("build.csv");

        assertThat(run("--input", input.toString(), "--format", "\\[<Component>\\] <Content>", "--output", output.toString()))
                .isZero();

        List<List<String>> rows = LoghubData.Csv.read(Files.readString(output));
        assertThat(rows.subList(1, rows.size())).extracting(row -> row.get(1) + " " + row.get(2))
                .containsOnly("1 Finished: <*>");
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
        assertThat(run("--input", input.toString(), "--max-children", "0", "--output", out)).isNotZero();
        assertThat(run("--input", input.toString(), "--format", "<Date> no content", "--output", out)).isNotZero();
        assertThat(err.toString()).contains("not found").contains("directory").contains("mask")
                .contains("similarity").contains("depth").contains("max children (children per tree node)");
        assertThat(Path.of(out)).doesNotExist();
    }

    @Test
    void explainShowsMasksTreePathAndTemplateForOneLine() throws Exception {
        Path input = dir.resolve("auth.log");
        Files.write(input, List.of(
                "Mar  3 10:00:01 sshd: Accepted password for bob from 10.0.0.7 port 5122 ssh2",
                "Mar  3 10:00:02 sshd: Accepted password for eve from gw.example.com port 22 ssh2",
                "Mar  3 10:00:03 sshd: Connection closed by 10.0.0.9 [preauth]"));

        int exit = run("--input", input.toString(), "--format", "<Month> <Date> <Time> <Component>: <Content>",
                "--explain", "Mar  4 09:00:00 sshd: Accepted password for root from 192.168.1.5 port 2200 ssh2",
                "--explain", "not a line of this format 42");

        assertThat(exit).isZero();
        String text = out.toString();
        assertThat(text).contains("Component = sshd")
                .contains("ipv4: 192.168.1.5 -> <IP>").contains("number: 2200 -> <NUM>")
                .contains("tree path:  length 9 -> token 1 'Accepted' -> branch 'Accepted'")
                .contains("template:   #1 Accepted password for <*> from <*> port <NUM> ssh2")
                .contains("parameters: [root, 192.168.1.5, 2200]")
                .contains("DID NOT FIT").contains("would start a new template");
        assertThat(dir.resolve("out.csv")).doesNotExist();
    }

    @Test
    void explainAgainstAModelUsesItsOwnFormatAndSettingsVersion() throws Exception {
        Path model = dir.resolve("model/templates.json");
        Files.createDirectories(model.getParent());
        try (var in = getClass().getResourceAsStream("/parse/v1-model/templates.json")) {
            Files.copy(in, model);
        }
        String before = Files.readString(model);

        int exit = run("--templates", model.toString(), "--explain", "Heartbeat from node-42 missed");

        assertThat(exit).isZero();
        assertThat(out.toString()).contains("settings:   version 1").contains("number: node-42 -> node-<*>")
                .contains("template:   #17 Heartbeat from node-<*> missed");
        assertThat(Files.readString(model)).isEqualTo(before); // explaining learns nothing, writes nothing
    }

    @Test
    void explainWithoutInputOrWithAMissingModelIsABadRequest() {
        assertThat(run("--explain", "x")).isEqualTo(ParseCommand.EXIT_BAD_INPUT);
        assertThat(run("--templates", dir.resolve("none.json").toString(), "--explain", "x")).isEqualTo(ParseCommand.EXIT_BAD_INPUT);
        assertThat(run("--input", dir.toString())).isEqualTo(ParseCommand.EXIT_BAD_INPUT);
        assertThat(err.toString()).contains("--input").contains("templates file not found").contains("--output");
    }

    @Test
    void aFieldInsideUnescapedBracketsIsRefusedWithTheWayToWriteIt() throws Exception {
        Path input = dir.resolve("celery.log");
        Files.write(input, List.of("[2026-12-06 10:00:00,123: INFO/MainProcess] Connected to amqp://guest@rabbit:5672//"));

        int exit = run("--input", input.toString(), "--format", "[<Date> <Time>: <Level>/<Process>] <Content>",
                "--output", dir.resolve("out.csv").toString());

        assertThat(exit).isEqualTo(ParseCommand.EXIT_BAD_INPUT);
        assertThat(err.toString()).contains("a field is inside [ ]").contains("\\[");
        assertThat(dir.resolve("out.csv")).doesNotExist();
        // escaped, the same format fits
        assertThat(run("--input", input.toString(), "--format", "\\[<Date> <Time>: <Level>/<Process>\\] <Content>",
                "--output", dir.resolve("out.csv").toString())).isZero();
        assertThat(Files.readString(dir.resolve("out.csv"))).contains("Connected to");
    }

    @Test
    void aFormatThatFitsNoLineIsAnErrorNotTemplatesOfWholeLines() throws Exception {
        Path input = dir.resolve("app.log");
        Files.write(input, List.of("2026-12-06 10:00:00 INFO started", "2026-12-06 10:00:01 INFO stopped"));

        int exit = run("--input", input.toString(), "--format", "<Date> <Time> <Level>: <Content>",
                "--output", dir.resolve("out.csv").toString());

        assertThat(exit).isEqualTo(ParseCommand.EXIT_BAD_INPUT);
        assertThat(err.toString()).contains("none of the 2 lines fit --format");
        assertThat(dir.resolve("out.csv")).doesNotExist();
    }

    /** A black-box tester's finding: --output naming the log replaced it with the CSV, exit 0. */
    @Test
    void anOutputThatIsTheInputIsRefusedAndTheLogKept() throws Exception {
        Path input = dir.resolve("app.log");
        Files.write(input, List.of("INFO main: Starting service alpha", "INFO main: Starting service beta"));
        byte[] before = Files.readAllBytes(input);
        Path link = Files.createSymbolicLink(dir.resolve("link.log"), input);

        assertThat(run("--input", input.toString(), "--output", input.toString())).isEqualTo(2);
        assertThat(run("--input", input.toString(), "--output", link.toString())).isEqualTo(2);

        assertThat(Files.readAllBytes(input)).as("the log").isEqualTo(before);
        assertThat(err.toString()).contains("is the --input file");
    }

    /**
     * Windows tools write UTF-16 and UTF-8 with a byte order mark: the mark says how to read the
     * file and is not the first line's text (it made the first line a template of its own).
     */
    @Test
    void aByteOrderMarkSaysHowTheFileIsReadAndIsNotText() throws Exception {
        String lines = "Accepted password for alice from 10.0.0.1\nAccepted password for bob from 10.0.0.2\n"
                + "Accepted password for carol from 10.0.0.3\n";
        byte[] utf8 = lines.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] utf16 = lines.getBytes(java.nio.charset.StandardCharsets.UTF_16LE);
        for (byte[] content : List.of(concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, utf8),
                concat(new byte[] {(byte) 0xFF, (byte) 0xFE}, utf16),
                concat(new byte[] {(byte) 0xFE, (byte) 0xFF}, lines.getBytes(java.nio.charset.StandardCharsets.UTF_16BE)))) {
            Path input = Files.write(dir.resolve("marked.log"), content);
            Path output = dir.resolve("marked.csv");
            assertThat(run("--input", input.toString(), "--output", output.toString())).isZero();
            List<List<String>> rows = LoghubData.Csv.read(Files.readString(output));
            assertThat(rows.subList(1, rows.size())).extracting(row -> row.get(1) + " " + row.get(2))
                    .containsExactly("1 Accepted password for <*> from <IP>", "1 Accepted password for <*> from <IP>",
                            "1 Accepted password for <*> from <IP>");
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** A model's directory given for its templates.json was answered "not found", which it is not. */
    @Test
    void aDirectoryGivenAsTemplatesIsNamedSo() {
        assertThat(run("--templates", dir.toString(), "--explain", "a line")).isEqualTo(2);
        assertThat(err.toString()).contains("is a directory: give its templates.json");
    }

    /** A device or a pipe was answered "not found" too; a pipe must not be read at all (it would block). */
    @Test
    void aDeviceGivenAsTemplatesIsNamedSo() {
        assertThat(run("--templates", "/dev/null", "--explain", "a line")).isEqualTo(2);
        assertThat(err.toString()).contains("/dev/null is not a regular file").doesNotContain("not found");
    }

    /** A binary file mined line by line took minutes to give a CSV of noise; a log with a few bad bytes is still read. */
    @Test
    void aBinaryFileIsRefusedAndALogWithAFewBadBytesIsRead() throws Exception {
        Path binary = dir.resolve("core.gz");
        byte[] bytes = new byte[200_000];
        new java.util.Random(7).nextBytes(bytes);
        Files.write(binary, bytes);
        Path out = dir.resolve("o.csv");
        assertThat(run("--input", binary.toString(), "--output", out.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("looks binary").contains("core.gz");
        assertThat(out).doesNotExist();

        Path log = dir.resolve("app.log");
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 2_000; i++) {
            text.append("INFO worker ").append(i).append(" done\n");
        }
        byte[] withBadBytes = text.toString().getBytes(StandardCharsets.ISO_8859_1);
        withBadBytes[100] = (byte) 0xFF; // a stray byte of another encoding
        withBadBytes[5_000] = 0;          // a NUL from a torn write
        Files.write(log, withBadBytes);
        assertThat(run("--input", log.toString(), "--output", out.toString())).as(err.toString()).isZero();
        assertThat(Files.readAllLines(out)).hasSize(2_001);
    }

    /** x* put a placeholder between every two characters of every line; \\b alone replaced nothing with one. */
    @Test
    void aMaskThatMatchesNothingIsRefusedAndAnEmptyMatchReplacesNothing() throws Exception {
        Path input = dir.resolve("in.log");
        Files.writeString(input, "user alice logged in\nuser bob logged in\n");
        Path out = dir.resolve("o.csv");
        assertThat(run("--input", input.toString(), "--mask", "x*", "--output", out.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("matches an empty text");
        assertThat(out).doesNotExist();

        Path unmasked = dir.resolve("plain.csv");
        assertThat(run("--input", input.toString(), "--output", unmasked.toString())).isZero();
        assertThat(run("--input", input.toString(), "--mask", "\\b", "--output", out.toString())).isZero();
        assertThat(Files.readAllLines(out)).as("as without the mask").isEqualTo(Files.readAllLines(unmasked))
                .noneMatch(row -> row.contains("<*>u"));
    }

    /** A leaf of 2,000 templates printed 2,000 candidate lines; the operator needs the closest ones. */
    @Test
    void explainListsTheMostSimilarCandidatesAndCountsTheRest() throws Exception {
        Path input = dir.resolve("jobs.log");
        List<String> lines = new java.util.ArrayList<>();
        java.util.Random random = new java.util.Random(3);
        for (int i = 0; i < 30; i++) { // one leaf (same length, same first word), templates too unlike to merge
            StringBuilder line = new StringBuilder("job run");
            for (int w = 0; w < 5; w++) {
                line.append(' ');
                for (int c = 0; c < 6; c++) {
                    line.append((char) ('a' + random.nextInt(26)));
                }
            }
            lines.add(line.toString());
        }
        lines.add("job run step two finished early today");
        Files.write(input, lines);

        assertThat(run("--input", input.toString(), "--explain", "job run step two finished early now")).isZero();
        String text = out.toString();
        assertThat(text.lines().filter(l -> l.matches(".*#\\d+ similarity .*")).count()).isEqualTo(ParseCommand.EXPLAINED_CANDIDATES);
        assertThat(text).containsPattern("candidates: #\\d+ similarity 0\\.86  job run step two finished early today")
                .contains("... and 21 less similar templates of this leaf");
    }

    /** A pipe's lines were eaten by the first of parse's two reads: an empty CSV with exit 0, or a FIFO hanging. */
    @Test
    void aPipeAsInputAndAnOutputInAMissingDirectoryAreRefused() throws Exception {
        Path fifo = dir.resolve("lines.fifo");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertThat(mkfifo.waitFor()).isZero();
        Path out = dir.resolve("o.csv");
        assertThat(run("--input", fifo.toString(), "--output", out.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("is not a regular file (a pipe or a device)").contains("save it to a file first");
        assertThat(out).doesNotExist();

        Path input = Files.writeString(dir.resolve("in.log"), "a b c\n");
        Path nested = dir.resolve("no/such/dir/o.csv");
        assertThat(run("--input", input.toString(), "--output", nested.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("the directory " + nested.getParent() + " does not exist");
        assertThat(dir.resolve("no")).doesNotExist();
    }

    /** 70 KiB of log, then random bytes: the sniff of the first 64 KiB passed it, and 20 MB took 9 minutes. */
    @Test
    void anInputThatTurnsBinaryAfterItsStartIsStopped() throws Exception {
        StringBuilder text = new StringBuilder();
        for (int i = 0; text.length() < 70_000; i++) {
            text.append("INFO worker ").append(i).append(" finished its batch\n");
        }
        byte[] head = text.toString().getBytes(StandardCharsets.UTF_8);
        byte[] tail = new byte[300_000];
        new java.util.Random(11).nextBytes(tail);
        byte[] all = java.util.Arrays.copyOf(head, head.length + tail.length);
        System.arraycopy(tail, 0, all, head.length, tail.length);
        Path input = Files.write(dir.resolve("app.log"), all);
        Path out = dir.resolve("o.csv");

        assertThat(run("--input", input.toString(), "--output", out.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("the input turns binary there").contains("nothing written");
        assertThat(out).doesNotExist();
    }

    /** The JDK calls a trailing backslash an "Unexpected internal error"; the operator gets what to write. */
    @Test
    void aMaskEndingInABackslashSaysSo() throws Exception {
        Path input = dir.resolve("in.log");
        Files.writeString(input, "a b c\n");
        assertThat(run("--input", input.toString(), "--mask", "\\", "--output", dir.resolve("o.csv").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("ends with a lone backslash").doesNotContain("internal error");
    }

    /** A templates file that is not one is bad input (exit 2), like a missing one, not a failed read (1). */
    @Test
    void aCorruptTemplatesFileIsBadInput() throws Exception {
        Path model = dir.resolve("templates.json");
        Files.writeString(model, "{\"settings\": {\"similarity\": \"high\"}}");
        assertThat(run("--templates", model.toString(), "--explain", "a line")).isEqualTo(ParseCommand.EXIT_BAD_INPUT);
        assertThat(err.toString()).contains("field \"settings.similarity\": expected a number").doesNotContain("`");
    }

    /** The CSV replaces the old one whole, with its permissions; no temporary file is left beside it. */
    @Test
    void theCsvReplacesTheOldOneWholeAndKeepsItsPermissions() throws Exception {
        Path input = dir.resolve("app.log");
        Files.write(input, List.of("INFO main: Starting service alpha", "INFO main: Starting service beta"));
        Path output = dir.resolve("app.csv");
        Files.writeString(output, "the previous run's CSV");
        Files.setPosixFilePermissions(output, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r-----"));

        assertThat(run("--input", input.toString(), "--format", "<Level> <Component>: <Content>",
                "--output", output.toString())).isZero();

        assertThat(Files.readAllLines(output)).hasSize(3).first().isEqualTo("LineId,EventId,EventTemplate");
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(output)))
                .isEqualTo("rw-r-----");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("app.log", "app.csv");
        }
        assertThat(run("--input", input.toString(), "--output", dir.toString())).isEqualTo(ParseCommand.EXIT_IO_ERROR);
        assertThat(err.toString()).contains("is a directory");
    }

    /** Each give-up costs 200 ms: a regex that keeps giving up would take hours on a real file, so parse stops. */
    @Test
    void aRegexThatKeepsGivingUpStopsTheRun() throws Exception {
        Path input = dir.resolve("a.log");
        Files.write(input, java.util.Collections.nCopies(ParseCommand.MAX_REGEX_TIMEOUTS + 5, "a".repeat(40)));
        Path output = dir.resolve("a.csv");
        assertThat(run("--input", input.toString(), "--mask", "(.*a){12}z", "--output", output.toString()))
                .isEqualTo(ParseCommand.EXIT_BAD_INPUT);
        assertThat(err.toString()).contains("stopped at line " + (ParseCommand.MAX_REGEX_TIMEOUTS + 1))
                .contains("backtracks without end");
        assertThat(output).doesNotExist();
    }

    /** '|' between fields is regex alternation: the format fits every line and leaves every message empty. */
    @Test
    void aFormatThatEmptiesEveryMessageIsRefused() throws Exception {
        Path input = dir.resolve("health.log");
        Files.write(input, List.of("20171223-22:15:29:606|Step_LSC|30002312|onStandStepChanged 3579",
                "20171223-22:15:29:633|Step_SPUtils|30002312|getTodayTotalDetailSteps = 1514038440000"));
        Path output = dir.resolve("health.csv");
        assertThat(run("--input", input.toString(), "--format", "<Time>|<Component>|<Pid>|<Content>",
                "--output", output.toString())).isEqualTo(ParseCommand.EXIT_BAD_INPUT);
        assertThat(err.toString()).contains("every line's <Content> is empty").contains("\\|");
        assertThat(output).doesNotExist();
        assertThat(run("--input", input.toString(), "--format", "<Time>\\|<Component>\\|<Pid>\\|<Content>",
                "--output", output.toString())).isZero();
    }

    /** With --templates the model's masks and settings are used: options that would be ignored are refused. */
    @Test
    void optionsTheModelOverridesAreRefusedWithTemplates() throws Exception {
        Path model = dir.resolve("templates.json");
        try (var in = getClass().getResourceAsStream("/parse/v7-model/templates.json")) {
            Files.copy(in, model);
        }
        assertThat(run("--templates", model.toString(), "--similarity", "0.5", "--mask", "x+", "--explain", "a line"))
                .isEqualTo(ParseCommand.EXIT_BAD_INPUT);
        assertThat(err.toString()).contains("--mask, --similarity: not with --templates");
    }

    /** A log truncated and written again between parse's two reads would pair lines with other lines' templates. */
    @Test
    void anInputThatChangesBetweenTheTwoReadsWritesNothing() throws Exception {
        Path input = dir.resolve("app.log");
        List<String> lines = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            lines.add("Session " + (100 + i) + " closed by peer");
            lines.add("Session " + (200 + i) + " closed by timeout");
        }
        Files.write(input, lines);
        Path output = dir.resolve("app.csv");
        Files.writeString(output, "the previous run's CSV");
        ParseCommand command = new ParseCommand();
        command.beforeSecondRead = () -> {
            try {
                Files.write(input, List.of("after truncate line")); // copytruncate, then a new line
            }
            catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        };
        CommandLine cli = new CommandLine(command);
        cli.setErr(new PrintWriter(err, true));

        int exit = cli.execute("--input", input.toString(), "--output", output.toString());

        assertThat(exit).isEqualTo(ParseCommand.EXIT_IO_ERROR);
        assertThat(err.toString()).contains("changed while it was read").contains("nothing written");
        assertThat(Files.readString(output)).isEqualTo("the previous run's CSV");
    }
}
