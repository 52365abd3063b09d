package io.logwarden.web;

import io.logwarden.alert.ScoreHistory;
import org.apache.camel.Header;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** GET /api/v1/scores/aggregate: the dashboard's chart history, per source and time bucket. */
@Component
public class ScoresApi {

    /** Enough for a chart as wide as a screen; more would only send points nobody can tell apart. */
    static final int MAX_BUCKETS = 2000;
    static final int DEFAULT_BUCKETS = 300;
    static final Duration DEFAULT_RANGE = Duration.ofHours(1);

    private final ScoreHistory history;

    public ScoresApi(ScoreHistory history) {
        this.history = history;
    }

    public Map<String, Object> aggregate(@Header("from") String fromParam, @Header("to") String toParam,
                                         @Header("bucket") String bucketParam) {
        Instant to = storable("to", QueryParams.instant("to", toParam));
        Instant from = storable("from", QueryParams.instant("from", fromParam));
        if (to == null) {
            to = Instant.now();
        }
        if (from == null) {
            from = to.minus(DEFAULT_RANGE);
        }
        if (!from.isBefore(to)) {
            throw new ApiException(400, "invalid_range", "\"from\" must be before \"to\", got from " + from + " and to " + to);
        }
        Duration range = Duration.between(from, to);
        Duration bucket = bucketParam == null || bucketParam.isEmpty()
                ? Duration.ofSeconds(Math.max(1, ceilDiv(range.toSeconds(), DEFAULT_BUCKETS)))
                : bucket(bucketParam);
        long buckets = ceilDiv(range.toMillis(), bucket.toMillis());
        if (buckets > MAX_BUCKETS) {
            throw new ApiException(400, "too_many_buckets", "from " + from + " to " + to + " in buckets of " + bucket.toSeconds()
                    + " s makes " + buckets + " buckets; at most " + MAX_BUCKETS + " are answered: choose a larger \"bucket\"");
        }
        List<ScoreHistory.Series> series = history.aggregate(from, to, bucket);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("from", from);
        answer.put("to", to);
        answer.put("bucket_seconds", bucket.toSeconds());
        // the pipeline stores only the windows that raised an alert: said here so no client takes this for every score
        answer.put("scores", "alerts");
        answer.put("series", series.stream().map(ScoresApi::series).toList());
        return answer;
    }

    private static Map<String, Object> series(ScoreHistory.Series s) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("source", s.source());
        answer.put("max", s.max());
        answer.put("buckets", s.buckets().stream().map(b -> {
            Map<String, Object> bucket = new LinkedHashMap<>();
            bucket.put("start", b.start());
            bucket.put("max", b.max());
            bucket.put("mean", b.mean());
            bucket.put("count", b.count());
            bucket.put("severity", b.severity());
            return bucket;
        }).toList());
        return answer;
    }

    /**
     * An instant the database can hold and millisecond arithmetic can reach: Instant parses years up to
     * +-1,000,000,000, where toEpochMilli overflows (a 500 and a stack trace per request).
     */
    private static Instant storable(String name, Instant value) {
        if (value != null && (value.isBefore(Instant.EPOCH) || value.isAfter(LATEST))) {
            throw new ApiException(400, "invalid_" + name, "\"" + name + "\" must be between 1970-01-01T00:00:00Z and "
                    + LATEST + ", got " + value);
        }
        return value;
    }

    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");
    private static final java.util.regex.Pattern BUCKET = java.util.regex.Pattern.compile("([1-9][0-9]{0,9})([smhd]?)");

    /** Seconds ("60"), or a number with s, m, h or d ("30s", "5m", "1h"); nothing else, not even spaces. */
    static Duration bucket(String value) {
        java.util.regex.Matcher m = BUCKET.matcher(value.toLowerCase(Locale.ROOT));
        if (m.matches()) {
            long n = Long.parseLong(m.group(1)); // at most ten digits: no overflow, even as days
            Duration d = switch (m.group(2)) {
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                case "d" -> Duration.ofDays(n);
                default -> Duration.ofSeconds(n);
            };
            if (d.compareTo(Duration.ofDays(31)) <= 0) {
                return d;
            }
        }
        throw new ApiException(400, "invalid_bucket", "\"bucket\" must be a whole number of seconds from 1 to 31 days, "
                + "optionally with s, m, h or d (\"60\", \"5m\"), got \"" + ApiException.shorten(value) + "\"");
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }
}
