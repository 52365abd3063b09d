package io.logwarden.tail;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The tailed files the stream component currently reads, for status, health and metrics. A consumer
 * registers its file when it starts and removes it when it stops, together with the file's meters
 * ({@code logwarden.tail.lag.bytes}, {@code logwarden.tail.lines.read}, tagged {@code file}).
 */
public class TailRegistry {

    private final MeterRegistry meters;
    private final Map<String, TailState> states = new ConcurrentHashMap<>();
    private final Map<String, List<Meter>> registeredMeters = new ConcurrentHashMap<>();

    /** @param meters where to register per-file meters, or null for none (plain Camel contexts, benchmarks) */
    public TailRegistry(MeterRegistry meters) {
        this.meters = meters;
    }

    public TailState register(String path) {
        TailState state = new TailState(path);
        TailState previous = states.put(path, state);
        if (previous != null) {
            removeMeters(path);
        }
        if (meters != null) {
            List<Meter> list = new ArrayList<>();
            list.add(Gauge.builder("logwarden.tail.lag.bytes", state, TailState::lag)
                    .description("bytes of the followed file not processed yet").baseUnit("bytes")
                    .tag("file", path).register(meters));
            list.add(FunctionCounter.builder("logwarden.tail.lines.read", state, TailState::linesRead)
                    .description("lines read from the followed file and processed").tag("file", path).register(meters));
            list.add(FunctionCounter.builder("logwarden.tail.truncations", state, TailState::truncations)
                    .description("cuts of the followed file in place (truncate, copytruncate, rewritten with the same header), "
                            + "also those found at a restart").tag("file", path).register(meters));
            list.add(FunctionCounter.builder("logwarden.tail.opens.refused", state, TailState::refused)
                    .description("opens of the followed file refused: it resolved outside the allowed roots").tag("file", path).register(meters));
            registeredMeters.put(path, list);
        }
        return state;
    }

    public void unregister(String path, TailState state) {
        if (states.remove(path, state)) {
            removeMeters(path);
        }
    }

    public Optional<TailState> state(String path) {
        return Optional.ofNullable(states.get(path));
    }

    /**
     * What the readers other than {@code self} know of a file {@code self} is about to read from its start; the
     * strongest claim wins (one reading it now, then one reading what it is a copy of, then one that has read it).
     */
    ReaderClaim claimElsewhere(String self, ReaderClaim.Candidate candidate) {
        ReaderClaim best = ReaderClaim.NONE;
        for (Map.Entry<String, TailState> e : states.entrySet()) {
            if (e.getKey().equals(self)) {
                continue;
            }
            ReaderClaim.Kind kind = e.getValue().claimOf(candidate);
            if (kind.compareTo(best.kind()) > 0) {
                best = new ReaderClaim(kind, e.getKey());
            }
        }
        return best;
    }

    public Collection<TailState> states() {
        return List.copyOf(states.values());
    }

    private void removeMeters(String path) {
        List<Meter> list = registeredMeters.remove(path);
        if (list != null && meters != null) {
            list.forEach(meters::remove);
        }
    }
}
