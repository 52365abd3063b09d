package io.logwarden.kafka;

import io.logwarden.scoring.Score;
import io.logwarden.tail.LineAcks;
import io.logwarden.window.Window;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Deque;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * The {@code lineAcks} bean of a detector: the tailer's acknowledgement ({@link LineAcks}, called by
 * routes/windows.yaml and routes/alerts.yaml) extended to lines read from Kafka, through LineAcks' public
 * methods only. While one line of a consumed record runs through direct:log-lines (the consumer thread),
 * a window ending at it adds a piece of work to the record's {@link OffsetWatermarks.Mark}; when the
 * window's score has been routed (alert stored, messages queued), that piece is finished. Followed files
 * of the same process (no Kafka line in the thread) are acknowledged by LineAcks as before.
 *
 * <p>The alert idempotency key of a Kafka line is the SHA-256 of its origin ({@link KafkaLine#alertOrigin()}: an
 * agent's source, file identity and line number, else {@code topic/partition/offset}, plus {@code #index} for one
 * of several lines in a record): the same line polled again after a crash or a rebalance, or produced twice by
 * an agent, gets the same key, and the alert table's unique constraint (V2 migration) stores its alert once.
 */
public class RecordAcks extends LineAcks {

    /** One line of a consumed record while it is being processed. */
    private record Line(OffsetWatermarks.Mark record, String source, long number, String idempotencyKey) {
    }

    private static final ThreadLocal<Line> CURRENT = new ThreadLocal<>();
    /** Kafka lines with a window being scored, by source and line number; oldest first. */
    private final Map<String, Deque<Line>> awaitingScore = new ConcurrentHashMap<>();

    /** The consumer thread hands one line of {@code record} to the pipeline (until {@link #leave()}). */
    public void enter(OffsetWatermarks.Mark record, String source, long number, String origin) {
        CURRENT.set(new Line(record, source, number, idempotencyKey(origin)));
    }

    /** The line's synchronous pass returned. */
    public void leave() {
        CURRENT.remove();
    }

    @Override
    public void windowFormed(Window window) {
        Line line = CURRENT.get();
        if (line == null) {
            super.windowFormed(window);
            return;
        }
        if (window == null || window.events().isEmpty() || line.number() != window.lastLine()
                || !line.source().equals(window.source())) {
            return;
        }
        line.record().addPending();
        awaitingScore.computeIfAbsent(key(window.source(), window.lastLine()), k -> new ConcurrentLinkedDeque<>())
                .addLast(line);
    }

    @Override
    public String idempotencyKey(Score score) {
        Deque<Line> queue = awaitingScore.get(key(score.source(), score.lastLine()));
        Line line = queue == null ? null : queue.peekFirst();
        return line != null ? line.idempotencyKey() : super.idempotencyKey(score);
    }

    @Override
    public void scored(Score score) {
        Line[] taken = new Line[1];
        awaitingScore.computeIfPresent(key(score.source(), score.lastLine()), (k, queue) -> {
            taken[0] = queue.pollFirst();
            return queue.isEmpty() ? null : queue;
        });
        if (taken[0] != null) {
            taken[0].record().finishOne();
        } else {
            super.scored(score);
        }
    }

    @Override
    public int awaitingScores() {
        return super.awaitingScores() + awaitingScore.values().stream().mapToInt(Deque::size).sum();
    }

    /** 64 hex characters, like a followed line's key; "kafka" first so that it can never equal one. */
    static String idempotencyKey(String origin) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(("kafka\n" + origin).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static String key(String source, long line) {
        return source + '\u0000' + line;
    }
}
