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
import java.util.function.Predicate;

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

    public synchronized TailState register(String path) {
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

    /**
     * A saved position no running reader owns whose file is the one at {@code devIno} under another name: its reader's
     * name was gone at a restart (the file renamed while the service was down, as a rotation renames a glob's
     * generations), so no reader resumed it. The first that {@code fits} is taken (deleted from the store) and
     * returned; null when there is none.
     */
    synchronized LeftBehind leftBehind(PositionStore store, String self, long[] devIno, Predicate<TailPosition> fits) {
        if (store == null) {
            return null;
        }
        for (Map.Entry<String, long[]> e : store.savedInodes().entrySet()) {
            String saved = e.getKey();
            long[] inode = e.getValue();
            if (inode[0] != devIno[0] || inode[1] != devIno[1] || saved.equals(self) || states.containsKey(saved)) {
                continue;
            }
            TailPosition position = store.load(saved).orElse(null);
            if (position == null || !position.identity().sameInode(devIno) || underItsName(saved, devIno)
                    || !fits.test(position) || !store.take(saved)) {
                continue;
            }
            // taken under the registry's lock, as readers register before they load their positions: a reader of
            // that path starting now either was seen above or finds no position to resume
            return new LeftBehind(saved, position);
        }
        return null;
    }

    private static boolean underItsName(String path, long[] devIno) {
        try {
            long[] named = FileIdentity.devIno(java.nio.file.Path.of(path));
            return named[0] == devIno[0] && named[1] == devIno[1];
        } catch (java.io.IOException | RuntimeException e) {
            return false; // gone: the name no longer holds it
        }
    }

    /** The saved position of a reader that did not start again ({@link #leftBehind}). */
    record LeftBehind(String path, TailPosition position) {
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
