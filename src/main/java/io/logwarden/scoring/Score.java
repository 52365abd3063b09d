package io.logwarden.scoring;

import java.time.Instant;
import java.util.List;

/**
 * The verdict on one window. The first five fields are the original specification's WebSocket
 * {@code score} message; the rest explain it: which line broke the pattern, what was expected instead.
 *
 * @param score         0-10, higher is more anomalous
 * @param sequence      the window's template ids, oldest first
 * @param source        the followed file or upload the window came from
 * @param key           the window's correlation key (source or session key)
 * @param firstLine     line number of the window's oldest event
 * @param lastLine      line number of the window's newest event (the line being judged)
 * @param templates     template text for each id in {@code sequence}
 * @param sampleLines   the raw lines of the window
 * @param scorer        which scorer produced this score (e.g. "statistical", "deeplog:demo")
 * @param unseenTemplate whether the judged line's template was never seen by the scorer
 * @param expected      the templates the scorer expected instead, most likely first
 * @param reason        one sentence for the operator: why this score
 */
public record Score(double score, Severity severity, boolean alert, List<Integer> sequence, Instant timestamp,
                    String source, String key, long firstLine, long lastLine, List<String> templates,
                    List<String> sampleLines, String scorer, boolean unseenTemplate, List<Prediction> expected,
                    String reason) {
}
