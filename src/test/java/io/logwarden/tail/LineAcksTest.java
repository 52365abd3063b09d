package io.logwarden.tail;

import io.logwarden.parse.LogEvent;
import io.logwarden.scoring.Score;
import io.logwarden.scoring.Severity;
import io.logwarden.window.Window;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The acknowledgement rules on their own: a saved position never passes a line whose window is still
 * being scored, a line that forms no window is finished when its route call returns, and the
 * idempotency key is the same for the same line read again and differs for any other line or file.
 */
class LineAcksTest {

    private static final FileIdentity FILE = new FileIdentity(1, 42, 1024, 0xabcL);
    private final LineAcks acks = new LineAcks();
    private final ReadProgress progress = new ReadProgress(new TailPosition(FILE, 0, 0));

    @Test
    void thePositionStopsBeforeTheFirstLineWhoseWindowIsNotScoredYet() {
        ReadProgress.Mark one = read(1, false); // no window: history not full yet
        ReadProgress.Mark two = read(2, true);  // its window goes off to be scored
        ReadProgress.Mark three = read(3, false);
        assertThat(one.done()).isTrue();
        assertThat(two.done()).isFalse();
        assertThat(three.done()).isTrue();
        assertThat(progress.acknowledged().lines()).as("line 2 is still being scored").isEqualTo(1);
        assertThat(progress.inFlight()).isEqualTo(2);
        assertThat(acks.awaitingScores()).isEqualTo(1);

        acks.scored(score(2));
        assertThat(progress.acknowledged().lines()).isEqualTo(3);
        assertThat(progress.acknowledged().offset()).isEqualTo(30);
        assertThat(progress.inFlight()).isZero();
        assertThat(acks.awaitingScores()).isZero();
    }

    @Test
    void aLineWhoseAlertWasNotStoredIsNeverFinishedSoThePositionStaysBeforeIt() {
        read(1, false);
        ReadProgress.Mark two = read(2, true);
        read(3, true);
        acks.notStored(score(2)); // the database never answered before a forced stop
        acks.scored(score(2));    // the route's doFinally still runs: it must not finish line 2
        acks.scored(score(3));
        assertThat(two.done()).isFalse();
        assertThat(progress.acknowledged().lines()).as("read again after the restart from line 2").isEqualTo(1);
        assertThat(acks.awaitingScores()).isZero();
    }

    @Test
    void aNewFileIsReachedOnlyAfterTheOldOnesLinesAreFinished() {
        read(1, true);
        FileIdentity next = new FileIdentity(1, 43, 0, 0);
        progress.reached(new TailPosition(next, 0, 0));
        assertThat(progress.acknowledged().identity()).isEqualTo(FILE);
        acks.scored(score(1));
        assertThat(progress.acknowledged()).isEqualTo(new TailPosition(next, 0, 0));
    }

    @Test
    void scoresOfTheSameLineNumberInTwoGenerationsFinishTheirOwnLinesOldestFirst() {
        ReadProgress.Mark old = read(1, true);
        ReadProgress.Mark fresh = read(1, true); // line 1 of the next generation, same source
        acks.scored(score(1));
        assertThat(old.done()).isTrue();
        assertThat(fresh.done()).isFalse();
        acks.scored(score(1));
        assertThat(fresh.done()).isTrue();
    }

    @Test
    void linesOfOtherSourcesAndUploadsAreIgnored() {
        acks.windowFormed(window("upload:x#1", 1)); // no line being read in this thread
        acks.scored(score(7));
        assertThat(acks.idempotencyKey(score(7))).isNull();
        assertThat(acks.awaitingScores()).isZero();
    }

    @Test
    void theIdempotencyKeyIsTheSameForTheSameLineReadAgainAndDiffersOtherwise() throws Exception {
        LineOrigin line = new LineOrigin("/var/log/app.log", 1, 42, 0xabc, 0, 7, 300);
        assertThat(line.idempotencyKey()).hasSize(64)
                .isEqualTo(new LineOrigin("/var/log/app.log", 1, 42, 0xabc, 0, 7, 300).idempotencyKey());
        assertThat(line.idempotencyKey())
                .isNotEqualTo(new LineOrigin("/var/log/app.log", 1, 42, 0xabc, 0, 8, 330).idempotencyKey())
                .isNotEqualTo(new LineOrigin("/var/log/app.log", 1, 43, 0xabc, 0, 7, 300).idempotencyKey())
                .isNotEqualTo(new LineOrigin("/var/log/app.log", 1, 42, 0xabd, 0, 7, 300).idempotencyKey())
                .isNotEqualTo(new LineOrigin("/var/log/other.log", 1, 42, 0xabc, 0, 7, 300).idempotencyKey())
                // the same line number of the same file after it was cut and written again in place
                .isNotEqualTo(new LineOrigin("/var/log/app.log", 1, 42, 0xabc, 1, 7, 300).idempotencyKey());
        // a file never cut keeps the key of versions that did not count rewrites (alerts stored by them still match)
        assertThat(line.idempotencyKey()).isEqualTo(sha256("/var/log/app.log\n1:42:abc\n7"));
        ReadProgress.Mark mark = read(7, true);
        assertThat(acks.idempotencyKey(score(7))).isEqualTo(mark.origin.idempotencyKey());
    }

    @Test
    void aLineHeldInAChunkIsFinishedOnlyOnceTheChunkProcessedItAndItsWindowWasScored() {
        LineChunk chunk = new LineChunk(3);
        ReadProgress.Mark one = hold(chunk, 1);
        ReadProgress.Mark two = hold(chunk, 2);
        ReadProgress.Mark three = hold(chunk, 3);
        assertThat(progress.inFlight()).as("the reader moved on, the chunk was not processed yet").isEqualTo(3);
        assertThat(progress.acknowledged().lines()).isZero();

        // what the chunk route does per line: line 1 forms no window, 2 and 3 do
        for (int i = 0; i < chunk.size(); i++) {
            chunk.begin(i);
            if (chunk.number(i) > 1) {
                acks.windowFormed(window("/var/log/app.log", chunk.number(i)));
            }
            chunk.end(i);
        }
        assertThat(one.done()).isTrue();
        assertThat(two.done()).isFalse();
        assertThat(progress.acknowledged().lines()).as("line 2 is still being scored").isEqualTo(1);
        acks.scored(score(2));
        acks.scored(score(3));
        assertThat(three.done()).isTrue();
        assertThat(progress.acknowledged().lines()).isEqualTo(3);
    }

    @Test
    void aChunkThatFailedLeavesItsUnprocessedLinesUnfinishedOnlyWhenReadingStops() {
        LineChunk passed = new LineChunk(2);
        ReadProgress.Mark one = hold(passed, 1);
        ReadProgress.Mark two = hold(passed, 2);
        passed.begin(0);
        passed.end(0);
        passed.abandon(true); // failed while reading goes on: reported, and line 2 passed as a failed line is
        assertThat(one.done()).isTrue();
        assertThat(two.done()).isTrue();

        LineChunk kept = new LineChunk(1);
        ReadProgress.Mark three = hold(kept, 3);
        kept.abandon(false); // failed as reading stops: read again after the restart
        assertThat(three.done()).isFalse();
        assertThat(progress.acknowledged().lines()).isEqualTo(2);
    }

    /** What FileTailConsumer does with groupLines: register, hold the line in the chunk, leave (route call returned). */
    private ReadProgress.Mark hold(LineChunk chunk, long line) {
        LineOrigin origin = new LineOrigin("/var/log/app.log", FILE.dev(), FILE.ino(), FILE.fingerprint(), 0, line, line * 10);
        ReadProgress.Mark mark = progress.line(new TailPosition(FILE, line * 10, line), origin);
        acks.enter(mark);
        chunk.add("line " + line, line, LineAcks.current());
        acks.leave(mark);
        return mark;
    }

    private static String sha256(String text) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    /** What FileTailConsumer does for one line: register, call the route (maybe forming a window), leave. */
    private ReadProgress.Mark read(long line, boolean formsWindow) {
        LineOrigin origin = new LineOrigin("/var/log/app.log", FILE.dev(), FILE.ino(), FILE.fingerprint(), 0, line, line * 10);
        ReadProgress.Mark mark = progress.line(new TailPosition(FILE, line * 10, line), origin);
        acks.enter(mark);
        if (formsWindow) {
            acks.windowFormed(window("/var/log/app.log", line));
        }
        acks.leave(mark);
        return mark;
    }

    private static Window window(String source, long lastLine) {
        LogEvent event = new LogEvent(source, lastLine, "line " + lastLine, "line", Map.of(), 1, "line", List.of(),
                Instant.now());
        return new Window(source, source, List.of(event));
    }

    private static Score score(long lastLine) {
        return new Score(1, Severity.LOW, false, List.of(1), Instant.now(), "/var/log/app.log", "/var/log/app.log",
                lastLine, lastLine, List.of("line"), List.of("line " + lastLine), "statistical", false, List.of(), "test");
    }
}
