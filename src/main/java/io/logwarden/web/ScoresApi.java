package io.logwarden.web;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.logwarden.alert.ScoreHistory;
import org.apache.camel.Header;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

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

    /**
     * The chart's history from {@code from} to {@code to} in buckets of {@code bucket_seconds}; {@code scores} is
     * "alerts": the pipeline stores only the windows that raised an alert, said here so no client takes this for
     * every score.
     */
    public record Aggregate(Instant from, Instant to, @JsonProperty("bucket_seconds") long bucketSeconds, String scores,
                            List<ScoreHistory.Series> series) {
    }

    public Aggregate aggregate(@Header("from") String fromParam, @Header("to") String toParam,
                               @Header("bucket") String bucketParam) {
        Instant to = QueryParams.instant("to", toParam);
        Instant from = QueryParams.instant("from", fromParam);
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
        return new Aggregate(from, to, bucket.toSeconds(), "alerts", history.aggregate(from, to, bucket));
    }

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
