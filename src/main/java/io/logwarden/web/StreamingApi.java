package io.logwarden.web;

import io.logwarden.model.WindowScoring;
import io.logwarden.stream.SourceStats;
import io.logwarden.stream.StreamingStats;
import io.logwarden.stream.WebSocketClients;
import io.logwarden.ops.WebSocketAddress;
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

    public Map<String, Object> start(@Body StartRequest body) {
        StartRequest request = JsonRequests.required(body);
        TailManager.Started started = tails.start(request.logFile(), request.windowSize(), request.from());
        Map<String, Object> answer = new LinkedHashMap<>();
        if (started.alreadyFollowed() && resume(started.file())) {
            answer.put("status", "started_again");
            answer.put("message", "following " + started.file().path() + " again (its route was stopped)");
            answer.put("file", describe(started.file()));
            return answer;
        }
        answer.put("status", started.alreadyFollowed() ? "already_following" : "started");
        answer.put("message", started.alreadyFollowed()
                ? started.file().path() + " is already followed; no second route was started"
                : "following " + started.file().path());
        answer.put("file", describe(started.file()));
        return answer;
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

    /** Without a body (or a log_file), every followed file is stopped. */
    public Map<String, Object> stop(@Body StartRequest body) {
        StartRequest request = body == null ? new StartRequest(null, null, null) : body;
        Map<String, Object> answer = new LinkedHashMap<>();
        if (request.logFile() == null) {
            List<FollowedFile> stopped = tails.stopAll();
            answer.put("status", "stopped");
            answer.put("stopped", stopped.stream().map(FollowedFile::path).toList());
            return answer;
        }
        FollowedFile stopped = tails.stop(request.logFile()).orElseThrow(() -> new ApiException(404, "not_following",
                request.logFile() + " is not followed; GET /api/v1/streaming/status lists the followed files"));
        answer.put("status", "stopped");
        answer.put("stopped", List.of(stopped.path()));
        return answer;
    }

    public Map<String, Object> status(String host) {
        return currentStatus(host, null, null, null);
    }

    /** GET /api/v1/streaming/status; the forwarded headers decide the announced WebSocket URL behind a proxy. */
    public Map<String, Object> currentStatus(@Header("Host") String host, @Header("X-Forwarded-Proto") String forwardedProto,
                                             @Header("X-Forwarded-Host") String forwardedHost,
                                             @Header("X-Forwarded-Port") String forwardedPort) {
        Map<String, Object> ws = new LinkedHashMap<>();
        ws.put("url", address.url(host, forwardedProto, forwardedHost, forwardedPort));
        ws.put("clients", clients.count());
        List<Map<String, Object>> files = tails.followed().stream().map(this::describe).toList();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("state", files.isEmpty() ? "idle" : "streaming");
        answer.put("files", files);
        // uploads apart from the followed files: read once, nothing follows them
        answer.put("uploads", uploads.recent().stream().map(this::describe).toList());
        answer.put("totals", stats.totals());
        answer.put("scorer", scoring.status());
        answer.put("websocket", ws);
        Map<String, Object> templates = new LinkedHashMap<>();
        templates.put("known", parser.templateCount());
        templates.put("learned", parser.learnedTemplates());
        // lines that found no template after logwarden.learned-templates.max was reached: scored as unseen, never stored
        templates.put("rare_template_lines", parser.rareTemplateLines());
        answer.put("templates", templates);
        return answer;
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
        SourceStats s = stats.of(upload.source());
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("source", upload.source());
        d.put("name", upload.name());
        d.put("state", upload.finishedAt() == null ? "scoring" : "finished");
        d.put("started_at", upload.startedAt());
        d.put("finished_at", upload.finishedAt());
        d.put("lines", s.lines());
        d.put("sequences", s.sequences());
        d.put("alerts", s.alerts());
        d.put("errors", s.errors());
        putLogTime(d, upload);
        return d;
    }

    /**
     * "log_time": the first and last time the upload's lines give themselves (ISO-8601; an offset only when the log
     * names one), or instead "log_time_missing" saying why there is none.
     */
    static void putLogTime(Map<String, Object> answer, Uploads.Upload upload) {
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
