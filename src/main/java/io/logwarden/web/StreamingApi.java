package io.logwarden.web;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.logwarden.live.SourceStats;
import io.logwarden.live.StreamingStats;
import io.logwarden.live.WebSocketClients;
import io.logwarden.scoring.ScorerStatus;
import io.logwarden.scoring.WindowScoring;
import io.logwarden.security.WebSocketAddress;
import io.logwarden.tail.FollowedFile;
import io.logwarden.tail.TailManager;
import io.logwarden.tail.Uploads;
import org.apache.camel.Body;
import org.apache.camel.CamelContext;
import org.apache.camel.Header;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The /api/v1/streaming/* operations the REST routes call. */
@Component
public class StreamingApi {

    private final TailManager tails;
    private final StreamingStats stats;
    private final WindowScoring scoring;
    private final WebSocketClients clients;
    private final io.logwarden.parse.LogParser parser;
    private final CamelContext camel;
    private final WebSocketAddress address;
    private final Uploads uploads;

    public StreamingApi(TailManager tails, StreamingStats stats, WindowScoring scoring,
                        WebSocketClients clients, WebSocketAddress address, io.logwarden.parse.LogParser parser,
                        CamelContext camel, Uploads uploads) {
        this.uploads = uploads;
        this.parser = parser;
        this.camel = camel;
        this.address = address;
        this.tails = tails;
        this.stats = stats;
        this.scoring = scoring;
        this.clients = clients;
    }

    /** The answer of start: started, started_again or already_following, and the file as status shows it. */
    public record Started(String status, String message, Map<String, Object> file) {
    }

    /** The answer of stop: the paths no longer followed. */
    public record Stopped(String status, List<String> stopped) {
    }

    /** GET /api/v1/streaming/status. */
    public record Status(String state, List<Map<String, Object>> files, List<Map<String, Object>> uploads,
                         Map<String, Object> totals, ScorerStatus scorer, WebSocket websocket, Templates templates) {
    }

    /** Where the page connects for live scores, and how many are connected. */
    public record WebSocket(String url, int clients) {
    }

    /**
     * Templates known and learned at run time; rare_template_lines found no template after
     * logwarden.learned-templates.max was reached: scored as unseen, never stored.
     */
    public record Templates(int known, int learned, @JsonProperty("rare_template_lines") long rareTemplateLines) {
    }

    public Started start(@Body StartRequest body) {
        StartRequest request = JsonRequests.required(body);
        TailManager.Started started = tails.start(request.logFile(), request.windowSize(), request.from());
        if (started.alreadyFollowed() && resume(started.file())) {
            return new Started("started_again", "following " + started.file().path() + " again (its route was stopped)",
                    describe(started.file()));
        }
        return new Started(started.alreadyFollowed() ? "already_following" : "started", started.alreadyFollowed()
                ? started.file().path() + " is already followed; no second route was started"
                : "following " + started.file().path(), describe(started.file()));
    }

    /**
     * A followed file whose route was stopped from outside (Hawtio, JMX) stays on the followed list; starting it
     * again is what an operator means by "Start", so its own route is started (it reads on from where it stopped).
     */
    private boolean resume(FollowedFile file) {
        String state = tails.routeState(file);
        if (!"Stopped".equals(state) && !"Suspended".equals(state)) {
            return false;
        }
        try {
            if ("Suspended".equals(state)) {
                camel.getRouteController().resumeRoute(file.routeId());
            } else {
                camel.getRouteController().startRoute(file.routeId());
            }
            return true;
        } catch (Exception e) {
            throw new ApiException(500, "start_failed", "could not start the route of " + file.path() + " again: " + e.getMessage());
        }
    }

    /**
     * Without a body every followed file is stopped (and its position forgotten). A body must name the file:
     * {@code {}} or {@code {"log_file":null}} is a client's bug (an unset variable), not a wish to stop everything.
     */
    public Stopped stop(@Body StopRequest body, @Header("Content-Length") String contentLength,
                        @Header("Transfer-Encoding") String transferEncoding) {
        boolean sentABody = transferEncoding != null || contentLength != null && !contentLength.isBlank()
                && !contentLength.trim().equals("0");
        if (body == null && sentABody) {
            // the JSON literal null (a client's unset variable) bound to no request: it stopped every followed file
            throw new ApiException(400, "missing_log_file",
                    "name the file to stop in \"log_file\", or send no body at all to stop every followed file");
        }
        if (body == null) {
            return new Stopped("stopped", tails.stopAll().stream().map(FollowedFile::path).toList());
        }
        if (body.logFile() == null) {
            throw new ApiException(400, "missing_log_file",
                    "name the file to stop in \"log_file\", or send no body at all to stop every followed file");
        }
        FollowedFile stopped = tails.stop(body.logFile()).orElseThrow(() -> new ApiException(404, "not_following",
                body.logFile() + " is not followed; GET /api/v1/streaming/status lists the followed files"));
        return new Stopped("stopped", List.of(stopped.path()));
    }

    public Status status(String host) {
        return currentStatus(host, null, null, null);
    }

    /** GET /api/v1/streaming/status; the forwarded headers decide the announced WebSocket URL behind a proxy. */
    public Status currentStatus(@Header("Host") String host, @Header("X-Forwarded-Proto") String forwardedProto,
                                @Header("X-Forwarded-Host") String forwardedHost,
                                @Header("X-Forwarded-Port") String forwardedPort) {
        List<Map<String, Object>> files = tails.followed().stream().map(this::describe).toList();
        // uploads apart from the followed files: read once, nothing follows them
        return new Status(files.isEmpty() ? "idle" : "streaming", files, uploads.recent().stream().map(this::describe).toList(),
                stats.totals(), scoring.status(),
                new WebSocket(address.url(host, forwardedProto, forwardedHost, forwardedPort), clients.count()),
                new Templates(parser.templateCount(), parser.learnedTemplates(), parser.rareTemplateLines()));
    }

    private Map<String, Object> describe(FollowedFile file) {
        SourceStats s = stats.of(file.path());
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("log_file", file.path());
        d.put("route_id", file.routeId());
        d.put("state", tails.routeState(file));
        d.put("window_size", file.windowSize());
        d.put("from", file.from().value());
        d.put("started_at", file.startedAt());
        d.put("lines", s.lines());
        d.put("sequences", s.sequences());
        d.put("unseen_templates", s.unseenTemplates());
        d.put("alerts", s.alerts());
        d.put("errors", s.errors());
        d.put("throughput", s.throughput());
        d.put("last_error", s.lastError());
        d.put("tail", tails.tailStatus(file.path()));
        return d;
    }

    private Map<String, Object> describe(Uploads.Upload upload) {
        // a finished upload's counters are forgotten (its meter with them): it keeps its totals; looking one up must
        // not start counters again for it
        Uploads.Totals t = upload.totals();
        if (t == null) {
            t = stats.find(upload.source()).map(Uploads.Totals::of).orElse(null);
        }
        if (t == null) {
            t = upload.totals(); // finished between the two looks
        }
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("source", upload.source());
        d.put("name", upload.name());
        d.put("state", upload.finishedAt() == null ? "scoring" : "finished");
        d.put("started_at", upload.startedAt());
        d.put("finished_at", upload.finishedAt());
        d.put("lines", t == null ? 0 : t.lines());
        d.put("sequences", t == null ? 0 : t.sequences());
        d.put("alerts", t == null ? 0 : t.alerts());
        d.put("errors", t == null ? 0 : t.errors());
        putLogTime(d, upload);
        return d;
    }

    /**
     * "log_time": the first and last time the upload's lines give themselves (ISO-8601; an offset only when the log
     * names one), or instead "log_time_missing" saying why there is none.
     */
    public static void putLogTime(Map<String, Object> answer, Uploads.Upload upload) {
        if (upload.first() == null) {
            answer.put("log_time_missing", upload.timeFields() ? "timestamps_not_understood" : "no_timestamps_in_format");
            return;
        }
        Map<String, Object> span = new LinkedHashMap<>();
        span.put("first", upload.first().iso());
        span.put("last", upload.last().iso());
        // syslog lines carry no year: the service assumed one
        span.put("year_assumed", upload.first().yearAssumed());
        answer.put("log_time", span);
    }
}
