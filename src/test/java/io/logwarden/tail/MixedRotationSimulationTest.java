package io.logwarden.tail;

import io.logwarden.parse.ContainerLogFormat;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A black-box tester's mix of rotations under the glob {@code app/*}, on the stepped clock of {@link FileFollowerTest}:
 * one writer, logrotate's create (the writer reopening a few lines later), copytruncate into a shifted {@code .1},
 * a copy written over {@code .1} in place, and two of these with no scan between them, while readers of every name
 * take turns in a random order and new names are followed as the service's glob discovery follows them. Every line
 * written must be handed out exactly once. The tester lost the middle generation of two rotations 30 ms apart, read
 * copytruncate's copy twice after a create rotation, and saw the reader of app.log stay on its renamed generation.
 * Rotations fall between turns here, never inside one: races within a turn are {@link ReaderClaimTest}'s.
 */
class MixedRotationSimulationTest {

    /** Scan delay, quiet period and rotate wait of the readers. */
    private record Timing(long poll, long quiet, long rotateWait) {
    }

    /** Short waits: more turns between rotations. */
    private static final Timing QUICK = new Timing(TimeUnit.MILLISECONDS.toNanos(100), TimeUnit.SECONDS.toNanos(1),
            TimeUnit.SECONDS.toNanos(1));
    /** The service's defaults (logwarden.tail.*): a rotate wait longer than the 3 s between the tester's rotations. */
    private static final Timing SERVICE_DEFAULTS = new Timing(TimeUnit.MILLISECONDS.toNanos(250), TimeUnit.SECONDS.toNanos(2),
            TimeUnit.SECONDS.toNanos(5));
    /** Seeds are shifted by this system property, to run other sequences than CI's: {@code -Dsim.offset=1000}. */
    private static final long OFFSET = Long.getLong("sim.offset", 0);

    @TempDir
    Path dir;

    private long now = 1_000_000_000_000L;
    private Random random;
    private final TailRegistry registry = new TailRegistry(null);
    private final Map<String, FileFollower> readers = new LinkedHashMap<>();
    private final Map<String, Integer> handedOut = new TreeMap<>();
    private final List<String> log = new ArrayList<>();
    /** Rotated names kept: app.log.1 to app.log.{keep}, the oldest shifted out is deleted (logrotate's rotate N). */
    private int keep;
    private Path live;
    private FileChannel writer;
    private int written;
    private Timing timing;

    /**
     * The tester's run: a writer at 300 to 1,000 lines a second, a rotation every 3 s (each of the seven kinds twice,
     * in a random order), the two rotations of a pair 30 ms apart, the readers given turns by a busy pool.
     */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20})
    void theTestersMixIsHandedOutOnce(long seed) throws IOException {
        testersMix(seed, QUICK);
    }

    /**
     * The same with the service's default waits: the reader of app.log is then always a generation or two behind, and
     * a tester's status showed the reader of app.log.1 or app.log.7 waiting for good once the writer stopped.
     */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20})
    void theTestersMixAtTheServiceDefaultsIsHandedOutOnce(long seed) throws IOException {
        testersMix(seed, SERVICE_DEFAULTS);
    }

    private void testersMix(long seed, Timing timing) throws IOException {
        begin(seed, 7, timing);
        List<Integer> kinds = new ArrayList<>();
        for (int kind = 0; kind < 7; kind++) {
            kinds.add(kind);
            kinds.add(kind);
        }
        java.util.Collections.shuffle(kinds, random);
        long ticks = TimeUnit.SECONDS.toNanos(3) / timing.poll();
        for (int kind : kinds) {
            for (int tick = 0; tick < ticks; tick++) {
                write((3 + random.nextInt(8)) * (int) (timing.poll() / QUICK.poll()));
                now += timing.poll();
                if (tick % 5 == 4) {
                    discover();
                }
                turns(0.8);
            }
            switch (kind) {
                case 0 -> createRotation();
                case 1 -> copyTruncate(false);
                case 2 -> pair(this::createRotation, this::createRotation);
                case 3 -> copyTruncate(true);
                case 4 -> pair(() -> copyTruncate(false), () -> copyTruncate(false));
                case 5 -> pair(this::createRotation, () -> copyTruncate(false));
                default -> pair(() -> copyTruncate(false), this::createRotation);
            }
        }
        assertEveryLineHandedOutOnce();
    }

    /**
     * Rotations of every kind in any order, two at a time with few or no turns between them, the readers' turns as
     * scarce as a pool starved for threads: only before a rotation destroys data (the oldest generation deleted, a copy
     * written over app.log.1) the readers get two rotate waits to read what it holds. Less than one rotate wait loses
     * lines: a generation the reader of app.log has opened but not reached yet, copied and cut, then its copy overwritten.
     */
    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20})
    void rotationsInAnyOrderAndScarceTurnsHandEveryLineOutOnce(long seed) throws IOException {
        begin(seed, 4, QUICK);
        for (int step = 0; step < 60; step++) {
            switch (random.nextInt(9)) {
                case 0 -> createRotation();
                case 1 -> copyTruncate(false);
                case 2 -> copyTruncate(true);
                case 3 -> pair(random.nextBoolean() ? this::createRotation : () -> copyTruncate(false),
                        random.nextBoolean() ? this::createRotation : () -> copyTruncate(random.nextBoolean()));
                case 4 -> discover();
                case 5 -> now += random.nextInt(3) * timing.quiet();
                default -> {
                    write(random.nextInt(6));
                    turns(random.nextDouble());
                }
            }
            write(random.nextInt(3));
            now += timing.poll();
            turns(random.nextDouble());
        }
        assertEveryLineHandedOutOnce();
    }

    private interface Rotation {
        void run() throws IOException;
    }

    /** Two rotations 30 ms apart: a few lines between them, few readers get a turn. */
    private void pair(Rotation first, Rotation second) throws IOException {
        first.run();
        write(random.nextInt(4));
        turns(0.2);
        second.run();
    }

    private void begin(long seed, int keep, Timing timing) throws IOException {
        this.keep = keep;
        this.timing = timing;
        random = new Random(seed + OFFSET);
        live = dir.resolve("app.log");
        writer = FileChannel.open(live, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        write(5);
        discover();
    }

    private void assertEveryLineHandedOutOnce() throws IOException {
        writer.close();
        for (int i = 0; i < 30; i++) {
            now += timing.quiet();
            discover();
            readers.values().forEach(this::scan);
        }
        Map<String, Integer> wrong = new TreeMap<>();
        for (int n = 1; n <= written; n++) {
            int times = handedOut.getOrDefault(line(n), 0);
            if (times != 1) {
                wrong.put(line(n), times);
            }
        }
        Map<String, Long> behind = new TreeMap<>();
        readers.forEach((key, reader) -> {
            if (reader.state().lag() > 0) {
                behind.put(Path.of(key).getFileName() + " " + reader.state().describe(), reader.state().lag());
            }
        });
        assertThat(wrong).as("lines handed out other than once, of %d written (seed offset %d); steps:%n%s", written, OFFSET,
                        String.join("\n", log))
                .isEmpty();
        // the tester's stall: a reader left waiting on a generation, the file under its name never read
        assertThat(behind).as("readers still behind once the writer stopped").isEmpty();
        // and the status of each reader shows the file under its name (a tester's showed an empty app.log.3 as the
        // 237 KB file finished before it)
        Map<String, String> elsewhere = new TreeMap<>();
        for (Map.Entry<String, FileFollower> e : readers.entrySet()) {
            Path name = Path.of(e.getKey());
            FileIdentity shown = e.getValue().state().identity;
            if (Files.exists(name) && (shown == null || !shown.sameInode(FileIdentity.devIno(name)))) {
                elsewhere.put(name.getFileName().toString(), shown == null ? "none" : shown.describe());
            }
        }
        assertThat(elsewhere).as("readers whose status shows another file than their name's").isEmpty();
    }

    private static String line(int n) {
        return String.format("line %05d of the application's log, padded to a realistic length", n);
    }

    private void write(int lines) throws IOException {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < lines; i++) {
            text.append(line(++written)).append('\n');
        }
        writer.write(ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8)));
    }

    /** logrotate's create: the generations shift up, app.log is renamed to .1 and created again; the writer reopens later. */
    private void createRotation() throws IOException {
        log.add("create rotation at line " + written);
        shift();
        Files.move(live, dir.resolve("app.log.1"));
        Files.createFile(live);
        write(random.nextInt(3)); // before the application reopens (postrotate's signal)
        turns(0.3);
        writer.close();
        writer = FileChannel.open(live, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    /** logrotate's copytruncate, into a shifted .1 or over the existing .1 in place (cp onto an existing file). */
    private void copyTruncate(boolean inPlace) throws IOException {
        log.add((inPlace ? "copy over .1 in place" : "copytruncate") + " at line " + written);
        Path first = dir.resolve("app.log.1");
        if (inPlace && Files.exists(first)) {
            catchUp(); // the copy written over holds lines read from app.log, or to be read from it: read first
        }
        byte[] content = Files.readAllBytes(live);
        if (inPlace && Files.exists(first)) {
            try (FileChannel copy = FileChannel.open(first, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                copy.write(ByteBuffer.wrap(content));
            }
        } else {
            shift();
            Files.write(first, content);
        }
        try (FileChannel cut = FileChannel.open(live, StandardOpenOption.WRITE)) {
            cut.truncate(0);
        }
    }

    private void shift() throws IOException {
        if (Files.exists(dir.resolve("app.log." + keep))) {
            catchUp(); // the oldest generation is deleted: what is in it was read (or is held open) first
        }
        Files.deleteIfExists(dir.resolve("app.log." + keep));
        for (int k = keep - 1; k >= 1; k--) {
            Path from = dir.resolve("app.log." + k);
            if (Files.exists(from)) {
                Files.move(from, dir.resolve("app.log." + (k + 1)));
            }
        }
    }

    /**
     * Every reader takes its turns for two rotate waits and new names are followed: before a rotation destroys data
     * (deletes the oldest generation, writes a copy over the last one), as a rotation 3 s after the last one allows.
     */
    private void catchUp() throws IOException {
        for (int round = 0; round < 2 * timing.rotateWait() / timing.poll(); round++) {
            now += timing.poll();
            discover();
            readers.values().forEach(this::scan);
        }
    }

    /** Each reader takes a turn with this chance, in a random order, as the pool's threads give them. */
    private void turns(double chance) {
        List<FileFollower> all = new ArrayList<>(readers.values());
        java.util.Collections.shuffle(all, random);
        for (FileFollower reader : all) {
            if (random.nextDouble() < chance) {
                scan(reader);
            }
        }
    }

    private void scan(FileFollower reader) {
        for (int i = 0; i < 50; i++) {
            long next = reader.turn();
            assertThat(next).as("the reader of %s is still running", reader.key()).isGreaterThanOrEqualTo(0);
            if (next > 0) {
                return;
            }
        }
        throw new AssertionError("the reader of " + reader.key() + " stays busy");
    }

    /** The service's glob discovery ({@link TailManager}): new names followed, gone and finished ones stopped. */
    private void discover() throws IOException {
        List<Path> found;
        try (Stream<Path> files = Files.list(dir)) {
            found = files.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path file : found) {
            String key = file.toString();
            if (readers.containsKey(key)) {
                continue;
            }
            ReaderClaim.Kind claim;
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
                claim = registry.claimElsewhere(key, ReaderClaim.Candidate.of(FileIdentity.devIno(file), ch, file)).kind();
            }
            if (claim == ReaderClaim.Kind.READING || claim == ReaderClaim.Kind.COPY_OF_READING) {
                continue;
            }
            boolean fromEnd = claim == ReaderClaim.Kind.READ;
            log.add("follow " + file.getFileName() + (fromEnd ? " from its end" : " from its start"));
            FileFollower reader = new FileFollower(file, new FileFollower.Settings(timing.poll(), timing.quiet(), 1000, fromEnd,
                    64 * 1024, null, ContainerLogFormat.PLAIN, timing.rotateWait()), null, new LineAcks(), f -> f, this::send, () -> now);
            reader.otherReaders(candidate -> registry.claimElsewhere(key, candidate));
            reader.start(registry.register(key));
            readers.put(key, reader);
        }
        for (Map.Entry<String, FileFollower> e : List.copyOf(readers.entrySet())) {
            TailState state = e.getValue().state();
            if (!Files.exists(Path.of(e.getKey())) && state.phase() == TailState.Phase.WAITING_FOR_FILE && state.linesInFlight() == 0) {
                e.getValue().stop();
                e.getValue().finish();
                registry.unregister(e.getKey(), state);
                readers.remove(e.getKey());
                log.add("stop following " + Path.of(e.getKey()).getFileName());
            }
        }
    }

    private FileFollower.Attempt send(String text, long number, boolean lastOfRead) {
        handedOut.merge(text, 1, Integer::sum);
        return TakenAttempt.TAKEN;
    }
}
