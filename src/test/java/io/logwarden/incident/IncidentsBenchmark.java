package io.logwarden.incident;

import io.logwarden.Logwarden;
import io.logwarden.support.FreePort;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;

import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Benchmark harness (not a test): how long GET /api/v1/incidents takes, over real HTTP through the
 * REST route, with 100,000 stored alerts. Two shapes of the same 100,000 alerts: storms (50 alerts per
 * incident, 2,000 incidents) and the worst case for the list, every alert its own incident (100,000
 * incidents). Rows are written with JDBC batches (the grouping route would take minutes to store them);
 * the columns are what the route writes. Prints a table of p50 / p95 / max per query.
 * <pre>java -cp "target/classes:target/test-classes:$(cat target/test-classpath.txt)" io.logwarden.incident.IncidentsBenchmark [alerts] [postgres-jdbc-url]</pre>
 */
public final class IncidentsBenchmark {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    public static void main(String[] args) throws Exception {
        int alerts = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        String postgres = args.length > 1 ? args[1] : null;
        System.out.printf(Locale.ROOT, "%d alerts, %d cores, load average %.2f at start, database %s%n", alerts,
                Runtime.getRuntime().availableProcessors(), ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                postgres == null ? "H2 (file, the default)" : "PostgreSQL");
        System.out.println();
        System.out.println("| incidents | query | HTTP p50 ms | HTTP p95 ms | HTTP max ms | in-process p50 ms | total |");
        System.out.println("|---|---|---|---|---|---|---|");
        for (int perIncident : new int[] {50, 1}) {
            run(alerts, perIncident, postgres);
        }
        System.out.printf(Locale.ROOT, "%nload average %.2f at the end%n", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    private static void run(int alerts, int perIncident, String postgres) throws Exception {
        Path data = Files.createTempDirectory("logwarden-bench");
        List<String> properties = new ArrayList<>(List.of(
                "--logwarden.data-dir=" + data, "--logwarden.demo.enabled=false", "--server.port=" + FreePort.find(),
                "--logwarden.websocket.port=" + FreePort.find(), "--logwarden.models-dir=" + data.resolve("models"),
                "--camel.main.routes-reload-enabled=false", "--logging.level.root=WARN", "--logwarden.admin.password=bench-only",
                // the stored incidents are from a past day: keep their states instead of resolving them as quiet
                "--logwarden.incidents.resolve-after=100000d"));
        if (postgres != null) {
            String schema = "logwarden_bench_" + Long.toString(System.nanoTime(), 36);
            properties.addAll(List.of("--spring.profiles.active=postgres",
                    "--spring.datasource.url=" + postgres + (postgres.contains("?") ? "&" : "?") + "currentSchema=" + schema,
                    "--spring.datasource.username=postgres", "--spring.flyway.schemas=" + schema, "--spring.flyway.create-schemas=true"));
        }
        ConfigurableApplicationContext context = new SpringApplicationBuilder(Logwarden.class).run(properties.toArray(String[]::new));
        try {
            int port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
            int incidents = fill(context.getBean(JdbcTemplate.class), alerts, perIncident);
            Map<String, String> queries = new LinkedHashMap<>();
            queries.put("first page (50)", "");
            queries.put("page 10", "page=10");
            queries.put("state=open,acknowledged", "state=open,acknowledged");
            queries.put("min_severity=CRITICAL", "min_severity=CRITICAL");
            queries.put("source", "source=" + URLEncoder.encode("/var/log/app-7.log", StandardCharsets.UTF_8));
            queries.put("since/until (1 h)", "since=2026-01-01T10:00:00Z&until=2026-01-01T11:00:00Z");
            queries.put("text q=timeout", "q=timeout");
            queries.put("text + state + severity", "q=refused&state=open&min_severity=HIGH");
            for (Map.Entry<String, String> query : queries.entrySet()) {
                URI uri = URI.create("http://localhost:" + port + "/api/v1/incidents?" + query.getValue());
                for (int i = 0; i < 30; i++) {
                    get(uri);
                }
                double[] ms = new double[100];
                long total = 0;
                for (int i = 0; i < ms.length; i++) {
                    long start = System.nanoTime();
                    String body = get(uri);
                    ms[i] = (System.nanoTime() - start) / 1e6;
                    total = Long.parseLong(body.replaceAll("(?s).*\"total\":(\\d+).*", "$1"));
                }
                Arrays.sort(ms);
                // the same query without HTTP, JSON and Camel: the bean the route calls
                IncidentsApi api = context.getBean(IncidentsApi.class);
                Map<String, String> p = new java.util.HashMap<>();
                for (String pair : query.getValue().split("&")) {
                    if (pair.contains("=")) {
                        p.put(pair.substring(0, pair.indexOf('=')), java.net.URLDecoder.decode(pair.substring(pair.indexOf('=') + 1), StandardCharsets.UTF_8));
                    }
                }
                double[] inside = new double[100];
                for (int i = -30; i < inside.length; i++) {
                    long start = System.nanoTime();
                    api.list(p.get("page"), null, p.get("state"), p.get("min_severity"), p.get("source"), p.get("since"), p.get("until"), p.get("q"), p.get("cursor"));
                    if (i >= 0) {
                        inside[i] = (System.nanoTime() - start) / 1e6;
                    }
                }
                Arrays.sort(inside);
                System.out.printf(Locale.ROOT, "| %,d | %s | %.1f | %.1f | %.1f | %.1f | %,d |%n", incidents, query.getKey(),
                        ms[ms.length / 2], ms[(int) (ms.length * 0.95)], ms[ms.length - 1], inside[inside.length / 2], total);
            }
            // one incident with its (newest 500) alerts
            URI one = URI.create("http://localhost:" + port + "/api/v1/incidents/" + (incidents / 2));
            for (int i = 0; i < 30; i++) {
                get(one);
            }
            double[] ms = new double[100];
            for (int i = 0; i < ms.length; i++) {
                long start = System.nanoTime();
                get(one);
                ms[i] = (System.nanoTime() - start) / 1e6;
            }
            Arrays.sort(ms);
            System.out.printf(Locale.ROOT, "| %,d | GET /incidents/{id} with its %d alerts | %.1f | %.1f | %.1f | | 1 |%n", incidents,
                    Math.min(perIncident, IncidentService.ALERTS_SHOWN), ms[50], ms[95], ms[99]);
        } finally {
            SpringApplication.exit(context);
        }
    }

    private static String get(URI uri) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(uri + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    /** 100,000 alerts over 20 sources and a simulated day; incidents of perIncident alerts each. */
    private static int fill(JdbcTemplate jdbc, int alerts, int perIncident) {
        Random random = new Random(7);
        String[] words = {"timeout", "refused", "denied", "failed", "reset", "invalid", "closed", "opened"};
        String[] states = {"OPEN", "ACKNOWLEDGED", "RESOLVED", "RESOLVED", "RESOLVED", "SNOOZED"};
        String[] severities = {"HIGH", "HIGH", "HIGH", "CRITICAL"};
        Instant day = Instant.parse("2026-01-01T00:00:00Z");
        int incidents = alerts / perIncident;
        List<Object[]> incidentRows = new ArrayList<>();
        for (int i = 1; i <= incidents; i++) {
            String source = "/var/log/app-" + (i % 20) + ".log";
            Instant first = day.plusMillis((long) i * 86_400_000L / incidents);
            String severity = severities[random.nextInt(severities.length)];
            String template = "connection " + words[random.nextInt(words.length)] + " for <*> after <*> ms";
            String templates = "[\"" + template + "\"]";
            String sample = "[{\"alertId\":0,\"score\":8.5,\"severity\":\"" + severity + "\",\"firstLine\":1,\"lastLine\":10,"
                    + "\"templates\":[\"" + template + "\"],\"lines\":[\"" + template.replace("<*>", "42") + "\"],\"reason\":\"r\"}]";
            String state = states[random.nextInt(states.length)];
            incidentRows.add(new Object[] {source, source, state, Timestamp.from(first), Timestamp.from(first.plusSeconds(perIncident)),
                    perIncident, severity, "CRITICAL".equals(severity) ? 3 : 2, 8.5, templates, sample,
                    (template + "\n" + template.replace("<*>", "42")).toLowerCase(Locale.ROOT), Timestamp.from(first),
                    "RESOLVED".equals(state) ? Timestamp.from(first.plusSeconds(1800)) : null});
        }
        jdbc.batchUpdate("insert into incident (group_key, source, state, first_seen, last_seen, alert_count, severity, severity_rank,"
                + " highest_score, templates, sample_windows, search_text, updated_at, resolved_at) values (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                incidentRows);
        long firstId = jdbc.queryForObject("select min(id) from incident", Long.class);
        List<Object[]> alertRows = new ArrayList<>();
        for (int a = 0; a < alerts; a++) {
            int incident = a / perIncident;
            Object[] row = incidentRows.get(incident);
            alertRows.add(new Object[] {((Timestamp) row[3]).toInstant().plusMillis(a % perIncident * 1000L).toString(), row[1], row[6],
                    8.5, "[1,2,3]", "[\"a\",\"b\",\"c\"]", "[\"a 1\",\"b 2\",\"c 3\"]", a, a + 2, "statistical", "benchmark",
                    "[]", firstId + incident});
            if (alertRows.size() == 5000) {
                insertAlerts(jdbc, alertRows);
                alertRows.clear();
            }
        }
        insertAlerts(jdbc, alertRows);
        return incidents;
    }

    private static void insertAlerts(JdbcTemplate jdbc, List<Object[]> rows) {
        List<Object[]> converted = rows.stream().map(r -> {
            Object[] copy = r.clone();
            copy[0] = Timestamp.from(Instant.parse((String) r[0]));
            return copy;
        }).toList();
        jdbc.batchUpdate("insert into alert (created_at, source, severity, score, sequence, templates, sample_lines, first_line,"
                + " last_line, scorer, reason, expected, incident_id) values (?,?,?,?,?,?,?,?,?,?,?,?,?)", converted);
    }
}
