package io.logwarden.tail;

import io.logwarden.live.SourceStats;
import io.logwarden.parse.EventTime;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * The latest uploads, newest first, for the status endpoint: an upload is no followed file (nothing follows it once
 * it is read), so it is listed apart, with the span of time its lines say they cover. Only the latest {@link #KEPT}
 * are kept: the list is for the dashboard, the alerts and incidents keep the rest.
 */
@Component
public class Uploads {

    static final int KEPT = 50;
    private final Deque<Upload> recent = new ArrayDeque<>();

    /** Registers an upload that starts being read now. */
    public Upload begin(String source, String name) {
        Upload upload = new Upload(source, name, Instant.now(), LocalDate.now());
        synchronized (recent) {
            recent.addFirst(upload);
            while (recent.size() > KEPT) {
                recent.removeLast();
            }
        }
        return upload;
    }

    public List<Upload> recent() {
        synchronized (recent) {
            return new ArrayList<>(recent);
        }
    }

    /** What the pipeline counted for a finished upload. */
    public record Totals(long lines, long sequences, long alerts, long errors) {

        public static Totals of(SourceStats counted) {
            return new Totals(counted.lines(), counted.sequences(), counted.alerts(), counted.errors());
        }
    }

    /** One upload: read by the replay's thread, shown by the status endpoint's. */
    public static final class Upload {

        private final String source;
        private final String name;
        private final Instant startedAt;
        private final LocalDate today;
        private volatile Instant finishedAt;
        private volatile boolean timeFields;
        private volatile EventTime.Stamp first;
        private volatile EventTime.Stamp last;
        private volatile Totals totals;

        Upload(String source, String name, Instant startedAt, LocalDate today) {
            this.source = source;
            this.name = name;
            this.startedAt = startedAt;
            this.today = today;
        }

        /** Widens the span by one line's own time, when its format's fields hold one. */
        void saw(Map<String, String> fields) {
            if (fields.isEmpty()) {
                return;
            }
            if (!timeFields && EventTime.hasTimeFields(fields)) {
                timeFields = true;
            }
            EventTime.of(fields, today).ifPresent(stamp -> {
                if (first == null || stamp.compareTo(first) < 0) {
                    first = stamp;
                }
                if (last == null || stamp.compareTo(last) > 0) {
                    last = stamp;
                }
            });
        }

        /** The upload is read and scored: what it counted is kept here, its counters and meter are dropped. */
        void finish(Totals counted) {
            totals = counted;
            finishedAt = Instant.now();
        }

        public String source() { return source; }
        public String name() { return name; }
        public Instant startedAt() { return startedAt; }
        /** Null while its lines are still being read or scored. */
        public Instant finishedAt() { return finishedAt; }
        /** Whether some line had a date, time or timestamp field, understood or not. */
        public boolean timeFields() { return timeFields; }
        /** The earliest time a line gave, or null. */
        public EventTime.Stamp first() { return first; }
        /** The latest time a line gave, or null. */
        public EventTime.Stamp last() { return last; }
        /** What the pipeline counted for it once finished; null while it is read or scored. */
        public Totals totals() { return totals; }
    }
}
