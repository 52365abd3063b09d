package io.logwarden.tail;

import io.logwarden.parse.KubernetesLogPath;
import io.logwarden.parse.LineHeaders;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.component.stream.StreamConstants;
import org.apache.camel.support.DefaultConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The reader behind {@code stream:file?scanStream=true}: it gives its {@link FileFollower} turns on the component's
 * shared reader threads, hands each event it reads to the route synchronously as an exchange (or, with
 * {@code groupLines} above 1, the events of a read together as one {@link LineChunk}), and saves the
 * position the pipeline has finished at stop (see {@link TailingStreamComponent} for what it fixes in Camel 4.17's
 * consumer). How the file is followed (rotations, cuts, saved positions) is the follower's.
 */
final class FileTailConsumer extends DefaultConsumer implements Runnable {

    private static final Logger log = LoggerFactory.getLogger(FileTailConsumer.class);

    private final TailingStreamComponent component;
    private final Path path;
    private final String key;
    private final TailRegistry registry;
    private final KubernetesLogPath kubernetes;
    private final FileFollower follower;
    /** Lines per exchange: 1, or a chunk of up to this many ({@code groupLines}). */
    private final int groupLines;
    private LineChunk chunk; // reader thread only: lines held for the next chunk exchange

    private volatile Thread reader;
    private CountDownLatch finished;

    // the reader's turns on the component's shared pool: at most one at a time, the next one scheduled by the last
    private final Object turnLock = new Object();
    private ScheduledFuture<?> nextTurn;
    private boolean inTurn;
    private boolean wakeRequested; // a change was reported during the turn: the next one comes at once
    private boolean lastTurnDone; // finish() ran: a stray scheduled turn does nothing
    private FileChangeWatcher.Registration watching;

    private TailState state;

    FileTailConsumer(TailingStreamEndpoint endpoint, Processor processor, TailingStreamComponent component) {
        super(endpoint, processor);
        this.component = component;
        this.path = Path.of(endpoint.getFileName()).toAbsolutePath().normalize();
        this.key = path.toString();
        this.registry = component.getRegistry();
        long delay = endpoint.getScanStreamDelay() > 0 ? endpoint.getScanStreamDelay() : TailingStreamEndpoint.DEFAULT_POLL_MS;
        FileFollower.Settings settings = new FileFollower.Settings(TimeUnit.MILLISECONDS.toNanos(delay),
                TimeUnit.MILLISECONDS.toNanos(endpoint.getQuietPeriod()), component.getMaxLinesInFlight(),
                StartFrom.parse(endpoint.getStartFrom()) == StartFrom.END, endpoint.getMaxLineLength(),
                component.multilineFor(path), component.formatFor(path), TimeUnit.MILLISECONDS.toNanos(component.getRotateWait()));
        this.groupLines = Math.max(1, endpoint.getGroupLines());
        FileFollower.Route route = groupLines == 1 ? this::send : new FileFollower.Route() {
            @Override
            public FileFollower.Attempt send(String text, long number, boolean lastOfRead) {
                return hold(text, number, lastOfRead);
            }

            @Override
            public void flush() {
                sendChunk();
            }
        };
        this.follower = new FileFollower(path, settings, component.getPositionStore(), component.getLineAcks(),
                component::checkOpen, route);
        this.kubernetes = KubernetesLogPath.of(path).orElse(null);
    }

    TailState state() {
        return state;
    }

    String key() {
        return key;
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        state = registry.register(key);
        state.format = component.formatFor(path).name().toLowerCase(java.util.Locale.ROOT);
        state.labels = kubernetes == null ? java.util.Map.of() : kubernetes.labels();
        follower.otherReaders(candidate -> registry.claimElsewhere(key, candidate));
        follower.leftBehind((devIno, fits) -> registry.leftBehind(component.getPositionStore(), key, devIno, fits));
        follower.start(state);
        finished = new CountDownLatch(1);
        component.readerStarted(this);
        synchronized (turnLock) {
            lastTurnDone = false;
            scheduleTurn(0);
        }
        watching = component.watchChanges(path, this::wake);
        FileChangeWatcher.Registration registration = watching;
        if (registration != null) {
            follower.watchedWhile(registration::active);
        }
    }

    /** A change under the name was reported: the next turn comes now, not at the next scan. */
    private void wake() {
        synchronized (turnLock) {
            if (inTurn) {
                wakeRequested = true;
            } else if (nextTurn != null && nextTurn.getDelay(TimeUnit.NANOSECONDS) > 0 && nextTurn.cancel(false)) {
                scheduleTurn(0);
            }
        }
    }

    @Override
    protected void doStop() throws Exception {
        if (watching != null) {
            watching.close();
            watching = null;
        }
        stopReading(TimeUnit.SECONDS.toMillis(30));
        awaitDrained(component.getDrainTimeout().toNanos());
        persist(true);
        component.readerStopped(this);
        if (state != null) {
            state.phase = TailState.Phase.STOPPED;
            registry.unregister(key, state);
        }
        super.doStop();
    }

    /**
     * Stops handing out lines (the line being processed finishes) and waits for the reader thread to end.
     * What was handed out goes on through the pipeline; {@link #persist} saves how far it got.
     */
    void stopReading(long timeoutMillis) throws InterruptedException {
        follower.stop();
        Thread t = reader;
        if (t != null) {
            LockSupport.unpark(t);
        }
        synchronized (turnLock) {
            // waiting for its next look (up to a scan delay, or a retry backoff of up to 30 s): the last turn runs now
            if (!inTurn && nextTurn != null && nextTurn.cancel(false)) {
                scheduleTurn(0);
            }
        }
        if (finished != null && !finished.await(timeoutMillis, TimeUnit.MILLISECONDS)) {
            log.warn("The reader of {} did not finish within {} ms; its saved position stays at the last line the pipeline finished",
                    key, timeoutMillis);
            Thread stuck = reader;
            if (stuck != null) {
                stuck.interrupt(); // gives the pool thread back; the file is read again from the saved position
            }
        }
    }

    /** Waits (bounded) until every line handed out is finished, so the position saved at stop is the last line read. */
    private void awaitDrained(long timeoutNanos) {
        long deadline = System.nanoTime() + timeoutNanos;
        while (inFlight() > 0 && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
        int left = inFlight();
        if (left > 0) {
            log.warn("{}: {} line(s) still in the pipeline after {} ms; the saved position stays before them and they are "
                    + "read again after a restart", key, left, TimeUnit.NANOSECONDS.toMillis(timeoutNanos));
        }
    }

    /**
     * One turn on a pool thread: reads while there is data, for at most a turn (50 ms), then gives the
     * thread to the next file and schedules its next turn (at once when behind, after the scan delay when at
     * the end, after the backoff when the file cannot be read). The last turn, once reading stops, finishes.
     */
    @Override
    public void run() {
        synchronized (turnLock) {
            if (inTurn || lastTurnDone) {
                // scheduled while another turn ran (FutureTask.cancel(false) also succeeds on a task that has just
                // started): two turns must never read at once, so this one only asks the running one to go on
                wakeRequested |= inTurn;
                return;
            }
            inTurn = true;
            wakeRequested = false;
        }
        reader = Thread.currentThread();
        state.readerThreadId = reader.getId();
        long next = -1;
        try {
            next = follower.running() ? follower.turn() : -1;
        } finally {
            if (next < 0) {
                finish();
            } else {
                reader = null;
                synchronized (turnLock) {
                    inTurn = false;
                    try {
                        scheduleTurn(wakeRequested ? 0 : next);
                    } catch (RejectedExecutionException e) {
                        finish(); // the pool was shut down under the reader: nothing will run it again
                    }
                }
            }
        }
    }

    /** Under turnLock: once reading stops the next turn (the last one) runs at once. */
    private void scheduleTurn(long delayNanos) {
        nextTurn = component.readerPool().schedule(this, follower.running() ? delayNanos : 0, TimeUnit.NANOSECONDS);
    }

    /** After the last turn: the follower finishes, the turns end. */
    private void finish() {
        try {
            follower.finish();
        } finally {
            reader = null;
            synchronized (turnLock) {
                inTurn = false;
                nextTurn = null;
                lastTurnDone = true;
            }
            finished.countDown();
        }
    }

    /** Lines handed to the route whose windows are not finished yet. */
    int inFlight() {
        return follower.inFlight();
    }

    /** Saves the position the pipeline has finished, at most every scan delay unless forced. */
    void persist(boolean force) {
        follower.persist(force);
    }

    /** Runs the route on an exchange of {@code body} (a line or a chunk, its first line's number); the caller releases it. */
    private Exchange process(Object body, long number, boolean lastOfRead) {
        Exchange exchange = createExchange(false);
        Message in = exchange.getIn();
        in.setBody(body);
        in.setHeader(LineHeaders.LINE_NUMBER, number);
        in.setHeader(StreamConstants.STREAM_INDEX, number - 1);
        if (lastOfRead) {
            in.setHeader(LineHeaders.LAST_OF_READ, true);
        }
        if (kubernetes != null) {
            in.setHeader(TailHeaders.K8S_NAMESPACE, kubernetes.namespace());
            in.setHeader(TailHeaders.K8S_POD, kubernetes.pod());
            in.setHeader(TailHeaders.K8S_CONTAINER, kubernetes.container());
        }
        try {
            getProcessor().process(exchange);
        } catch (Exception e) {
            exchange.setException(e);
        }
        return exchange;
    }

    /** A held line is handed out as far as the reader is concerned: it is acknowledged once its chunk is processed. */
    private static final FileFollower.Attempt HELD = new FileFollower.Attempt() {
        @Override
        public Exception failure() {
            return null;
        }

        @Override
        public Exception notDelivered() {
            return null;
        }

        @Override
        public void report(String message, Exception why) {
            // a held line never fails: the chunk's failure is reported when it is sent
        }

        @Override
        public void release() {
            // nothing held
        }
    };

    /**
     * Adds an event to the chunk being collected; the chunk goes to the route when full, with the last event of what
     * was read, or when the reader flushes (end of its turn, waiting for the pipeline, finishing the file).
     */
    private FileFollower.Attempt hold(String text, long number, boolean lastOfRead) {
        if (chunk == null) {
            chunk = new LineChunk(groupLines);
        }
        chunk.add(text, number, LineAcks.current());
        if (lastOfRead || chunk.full()) {
            chunk.lastOfRead(lastOfRead);
            sendChunk();
        }
        return HELD;
    }

    /**
     * One exchange for the lines held, its body the {@link LineChunk} (the pod's names as headers, and
     * {@link LineHeaders#LAST_OF_READ} when its last line ends what was read). The route acknowledges each line; a
     * failure of the exchange itself is reported, and the lines it did not reach are passed, or kept unfinished once
     * reading stops (read again after the restart), as {@code FileFollower} does with one line.
     */
    private void sendChunk() {
        LineChunk held = chunk;
        if (held == null || held.size() == 0) {
            return;
        }
        chunk = null;
        Exchange exchange = process(held, held.number(0), held.lastOfRead());
        try {
            Exception failure = exchange.getException();
            if (failure != null) {
                getExceptionHandler().handleException("Error processing " + held + " of " + key, exchange, failure);
            }
            held.abandon(failure == null || follower.running());
        } finally {
            releaseExchange(exchange, false);
        }
    }

    /**
     * One attempt to hand an event to the route, as an exchange carrying the line number and the pod's names, and
     * {@link LineHeaders#LAST_OF_READ} on the last event of what was read.
     */
    private FileFollower.Attempt send(String text, long number, boolean lastOfRead) {
        Exchange exchange = process(text, number, lastOfRead);
        return new FileFollower.Attempt() {
            @Override
            public Exception failure() {
                return exchange.getException();
            }

            @Override
            public Exception notDelivered() {
                return LineNotDelivered.of(exchange);
            }

            @Override
            public void report(String message, Exception why) {
                getExceptionHandler().handleException(message, exchange, why);
            }

            @Override
            public void release() {
                releaseExchange(exchange, false);
            }
        };
    }
}
