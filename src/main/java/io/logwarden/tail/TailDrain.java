package io.logwarden.tail;

import io.logwarden.live.WebSocketBacklog;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.component.seda.SedaEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.function.BooleanSupplier;

/**
 * The orderly stop (SIGTERM): stop reading, drain, save positions; only then may Camel stop its routes
 * (the WebSocket server among them) and Spring close the database.
 *
 * <p>Spring stops lifecycle beans from the highest phase down. Camel's context has phase
 * {@code Integer.MAX_VALUE - 2049} and the web server {@code Integer.MAX_VALUE - 2048}; this one runs
 * just before both (after the HTTP server's graceful shutdown, {@code Integer.MAX_VALUE - 1024}), while
 * scoring, the database and the WebSocket are all still up:
 * <ol>
 * <li>every tail reader stops handing out lines;</li>
 * <li>the lines already handed out are waited for until each is finished (its window scored, its alert stored,
 * its messages queued for broadcast), then the broadcast queue is waited for until it is empty: together
 * at most {@code logwarden.tail.drain-timeout} (30 s);</li>
 * <li>each file's position is saved: exactly the last line before the first one not finished.</li>
 * </ol>
 * The database is opened without H2's own shutdown hook (application.yaml), so it is still open here.
 *
 * <p>WebSocket messages still queued when Camel has stopped are never sent (they are best-effort; the alert
 * table and the saved positions are the guarantee): once Camel is down they are counted in
 * {@code logwarden_websocket_dropped_total} and logged.
 */
@Component
public class TailDrain implements SmartLifecycle {

    static final int PHASE = Integer.MAX_VALUE - 1536;
    private static final Logger log = LoggerFactory.getLogger(TailDrain.class);

    private final TailingStreamComponent stream;
    /** Looked up at stop: a Lifecycle dependency would be started by Spring before Camel has collected its routes. */
    private final ObjectProvider<CamelContext> camel;
    private final LineAcks acks;
    private final Duration timeout;
    private final ObjectProvider<MeterRegistry> meters;
    /** The broadcast queues as the drain left them, still counted after Camel has let go of them. */
    private final List<Queue<Exchange>> broadcastQueues = new ArrayList<>();
    private volatile boolean running;

    public TailDrain(TailingStreamComponent stream, ObjectProvider<CamelContext> camel, LineAcks acks, TailProperties properties,
                     ObjectProvider<MeterRegistry> meters) {
        this.stream = stream;
        this.camel = camel;
        this.acks = acks;
        this.timeout = properties.drainTimeout();
        this.meters = meters;
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    @Override
    public void stop() {
        running = false;
        long started = System.nanoTime();
        long deadline = started + timeout.toNanos();
        stream.stopReading(timeout);
        int inFlight = stream.linesInFlight();
        log.info("Stopping: reading stopped; draining {} line(s) still in the pipeline (at most {})", inFlight, timeout);
        boolean drained = waitUntil(() -> stream.linesInFlight() == 0, deadline);
        boolean broadcast = waitUntil(this::broadcastQueueEmpty, deadline);
        stream.saveAcknowledgedPositions();
        int queued = keepBroadcastQueues();
        long ms = (System.nanoTime() - started) / 1_000_000;
        if (drained && broadcast) {
            log.info("Stopping: pipeline drained in {} ms; every read line was processed and its position saved", ms);
        } else {
            log.warn("Stopping: drain timed out after {} ms (logwarden.tail.drain-timeout={}); {} line(s) unfinished and {} "
                            + "window(s) unscored are read again after the restart from the saved positions{}", ms, timeout,
                    stream.linesInFlight(), acks.awaitingScores(), broadcast ? ""
                            : "; " + queued + " WebSocket message(s) still queued: those Camel does not send while it stops are dropped and counted");
        }
    }

    /**
     * After Camel has stopped (Spring destroys beans once every lifecycle bean is stopped): what is still in
     * the broadcast queue will never be sent. Counted as dropped, like a message that found the queue full.
     */
    @PreDestroy
    public void countUnsentMessages() {
        int unsent;
        synchronized (broadcastQueues) {
            unsent = broadcastQueues.stream().mapToInt(TailDrain::frames).sum();
            broadcastQueues.clear();
        }
        if (unsent == 0) {
            return;
        }
        MeterRegistry registry = meters.getIfAvailable();
        if (registry != null) {
            Counter.builder("logwarden.websocket.dropped").register(registry).increment(unsent);
        }
        log.warn("Stopped with {} WebSocket message(s) never sent (counted in logwarden_websocket_dropped_total): dashboards "
                + "miss those scores and alerts; stored alerts and saved read positions are not affected", unsent);
    }

    private int keepBroadcastQueues() {
        CamelContext camel = this.camel.getIfAvailable();
        if (camel == null) {
            return 0;
        }
        synchronized (broadcastQueues) {
            broadcastQueues.clear();
            for (Endpoint endpoint : camel.getEndpoints()) {
                if (endpoint instanceof SedaEndpoint seda && seda.getEndpointUri().startsWith("seda://websocket-out")) {
                    broadcastQueues.add(seda.getQueue());
                }
            }
            return broadcastQueues.stream().mapToInt(TailDrain::frames).sum();
        }
    }

    private boolean broadcastQueueEmpty() {
        CamelContext camel = this.camel.getIfAvailable();
        if (camel == null) {
            return true;
        }
        for (Endpoint endpoint : camel.getEndpoints()) {
            if (endpoint instanceof SedaEndpoint seda && seda.getEndpointUri().startsWith("seda://websocket-out")
                    && !seda.getQueue().isEmpty()) {
                return false;
            }
        }
        return camel.getInflightRepository().size("websocket-broadcast") == 0;
    }

    /** Messages in a broadcast queue: a scored batch's score messages are one exchange. */
    private static int frames(Queue<Exchange> queue) {
        return queue.stream().mapToInt(exchange -> WebSocketBacklog.frames(exchange.getMessage().getBody()).size()).sum();
    }

    private static boolean waitUntil(BooleanSupplier condition, long deadline) {
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(10); // polling a counter at shutdown; nothing to be notified by
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }
}
