package io.logwarden.cli;

import io.logwarden.files.AtomicFiles;
import io.logwarden.files.LogLines;
import io.logwarden.parse.DrainMiner;
import io.logwarden.parse.DrainSettings;
import io.logwarden.parse.LogFormat;
import io.logwarden.parse.Masker;
import io.logwarden.parse.MatchDeadline;
import io.logwarden.parse.ParameterExtractor;
import io.logwarden.parse.TemplateRecord;
import io.logwarden.parse.TemplateStore;
import java.io.BufferedInputStream;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code logwarden parse}: mines the templates of a log file offline and writes, per line, the
 * template id and text as CSV ({@code LineId,EventId,EventTemplate}, the loghub layout). The template
 * written is the final one after the whole file, so lines of one group show the same text; with
 * settings version 4 the file is read twice when {@link DrainMiner#refine()} split templates at a
 * constant word, so that the lines mined before the split get the id of their part.
 *
 * <p>{@code --explain LINE} shows, for one line, what the miner does with it: the fields the format
 * split off, every mask applied, the tokens that reach the tree, the tree path, the candidates with
 * their similarity and the template chosen. It explains against the templates mined from
 * {@code --input}, or against a model's own templates.json ({@code --templates}, with that model's
 * format, masks and settings version), for operators debugging a format.
 *
 * <p>Runs without Spring: {@code new CommandLine(new ParseCommand()).execute(args)}.
 */
@Command(name = "parse", mixinStandardHelpOptions = true,
        description = {"Mine a file's log templates (Drain) as CSV, or explain one line.",
                "The CSV has the columns LineId,EventId,EventTemplate; --explain shows how one line is templated."})
public class ParseCommand implements Callable<Integer> {

    static final int EXIT_BAD_INPUT = 2;
    static final int EXIT_IO_ERROR = 1;
    /** A regex that gave up more often than this on one file is broken for it, not unlucky on a line. */
    static final int MAX_REGEX_TIMEOUTS = 20;

    @Spec
    CommandSpec spec;

    /** Runs between the two reads of the input; tests rotate the file there, as logrotate might. */
    Runnable beforeSecondRead = () -> { };

    @Option(names = "--input", paramLabel = "FILE", description = "log file to parse")
    Path input;

    @Option(names = "--output", paramLabel = "OUT.csv", description = "CSV file to write (needed unless --explain is given)")
    Path output;

    @Option(names = "--format", paramLabel = "FMT", defaultValue = "",
            description = "line format, e.g. '<Date> <Time> <Level> <Component>: <Content>' (default: whole line)")
    String format;

    @Option(names = "--mask", paramLabel = "REGEX", description = "extra masking regex (repeatable), tried before the built-in masks")
    List<String> masks = new ArrayList<>();

    @Option(names = "--mask-quoted", description = "mask quoted strings (\"...\", '...') as one value <QUOTED> (settings versions 4 and later, the default, always do)")
    boolean maskQuoted;

    @Option(names = "--similarity", paramLabel = "S", description = "similarity threshold in (0,1] (default: ${DEFAULT-VALUE})")
    double similarity = DrainSettings.DEFAULT_SIMILARITY;

    @Option(names = "--depth", paramLabel = "D", description = "parse tree depth, at least 3 (default: ${DEFAULT-VALUE})")
    int depth = DrainSettings.DEFAULT_DEPTH;

    @Option(names = "--max-children", paramLabel = "N", description = "children per tree node (default: ${DEFAULT-VALUE})")
    int maxChildren = DrainSettings.DEFAULT_MAX_CHILDREN;

    @Option(names = "--explain", paramLabel = "LINE",
            description = "show the masks applied, the tree path and the template chosen for this raw line (repeatable)")
    List<String> explain = new ArrayList<>();

    @Option(names = "--templates", paramLabel = "templates.json",
            description = "explain against this model's templates (its format, masks and settings) instead of mining --input")
    Path templates;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        DrainMiner miner;
        LogFormat logFormat;
        try {
            if (templates != null) {
                if (explain.isEmpty()) {
                    throw new IllegalArgumentException("--templates is for --explain; give the line(s) to explain");
                }
                List<String> ignored = Stream.of("--input", "--output", "--mask", "--mask-quoted", "--similarity", "--depth",
                        "--max-children").filter(spec.commandLine().getParseResult()::hasMatchedOption).toList();
                if (!ignored.isEmpty()) {
                    throw new IllegalArgumentException(String.join(", ", ignored) + ": not with --templates, which "
                            + "explains with the model's own masks and settings (--format may replace its format)");
                }
                TemplateStore.MinerState state = loadModel(templates);
                miner = state.toMiner();
                logFormat = LogFormat.compile(format.isBlank() ? state.settings().format() : format);
            }
            else {
                if (input == null) {
                    throw new IllegalArgumentException("give --input FILE (or --templates FILE with --explain)");
                }
                if (output == null && explain.isEmpty()) {
                    throw new IllegalArgumentException("give --output OUT.csv, or --explain LINE");
                }
                checkInput(input);
                refuseBinary(input);
                if (output != null) {
                    checkOutputDirectory(output);
                }
                if (output != null && Files.exists(output) && Files.isSameFile(input, output)) {
                    throw new IllegalArgumentException("--output " + output + " is the --input file: the CSV would "
                            + "overwrite the log; write it elsewhere");
                }
                logFormat = LogFormat.compile(format);
                miner = new DrainMiner(new Masker(Masker.rulesWithDefaults(masks, maskQuoted)),
                        new DrainSettings(similarity, depth, maxChildren, 0));
            }
        }
        catch (IllegalArgumentException | TemplateStore.CorruptTemplateFileException e) {
            err.println("parse: " + e.getMessage());
            return EXIT_BAD_INPUT;
        }
        catch (IOException e) {
            err.println("parse: " + e.getMessage());
            return EXIT_IO_ERROR;
        }

        if (templates == null) {
            Integer failed;
            try {
                failed = mine(miner, logFormat, err);
            }
            catch (OutOfMemoryError e) {
                miner = null; // what was mined is garbage now: room for the message
                err.println("parse: out of memory mining " + input + " (the Java heap is "
                        + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB): give java more with -Xmx, or split the file");
                return EXIT_IO_ERROR;
            }
            catch (StackOverflowError e) {
                err.println("parse: a line of " + input + " is nested too deeply to mine (stack overflow); "
                        + "give java a larger stack with -Xss, or split such lines");
                return EXIT_IO_ERROR;
            }
            if (failed != null) {
                return failed;
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        for (String line : explain) {
            explain(miner, logFormat, line, out);
        }
        out.flush();
        return 0;
    }

    private static TemplateStore.MinerState loadModel(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException("--templates " + file + " is a directory: give its templates.json");
        }
        if (!Files.exists(file)) {
            throw new IllegalArgumentException("templates file not found: " + file);
        }
        if (!Files.isRegularFile(file)) {
            // a pipe would block the read, a device is never a model
            throw new IllegalArgumentException("--templates " + file + " is not a regular file (a device or a pipe): "
                    + "give a templates.json");
        }
        return new TemplateStore().load(file).orElseThrow(() -> new IllegalArgumentException("templates file not found: " + file));
    }

    /** Mines --input and writes --output if given; null when all went well, else the exit code. */
    private Integer mine(DrainMiner miner, LogFormat logFormat, PrintWriter err) {
        long started = System.nanoTime();
        int[] ids = new int[1024];
        int[] hashes = new int[1024]; // to tell, on the second read, that the file is still the one mined
        int lines = 0;
        int emptyContents = 0;
        try (LogLines reader = reader(input)) {
            String line;
            long maskTimeoutsBefore = Masker.userRuleTimeouts();
            long characters = 0;
            long notText = 0;
            while ((line = reader.next()) != null) {
                characters += line.length() + 1;
                notText += notText(line);
                if (characters > SNIFF_BYTES && notText > characters * MAX_NON_TEXT_SHARE) {
                    // text first, then a binary tail (an archive appended, a disk block of garbage): the sniff of
                    // the first 64 KiB passed it, and mining noise grows faster than the file
                    err.printf("parse: stopped at line %d: the input turns binary there (%d%% of its characters so "
                            + "far are control bytes or not UTF-8); nothing written. Parse the text part alone%n",
                            lines + 1, Math.round(100.0 * notText / characters));
                    return EXIT_BAD_INPUT;
                }
                if (lines == ids.length) {
                    ids = Arrays.copyOf(ids, lines * 2);
                    hashes = Arrays.copyOf(hashes, lines * 2);
                }
                hashes[lines] = line.hashCode();
                String content = logFormat.split(line).content();
                emptyContents += content.isEmpty() ? 1 : 0;
                ids[lines++] = miner.add(content).templateId();
                long gaveUp = logFormat.timeouts() + Masker.userRuleTimeouts() - maskTimeoutsBefore;
                if (gaveUp > MAX_REGEX_TIMEOUTS) {
                    // each costs the budget's 200 ms: a file of such lines would take hours, for nothing
                    err.printf("parse: stopped at line %d: a regex gave up %d times (%s), each after %d ms; it "
                            + "backtracks without end on these lines. Fix the regex and run again; nothing written%n",
                            lines, gaveUp, logFormat.timeouts() > 0 ? "the --format" : "a mask that is not built in",
                            MatchDeadline.BUDGET_NANOS / 1_000_000);
                    return EXIT_BAD_INPUT;
                }
            }
            if (miner.refine() > 0) {
                refine(miner, LogFormat.compile(logFormat.format()), ids, hashes, lines);
            }
        }
        catch (InputChangedException e) {
            err.println("parse: " + input + " changed while it was read (" + e.getMessage() + "; rotated or "
                    + "truncated?): nothing written. Parse a copy that nothing writes to, or the rotated file");
            return EXIT_IO_ERROR;
        }
        catch (IOException e) {
            err.println("parse: cannot read " + input + ": " + e.getMessage());
            return EXIT_IO_ERROR;
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        if (lines > 0 && logFormat.mismatches() == lines) {
            // every line mined whole, timestamps and all: templates of nothing; a wrong format, not a log
            err.println("parse: none of the " + lines + " lines fit --format '" + logFormat.format() + "'; nothing written. "
                    + "Check the format against a line (the text between fields is a regex: \\[ \\] \\( \\) for "
                    + "literal brackets), or leave --format out to mine whole lines");
            return EXIT_BAD_INPUT;
        }

        if (lines > 0 && emptyContents == lines && !logFormat.isWholeLine()) {
            // a '|' or '$' between fields is regex syntax: '<Time>|<Content>' fits every line with nothing in <Content>
            err.println("parse: every line's <Content> is empty under --format '" + logFormat.format() + "'; nothing "
                    + "written. The text between fields is a regex: write \\| for a literal '|' and \\$ for '$'");
            return EXIT_BAD_INPUT;
        }
        if (output != null) {
            try {
                writeCsv(miner, ids, lines);
            }
            catch (IOException e) {
                err.println("parse: cannot write " + output + ": " + e.getMessage());
                return EXIT_IO_ERROR;
            }
        }
        err.printf("parse: %d lines, %d templates, %.0f lines/s%s%n", lines, miner.templateCount(),
                seconds > 0 ? lines / seconds : 0.0,
                logFormat.mismatches() > 0 ? ", " + logFormat.mismatches() + " lines did not fit the format" : "");
        if (logFormat.timeouts() > 0) {
            err.printf("parse: the format's regex gave up on %d lines after %d ms each (it backtracks without end "
                    + "there); they were taken whole%n", logFormat.timeouts(), MatchDeadline.BUDGET_NANOS / 1_000_000);
        }
        if (Masker.userRuleTimeouts() > 0) {
            err.printf("parse: a mask that is not built in gave up %d times after %d ms each (it backtracks without end "
                    + "there); it did not mask those messages%n", Masker.userRuleTimeouts(), MatchDeadline.BUDGET_NANOS / 1_000_000);
        }
        err.flush();
        return null;
    }

    /**
     * A second read of the input after {@link DrainMiner#refine()} split templates whose messages differ
     * in a constant word: each line of a split template gets the id of its part. (A fresh format, so
     * that the lines that did not fit are not counted twice.)
     */
    private void refine(DrainMiner miner, LogFormat logFormat, int[] ids, int[] hashes, int lines) throws IOException {
        beforeSecondRead.run();
        try (LogLines reader = reader(input)) {
            for (int i = 0; i < lines; i++) {
                String line = reader.next();
                if (line == null) {
                    throw new InputChangedException("line " + (i + 1) + " of " + lines + " is gone");
                }
                if (line.hashCode() != hashes[i]) {
                    throw new InputChangedException("line " + (i + 1) + " is not the line mined");
                }
                ids[i] = miner.refinedId(ids[i], logFormat.split(line).content());
            }
        }
    }

    /** The second read found other lines than the first: the CSV would pair lines with wrong templates. */
    private static final class InputChangedException extends IOException {
        InputChangedException(String message) {
            super(message);
        }
    }

    /** Candidates explain lists, most similar first. */
    static final int EXPLAINED_CANDIDATES = 10;

    /** Prints what the miner does with one raw line (nothing is learned from it). */
    static void explain(DrainMiner miner, LogFormat logFormat, String line, PrintWriter out) {
        LogFormat.SplitLine split = logFormat.split(line);
        DrainMiner.Explanation e = miner.explain(split.content());
        out.println("line:       " + line);
        if (logFormat.isWholeLine()) {
            out.println("format:     none (the whole line is the content)");
        }
        else if (!split.matched()) {
            out.println("format:     DID NOT FIT \"" + logFormat.format() + "\" (the whole line is the content)");
        }
        else {
            out.println("format:     " + logFormat.format());
            split.fields().forEach((name, value) -> out.println("  " + name + " = " + value));
        }
        out.println("content:    " + split.content());
        out.println("settings:   version " + miner.settingsVersion() + ", similarity >= " + e.threshold()
                + ", depth " + miner.settings().depth());
        if (e.masks().isEmpty()) {
            out.println("masks:      none applied");
        }
        for (int i = 0; i < e.masks().size(); i++) {
            Masker.Step step = e.masks().get(i);
            out.println((i == 0 ? "masks:      " : "            ") + step.rule() + ": " + step.before() + " -> " + step.after());
        }
        out.println("tokens:     " + String.join(" ", e.tokens()) + "  (" + e.tokens().size() + ")");
        out.println("tree path:  " + String.join(" -> ", e.path()));
        if (e.candidates().isEmpty()) {
            out.println("candidates: none");
        }
        // a leaf can hold 2,000 templates: the most similar are the ones an operator compares the line with
        List<DrainMiner.Explanation.Candidate> shown = e.candidates().stream()
                .sorted(java.util.Comparator.comparingDouble(DrainMiner.Explanation.Candidate::similarity).reversed()
                        .thenComparingInt(DrainMiner.Explanation.Candidate::id))
                .limit(EXPLAINED_CANDIDATES).toList();
        for (int i = 0; i < shown.size(); i++) {
            DrainMiner.Explanation.Candidate c = shown.get(i);
            out.printf("%s#%d similarity %.2f  %s%n", i == 0 ? "candidates: " : "            ", c.id(), c.similarity(), c.template());
        }
        if (e.candidates().size() > shown.size()) {
            out.println("            ... and " + (e.candidates().size() - shown.size()) + " less similar templates of this leaf");
        }
        if (e.chosen().isPresent()) {
            TemplateRecord t = e.chosen().get();
            out.println("template:   #" + t.id() + " " + t.template() + "  (" + t.count() + " lines so far)");
            out.println("parameters: " + ParameterExtractor.extract(t.template(), split.content()));
        }
        else {
            out.println("template:   none matches; this line would start a new template");
        }
        out.println();
    }

    private static void checkInput(Path file) {
        if (!Files.exists(file)) {
            throw new IllegalArgumentException("input file not found: " + file);
        }
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException("input is a directory, not a file: " + file);
        }
        if (!Files.isRegularFile(file)) {
            // a pipe's lines were eaten by the first read: an empty CSV and exit 0, or a FIFO waiting for ever
            throw new IllegalArgumentException("input " + file + " is not a regular file (a pipe or a device): parse "
                    + "reads its input twice (to mine, then to write each line's template); save it to a file first");
        }
        if (!Files.isReadable(file)) {
            throw new IllegalArgumentException("input file is not readable: " + file);
        }
    }

    /** A typo in --output's directory made the whole tree, at the file system's root if need be. */
    private static void checkOutputDirectory(Path output) {
        Path parent = output.toAbsolutePath().getParent();
        if (parent != null && !Files.isDirectory(parent)) {
            throw new IllegalArgumentException("--output " + output + ": the directory " + parent + " does not exist");
        }
    }

    /** Share of a file's first bytes that may be control bytes or not text before it is taken for binary. */
    static final double MAX_NON_TEXT_SHARE = 0.10;
    private static final int SNIFF_BYTES = 1 << 16;

    /**
     * A binary file (a core dump, a compressed rotation, a database file given by mistake) mined line by line
     * makes a template of every run of bytes between two newline bytes: minutes of work and a CSV of noise. Like
     * grep and git, look at the start: a log with a stray invalid byte is read, one that is mostly not text is
     * refused with the reason.
     */
    static void refuseBinary(Path file) throws IOException {
        byte[] head;
        try (var in = Files.newInputStream(file)) {
            head = in.readNBytes(SNIFF_BYTES);
        }
        if (head.length >= 2 && ((head[0] & 0xFF) == 0xFF && (head[1] & 0xFF) == 0xFE
                || (head[0] & 0xFF) == 0xFE && (head[1] & 0xFF) == 0xFF)) {
            return; // UTF-16 with its byte order mark: read as such
        }
        String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE)
                .decode(java.nio.ByteBuffer.wrap(head)).toString();
        int end = text.length();
        if (head.length == SNIFF_BYTES) {
            end = Math.max(0, end - 4); // a character cut at the sniff's end is not the file's fault
        }
        long notText = notText(text.substring(0, end));
        if (end > 0 && notText > end * MAX_NON_TEXT_SHARE) {
            throw new IllegalArgumentException(String.format("input %s looks binary: %d%% of its first %d characters are "
                    + "control bytes or not UTF-8 (a text log in UTF-8, or in UTF-16 with a byte order mark, is read)",
                    file, Math.round(100.0 * notText / end), end));
        }
    }

    /** Characters of the text that are control characters (but tab, line and page breaks, escape) or undecodable. */
    static int notText(CharSequence text) {
        int count = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\uFFFD' || Character.isISOControl(c) && c != '\n' && c != '\r' && c != '\t' && c != '\f'
                    && c != 0x0B && c != 0x1B) {
                count++;
            }
        }
        return count;
    }

    /**
     * Logs are not always valid UTF-8; a stray byte must not end the run. A byte order mark says
     * how the file is encoded (Windows tools write UTF-16 and UTF-8 with one): it is read that way
     * and the mark is not part of the first line, which would otherwise be a template of its own.
     */
    private static LogLines reader(Path file) throws IOException {
        BufferedInputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        in.mark(3);
        byte[] head = in.readNBytes(3);
        Charset charset = StandardCharsets.UTF_8;
        int mark = 0;
        if (head.length >= 3 && (head[0] & 0xFF) == 0xEF && (head[1] & 0xFF) == 0xBB && (head[2] & 0xFF) == 0xBF) {
            mark = 3;
        }
        else if (head.length >= 2 && (head[0] & 0xFF) == 0xFF && (head[1] & 0xFF) == 0xFE) {
            charset = StandardCharsets.UTF_16LE;
            mark = 2;
        }
        else if (head.length >= 2 && (head[0] & 0xFF) == 0xFE && (head[1] & 0xFF) == 0xFF) {
            charset = StandardCharsets.UTF_16BE;
            mark = 2;
        }
        in.reset();
        in.skipNBytes(mark);
        var decoder = charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        return new LogLines(new InputStreamReader(in, decoder));
    }

    private void writeCsv(DrainMiner miner, int[] ids, int lines) throws IOException {
        Map<Integer, String> quoted = new HashMap<>();
        for (TemplateRecord t : miner.templates()) {
            quoted.put(t.id(), csv(t.template()));
        }
        if (Files.isDirectory(output)) {
            throw new IOException("it is a directory; give a file name");
        }
        if (Files.exists(output) && !Files.isRegularFile(output)) {
            try (BufferedWriter out = Files.newBufferedWriter(output, StandardCharsets.UTF_8)) {
                writeRows(out, quoted, ids, lines); // a device or a pipe (/dev/stdout): written as it is
            }
            return;
        }
        Path target = Files.exists(output) ? output.toRealPath() : output.toAbsolutePath(); // through a link
        // a full disk or a killed run leaves the previous CSV as it was, never a CSV cut mid-row that looks whole
        AtomicFiles.replaceKeepingPermissions(target, stream -> {
            BufferedWriter out = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8), 1 << 16);
            writeRows(out, quoted, ids, lines);
            out.flush();
        });
    }

    private static void writeRows(BufferedWriter out, Map<Integer, String> quoted, int[] ids, int lines) throws IOException {
        out.write("LineId,EventId,EventTemplate\n");
        for (int i = 0; i < lines; i++) {
            out.write(Integer.toString(i + 1));
            out.write(',');
            out.write(Integer.toString(ids[i]));
            out.write(',');
            out.write(quoted.get(ids[i]));
            out.write('\n');
        }
    }

    /** RFC 4180: quote when needed, double the quotes inside. */
    static String csv(String value) {
        boolean needsQuotes = value.indexOf(',') >= 0 || value.indexOf('"') >= 0 || value.indexOf('\n') >= 0
                || value.indexOf('\r') >= 0 || (!value.isEmpty() && (value.charAt(0) == ' ' || value.charAt(value.length() - 1) == ' '));
        return needsQuotes ? '"' + value.replace("\"", "\"\"") + '"' : value;
    }

    /** Standalone entry point (the application's main dispatches here too). */
    public static void main(String[] args) {
        System.exit(new CommandLine(new ParseCommand()).execute(args));
    }
}
