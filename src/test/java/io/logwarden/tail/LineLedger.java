package io.logwarden.tail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every written line's fate, counted from outside the service: the WebSocket score messages (a window
 * is scored when its newest line is processed), the WebSocket alert messages, and the alert table
 * (every window raises an alert in these tests). Lines are numbered {@code seq=N} by the writer.
 */
final class LineLedger {

    private static final Pattern SEQ = Pattern.compile("seq=(\\d+)");
    private static final ObjectMapper JSON = new ObjectMapper();

    final Map<Long, Integer> scored = new HashMap<>();
    final Map<Long, Integer> announced = new HashMap<>();
    final Map<Long, Long> announcedIds = new HashMap<>();
    final Map<Long, Integer> stored = new HashMap<>();
    final Map<Long, Long> storedIds = new HashMap<>();
    int storedRows;
    int announcedIdMismatches;

    static long seqOf(String line) {
        Matcher m = SEQ.matcher(line);
        if (!m.find()) {
            throw new AssertionError("not a numbered line: " + line);
        }
        return Long.parseLong(m.group(1));
    }

    static long newestSeq(JsonNode sampleLines) {
        return seqOf(sampleLines.get(sampleLines.size() - 1).asText());
    }

    void addMessages(List<JsonNode> messages) {
        for (JsonNode m : messages) {
            String type = m.path("type").asText();
            if ("score".equals(type)) {
                scored.merge(newestSeq(m.path("data").path("sampleLines")), 1, Integer::sum);
            } else if ("alert".equals(type)) {
                long seq = newestSeq(m.path("data").path("sample_lines"));
                announced.merge(seq, 1, Integer::sum);
                announcedIds.put(seq, m.path("data").path("id").asLong());
            }
        }
    }

    /** Reads the alert table of a stopped service's H2 database. */
    void addDatabase(Path dataDir) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + dataDir.resolve("logwarden") + ";AUTO_SERVER=FALSE", "sa", "");
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT id, sample_lines FROM alert ORDER BY id")) {
            while (rs.next()) {
                storedRows++;
                long seq = newestSeq(JSON.readTree(rs.getString("sample_lines")));
                stored.merge(seq, 1, Integer::sum);
                storedIds.put(seq, rs.getLong("id"));
            }
        }
        for (Map.Entry<Long, Long> a : announcedIds.entrySet()) {
            Long id = storedIds.get(a.getKey());
            if (id == null || !id.equals(a.getValue())) {
                announcedIdMismatches++;
            }
        }
    }

    /** The accounting of lines 0..written-1; every line completes a (padded) window, so an unscored line is lost. */
    Accounting account(long written) {
        long once = 0;
        long twice = 0;
        List<Long> lost = new ArrayList<>();
        TreeMap<Long, Integer> repeated = new TreeMap<>();
        for (long seq = 0; seq < written; seq++) {
            int n = scored.getOrDefault(seq, 0);
            if (n == 0) {
                lost.add(seq);
            } else if (n == 1) {
                once++;
            } else {
                twice++;
                repeated.put(seq, n);
            }
        }
        long storedTwice = stored.values().stream().filter(n -> n > 1).count();
        long announcedTwice = announced.values().stream().filter(n -> n > 1).count();
        long scoredNotStored = scored.keySet().stream().filter(seq -> !stored.containsKey(seq)).count();
        return new Accounting(written, once, lost, twice, repeated, storedRows, storedTwice, announcedTwice,
                scoredNotStored, announcedIdMismatches);
    }

    record Accounting(long written, long once, List<Long> lost, long twice, TreeMap<Long, Integer> repeated,
                      int alertRows, long alertsStoredTwice, long alertsAnnouncedTwice, long scoredWithoutAlert,
                      int announcedIdMismatches) {
        String row(String fault) {
            return String.format("| %s | %d | %d | %d | %d | %d | %d | %d |", fault, written, once + twice, lost.size(),
                    twice, alertRows, alertsStoredTwice, alertsAnnouncedTwice);
        }
    }
}
