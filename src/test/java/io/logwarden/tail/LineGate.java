package io.logwarden.tail;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Holds the pipeline on one chosen line until released, so the reader is behind at a known place instead of
 * by timing: the reader thread waits inside the route on that line while the test rotates the file.
 */
final class LineGate {

    private volatile String holdAt;
    private volatile CountDownLatch held = new CountDownLatch(1);
    private volatile CountDownLatch release = new CountDownLatch(0);

    /** The next time {@code line} reaches the route, it waits there until {@link #release()}. */
    void holdAt(String line) {
        held = new CountDownLatch(1);
        holdAt = line;
    }

    /** Called by the route for every line, before it is counted. */
    void pass(String line) throws InterruptedException {
        if (!line.equals(holdAt)) {
            return;
        }
        CountDownLatch go = new CountDownLatch(1);
        release = go;
        holdAt = null;
        held.countDown();
        if (!go.await(60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the test never released the line " + line);
        }
    }

    /** Waits until the reader is held on the line (it is in the route, behind everything written after it). */
    void awaitHeld(Duration timeout) throws InterruptedException {
        if (!held.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the reader never reached the held line");
        }
    }

    /** Lets the held line go on (a line held later waits for its own release). */
    void release() {
        release.countDown();
    }
}
