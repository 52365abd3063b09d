package io.logwarden.incident;

import io.logwarden.alert.Alert;
import io.logwarden.files.LogLines;
import io.logwarden.tail.AllowedRoots;
import io.logwarden.tail.TailRequestException;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The raw lines around an alert's judged line, read from its log file while the file still holds them.
 * The file is trusted only when its line at the judged line number is the line the alert stored; after
 * a rotation or truncation the answer says the context is gone and shows the alert's own window.
 */
@Component
public class AlertContext {

    static final int MAX_LINES = 1000;
    private final AllowedRoots roots;

    public AlertContext(AllowedRoots roots) {
        this.roots = roots;
    }

    public Map<String, Object> around(Alert alert, int n) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("alert_id", alert.getId());
        answer.put("source", alert.getSource());
        answer.put("line", alert.getLastLine());
        answer.put("lines_requested", n);
        List<String> sample = alert.getSampleLines();
        String judged = sample == null || sample.isEmpty() ? null : sample.get(sample.size() - 1);
        String unavailable = null;
        List<Map<String, Object>> lines = new ArrayList<>();
        Path file = null;
        try {
            file = roots.checkReadableFile(alert.getSource());
        } catch (TailRequestException e) {
            unavailable = alert.getSource().startsWith("upload:")
                    ? "the alert came from an upload, which is not kept" : "the log file cannot be read now: " + e.getMessage();
        }
        if (file != null) {
            long from = Math.max(1, alert.getLastLine() - n);
            long to = alert.getLastLine() + n;
            boolean matches = false;
            try (LogLines reader = LogLines.open(file)) {
                String line;
                long number = 0;
                while ((line = reader.next()) != null && number < to) {
                    number++;
                    if (number >= from) {
                        Map<String, Object> entry = new LinkedHashMap<>();
                        entry.put("line", number);
                        entry.put("text", line);
                        if (number == alert.getLastLine()) {
                            entry.put("judged", true);
                            matches = judged == null || judged.equals(line);
                        }
                        lines.add(entry);
                    }
                }
            } catch (IOException e) {
                unavailable = "the log file cannot be read now: " + e.getMessage();
            }
            if (unavailable == null && !matches) {
                unavailable = "the log file no longer holds the alert's lines (rotated, truncated or rewritten since)";
                lines.clear();
            }
        }
        answer.put("available", unavailable == null);
        if (unavailable != null) {
            answer.put("reason", unavailable);
            answer.put("window", sample);
        } else {
            answer.put("lines", lines);
        }
        return answer;
    }
}
