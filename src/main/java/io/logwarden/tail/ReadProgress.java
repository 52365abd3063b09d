package io.logwarden.tail;

import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The lines of one followed file that were handed to the pipeline and are not finished yet, in the
 * order they were read. The reader appends a {@link Mark} per line (and one per file switch); the
 * pipeline finishes it; the acknowledged position is the one of the last mark before the first
 * unfinished one. Only that position is ever saved, so a saved position never runs ahead of the
 * scoring, alert storage and broadcast hand-off of any line before it.
 */
final class ReadProgress {

    /** One line (or a file switch) on its way through the pipeline. */
    static final class Mark {
        final TailPosition position;
        final LineOrigin origin;
        /** 1 for the synchronous pass of the route, plus one per window formed ending at this line. */
        private final AtomicInteger pending;
        private volatile boolean done;

        private Mark(TailPosition position, LineOrigin origin, int pending) {
            this.position = position;
            this.origin = origin;
            this.pending = new AtomicInteger(pending);
            this.done = pending == 0;
        }

        void addPending() {
            pending.incrementAndGet();
        }

        /** Returns true when this was the last outstanding piece of work of the line. */
        boolean finishOne() {
            int left = pending.decrementAndGet();
            if (left == 0) {
                done = true;
                return true;
            }
            if (left < 0) {
                pending.set(0);
            }
            return false;
        }

        boolean done() {
            return done;
        }
    }

    private final ArrayDeque<Mark> marks = new ArrayDeque<>();
    private TailPosition acknowledged;

    ReadProgress(TailPosition start) {
        this.acknowledged = start;
    }

    /** A line handed to the route: pending until the route returns and every window ending at it is done. */
    synchronized Mark line(TailPosition after, LineOrigin origin) {
        Mark mark = new Mark(after, origin, 1);
        marks.addLast(mark);
        return mark;
    }

    /**
     * The newest line was not taken and will be read again after a restart: forgotten, so the acknowledged
     * position stops before it instead of waiting for it. Only the newest mark may go (one behind it would let
     * the position pass it).
     */
    synchronized void withdraw(Mark mark) {
        if (marks.peekLast() == mark) {
            marks.removeLast();
        }
    }

    /** A position reached without a line (a file opened, switched to, or resumed): done as soon as all before it are. */
    synchronized void reached(TailPosition position) {
        if (marks.isEmpty()) {
            acknowledged = position;
        } else {
            marks.addLast(new Mark(position, null, 0));
        }
    }

    /** The position up to which every line is finished. */
    synchronized TailPosition acknowledged() {
        Mark head;
        while ((head = marks.peekFirst()) != null && head.done()) {
            acknowledged = head.position;
            marks.removeFirst();
        }
        return acknowledged;
    }

    /** Lines handed out and not finished yet (after {@link #acknowledged()} advanced). */
    synchronized int inFlight() {
        acknowledged();
        return marks.size();
    }

    /** Line number of the oldest unfinished line, or -1 when none. */
    synchronized long oldestInFlightLine() {
        acknowledged();
        Mark head = marks.peekFirst();
        return head == null || head.origin == null ? -1 : head.origin.line();
    }
}
