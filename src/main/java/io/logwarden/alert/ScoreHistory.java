package io.logwarden.alert;

import io.logwarden.scoring.Severity;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Stored scores per source and time bucket: the highest and the mean of each bucket. Only windows that raised an
 * alert are stored, so this is the history of alert scores, not of every score the live view shows.
 */
@Service
public class ScoreHistory {

    /** One bucket of one source: it starts at {@code start} and holds {@code count} stored scores. */
    public record Bucket(Instant start, double max, double mean, long count, Severity severity) {
    }

    private static final class Sums {
        double max = Double.NEGATIVE_INFINITY;
        double sum;
        long count;
        Severity severity;
    }

    /** A source's non-empty buckets, oldest first. */
    public record Series(String source, double max, List<Bucket> buckets) {
    }

    private final AlertRepository repository;

    public ScoreHistory(AlertRepository repository) {
        this.repository = repository;
    }

    /**
     * Buckets of {@code bucket} length from {@code from} (inclusive) to {@code to} (exclusive); bucket k starts at
     * from + k x bucket, so a caller that aligns {@code from} to the bucket length gets buckets aligned to the epoch.
     * Sources are ordered by their highest score, highest first.
     */
    @Transactional(readOnly = true)
    public List<Series> aggregate(Instant from, Instant to, Duration bucket) {
        long fromMs = from.toEpochMilli();
        long bucketMs = bucket.toMillis();
        Map<String, TreeMap<Long, Sums>> bySource = new TreeMap<>();
        for (StoredScore s : repository.scoresBetween(from, to)) {
            long index = (s.createdAt().toEpochMilli() - fromMs) / bucketMs;
            Sums acc = bySource.computeIfAbsent(s.source(), k -> new TreeMap<>()).computeIfAbsent(index, k -> new Sums());
            acc.max = Math.max(acc.max, s.score());
            acc.sum += s.score();
            acc.count++;
            if (acc.severity == null || s.severity().compareTo(acc.severity) > 0) {
                acc.severity = s.severity();
            }
        }
        List<Series> series = new ArrayList<>();
        bySource.forEach((source, buckets) -> {
            List<Bucket> list = new ArrayList<>(buckets.size());
            double max = Double.NEGATIVE_INFINITY;
            for (Map.Entry<Long, Sums> e : buckets.entrySet()) {
                Sums acc = e.getValue();
                list.add(new Bucket(Instant.ofEpochMilli(fromMs + e.getKey() * bucketMs), acc.max, acc.sum / acc.count, acc.count,
                        acc.severity));
                max = Math.max(max, acc.max);
            }
            series.add(new Series(source, max, list));
        });
        series.sort(Comparator.comparingDouble(Series::max).reversed());
        return series;
    }
}
