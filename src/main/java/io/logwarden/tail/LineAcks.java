package io.logwarden.tail;

import io.logwarden.scoring.Score;
import io.logwarden.window.Window;

import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * Acknowledges followed lines once the pipeline is finished with them (bean {@code lineAcks}).
 *
 * <p>The tail reader hands a line to its route with a {@link ReadProgress.Mark} set for the reading
 * thread. Windows are formed in that thread (routes/windows.yaml calls {@link #windowFormed}); a window
 * ending at the line adds one piece of outstanding work to the mark, found again by source and line
 * number when its score has been routed (routes/alerts.yaml calls {@link #scored}: alert stored, messages
 * queued for broadcast). When the route call returns, the reader finishes the synchronous piece: a line
 * that formed no window (the first N lines of a source, lines whose session key has no history yet)
 * is finished right there, without relying on every line forming a window.
 *
 * <p>Lines of uploads carry no mark and are ignored here.
 */
public class LineAcks {

    private static final ThreadLocal<ReadProgress.Mark> CURRENT = new ThreadLocal<>();
    /** Marks with a window being scored, by source and line number; oldest first (a new file restarts line numbers). */
    private final Map<String, Deque<ReadProgress.Mark>> awaitingScore = new ConcurrentHashMap<>();

    /** Called by the reader around the synchronous route call of one line. */
    void enter(ReadProgress.Mark mark) {
        CURRENT.set(mark);
    }

    /**
     * The origin of the line this thread is handing to the route, or null: the agent sends its file identity with the
     * line, and tests record the keys lines get.
     */
    public static LineOrigin currentOrigin() {
        ReadProgress.Mark mark = CURRENT.get();
        return mark == null ? null : mark.origin;
    }

    /** The route call returned: the synchronous piece of the line is done. */
    void leave(ReadProgress.Mark mark) {
        CURRENT.remove();
        mark.finishOne();
    }

    /** The mark of the line this thread is handing to the route, or null (a chunking reader keeps it for later). */
    static ReadProgress.Mark current() {
        return CURRENT.get();
    }

    /** A line of a chunk is being processed in this thread: its windows are found by {@link #windowFormed}. */
    static void processing(ReadProgress.Mark mark) {
        CURRENT.set(mark);
    }

    /** The line of a chunk is processed: the piece its reader left pending for it is done. */
    static void processed(ReadProgress.Mark mark) {
        CURRENT.remove();
        if (mark != null) {
            mark.finishOne();
        }
    }

    /** The route call returned without taking the line (LineNotDelivered): the line stays unfinished. */
    void withdraw() {
        CURRENT.remove();
    }

    /** A window was completed; when it ends at the line being read, the line waits for its score. */
    public void windowFormed(Window window) {
        ReadProgress.Mark mark = CURRENT.get();
        if (mark == null || mark.origin == null || window == null || window.events().isEmpty()) {
            return;
        }
        if (mark.origin.line() != window.lastLine() || !mark.origin.source().equals(window.source())) {
            return;
        }
        mark.addPending();
        awaitingScore.compute(key(window.source(), window.lastLine()), (k, q) -> {
            Deque<ReadProgress.Mark> queue = q == null ? new ConcurrentLinkedDeque<>() : q;
            queue.addLast(mark);
            return queue;
        });
    }

    /** The idempotency key of the line a score judges, or null for lines that are not followed (uploads). */
    public String idempotencyKey(Score score) {
        Deque<ReadProgress.Mark> queue = awaitingScore.get(key(score.source(), score.lastLine()));
        if (queue == null) {
            return null;
        }
        ReadProgress.Mark mark = queue.peekFirst();
        return mark == null ? null : mark.origin.idempotencyKey();
    }

    /** The score of a window has been routed (stored, queued for broadcast, or failed and counted). */
    public void scored(Score score) {
        ReadProgress.Mark[] taken = new ReadProgress.Mark[1];
        awaitingScore.computeIfPresent(key(score.source(), score.lastLine()), (k, queue) -> {
            taken[0] = queue.pollFirst();
            return queue.isEmpty() ? null : queue;
        });
        if (taken[0] != null) {
            taken[0].finishOne();
        }
    }

    /**
     * The score's alert could not be stored (the database stayed unreachable until the retries were given up,
     * at a forced stop): its line is never finished, so no saved position moves past it and it is read again
     * after the restart, where its alert is stored then. The caller's later {@link #scored} finds nothing to finish.
     */
    public void notStored(Score score) {
        awaitingScore.computeIfPresent(key(score.source(), score.lastLine()), (k, queue) -> {
            queue.pollFirst();
            return queue.isEmpty() ? null : queue;
        });
    }

    /** Windows formed from followed lines whose score has not been routed yet. */
    public int awaitingScores() {
        return awaitingScore.values().stream().mapToInt(Deque::size).sum();
    }

    private static String key(String source, long line) {
        return source + '\u0000' + line;
    }
}
