package io.logwarden.web;

import io.logwarden.alert.Alert;
import io.logwarden.alert.AlertRepository;
import io.logwarden.incident.IncidentRepository;
import io.logwarden.incident.IncidentState;
import io.logwarden.support.FreePort;
import io.logwarden.tail.TailManager;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard in a real headless Chromium (Debian's chromium + chromedriver) against the running
 * service. The steps share one browser and one service and run in order, like an operator's session:
 * open, refuse a bad path, follow a file, see scores, see an incident with its alert and context lines,
 * acknowledge it, lose and regain the WebSocket, stop the file. Screenshots land in target/screenshots/.
 * The triage steps (the still list, bulk changes, feedback, filters, offline state, phone, contrast) are in
 * IncidentTriageBrowserTest.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserTest {

    // created here rather than by @TempDir: with a PER_CLASS lifecycle Spring builds the context
    // (and reads the dynamic properties) before JUnit injects static @TempDir fields
    static final Path dataDir = tempDir("logwarden-dashboard-data-");
    static final Path logsDir = tempDir("logwarden-dashboard-logs-");
    static final int WEBSOCKET_PORT = FreePort.find();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("logwarden.data-dir", () -> dataDir.toString());
        // never the repository's models/ (the service writes learned templates next to the model):
        // no model here, so the statistical scorer answers, whose alerts the steps below expect
        registry.add("logwarden.models-dir", () -> dataDir.resolve("models").toString());
        registry.add("spring.datasource.url", () -> "jdbc:h2:mem:dashboard;DB_CLOSE_DELAY=-1");
        registry.add("logwarden.websocket.port", () -> WEBSOCKET_PORT);
        registry.add("logwarden.demo.enabled", () -> "false");
        registry.add("logwarden.tail.allowed-roots", () -> logsDir.toString());
        registry.add("logwarden.tail.scan-stream-delay", () -> "50");
        registry.add("logwarden.scoring.warmup-windows", () -> "10");
        registry.add("logwarden.websocket.stats-period", () -> "500");
        registry.add("camel.main.routes-reload-enabled", () -> "false");
        // auth.log's format, as the demo model's: an upload's own timestamps come from its fields
        registry.add("logwarden.parser.format", () -> "<Month> <Date> <Time> <Host> <Component>: <Content>");
        io.logwarden.support.TestCredentials.register(registry);
    }

    @LocalServerPort
    int port;
    @Autowired
    AlertRepository alerts;
    @Autowired
    TailManager tails;
    @Autowired
    CamelContext camel;

    @Autowired
    IncidentRepository incidents;

    @RegisterExtension
    static final Chromium chromium = new Chromium("dashboard-");
    Path followed;
    int lineCounter;

    @Test
    @Order(1)
    void pageLoadsLiveWithoutConsoleErrors() {
        // the dashboard needs a login: the browser lands on the login form and comes back after it
        chromium.logIn(port, "/");
        waitFor("the connection to be live", () -> "live".equals(connectionState()));
        assertThat(chromium.driver.getTitle()).isEqualTo("Logwarden");
        assertThat(text("files-empty")).contains("No file is followed");
        screenshot("01-opened");
        // Chromium logs every non-2xx fetch as a console error; GET /api/v1/models answers 404 where the
        // service has no model management, and the page then just shows the scorer. Nothing else is allowed.
        assertNoConsoleErrors("/api/v1/models - Failed to load resource: the server responded with a status of 404");
    }

    @Test
    @Order(2)
    void badPathShowsTheServersMessage() {
        WebElement path = chromium.driver.findElement(By.id("start-path"));
        path.clear();
        path.sendKeys("/etc/passwd");
        chromium.driver.findElement(By.id("start-submit")).click();
        waitFor("the refusal to be shown", () -> !text("start-error").isBlank());
        assertThat(text("start-error")).contains("/etc/passwd is outside the allowed roots");
        assertThat(tails.followed()).isEmpty();
        screenshot("02-bad-path");
        // the refusal itself is the one console entry Chromium adds for the 403
        assertNoConsoleErrors("/api/v1/streaming/start - Failed to load resource: the server responded with a status of 403");
    }

    @Test
    @Order(3)
    void startingAFileFromThePageShowsLiveScores() throws IOException {
        followed = logsDir.resolve("app.log");
        Files.writeString(followed, "");
        WebElement path = chromium.driver.findElement(By.id("start-path"));
        path.clear();
        path.sendKeys(followed.toString());
        chromium.driver.findElement(By.id("start-window")).sendKeys("4");
        chromium.driver.findElement(By.id("start-submit")).click();
        waitFor("the file row", () -> !chromium.driver.findElements(By.cssSelector("#files tr[data-file='" + followed + "']")).isEmpty());
        assertThat(text("start-error")).isEmpty();
        assertThat(tails.followed()).extracting(f -> f.path()).containsExactly(followed.toString());

        // enough regular traffic for the statistical scorer to learn every transition
        appendNormal(60);
        waitFor("scores on the chart", () -> scoresOnChart() > 0);
        waitFor("stats from the stats messages", () -> !"0".equals(text("stat-processed")));
        assertThat(text("stat-scores")).isNotEqualTo("0");
        // the first line of each template is one the scorer never saw
        waitFor("unseen templates counted", () -> !"0".equals(text("stat-unseen")));
        screenshot("03-live-scores");
    }

    @Test
    @Order(4)
    void anomalousLinesOpenAnIncidentThatCanBeAcknowledged() throws IOException {
        long before = alerts.count();
        append("kernel: Out of memory: Killed process 4242 (java) total-vm:4096kB");
        waitFor("an alert stored", () -> alerts.count() > before);
        Alert stored = newestAlert();
        waitFor("the alert grouped", () -> alerts.findById(stored.getId()).orElseThrow().getIncidentId() != null);
        long incidentId = alerts.findById(stored.getId()).orElseThrow().getIncidentId();
        // the first incident of an empty list waits behind the "N new" bar like any other
        waitFor("the new-incidents bar", () -> chromium.driver.findElement(By.id("new-bar")).isDisplayed());
        chromium.driver.findElement(By.id("new-bar")).click();
        WebElement row = waitForElement(By.cssSelector("#incidents li[data-id='" + incidentId + "']"));
        assertThat(row.getText()).contains(incidents.findById(incidentId).orElseThrow().getSeverity().name());
        waitFor("the row's count to match the stored incident", () -> row.findElement(By.cssSelector(".count")).getText()
                .startsWith(incidents.findById(incidentId).orElseThrow().getAlertCount() + " alert"));

        row.findElement(By.cssSelector("button.toggle")).click();
        WebElement item = waitForElement(By.cssSelector("#incidents li[data-id='" + incidentId + "'] li[data-alert-id='" + stored.getId() + "']"));
        item.findElement(By.cssSelector("button.window-toggle")).click();
        waitFor("the window details", () -> !item.findElements(By.cssSelector(".window table")).isEmpty());
        assertThat(item.findElement(By.cssSelector(".window")).getText()).contains("Out of memory");
        // the lines around the judged line, read back from the followed file
        waitFor("the context lines", () -> !row.findElements(By.cssSelector(".context .line.judged")).isEmpty());
        assertThat(row.findElement(By.cssSelector(".context .line.judged")).getText()).contains("Out of memory");
        screenshot("04-incident-expanded");

        WebElement ack = row.findElement(By.cssSelector("button.ack"));
        ack.click();
        waitFor("the row to show the acknowledgement", () -> "Acknowledged".equals(ack.getText()));
        assertThat(incidents.findById(incidentId)).get().satisfies(i -> assertThat(i.getState()).isEqualTo(IncidentState.ACKNOWLEDGED));
        assertNoConsoleErrors();
    }

    @Test
    @Order(5)
    void afterTheWebSocketServerRestartsThePageShowsWhatItMissed() throws Exception {
        // counts the page's own close() calls: its 15 s silence limit closes a quiet socket that way
        chromium.driver.executeScript("window.pageCloses = 0; const close = WebSocket.prototype.close;"
                + " WebSocket.prototype.close = function () { window.pageCloses++; return close.apply(this, arguments); };");
        camel.getRouteController().stopRoute("websocket-peers");
        // stopping the consumer route must really close the Vert.x server and its connections
        waitFor("the WebSocket port to close", () -> !listening(WEBSOCKET_PORT));
        waitFor("the page to notice", () -> !"live".equals(connectionState()));
        // the server's close told the page, not the silence limit: the socket was really closed, not just quiet
        assertThat(((Number) chromium.driver.executeScript("return window.pageCloses")).intValue())
                .as("close() calls by the page (its silence limit)").isZero();
        screenshot("05-reconnecting");

        long before = alerts.count();
        append("kernel: EXT4-fs error (device sda1): ext4_find_entry:1455: inode #2: comm ls: reading directory lblock 0");
        waitFor("an alert stored while the page was away", () -> alerts.count() > before);
        Alert missed = newestAlert();
        waitFor("the missed alert grouped", () -> alerts.findById(missed.getId()).orElseThrow().getIncidentId() != null);
        long incidentId = alerts.findById(missed.getId()).orElseThrow().getIncidentId();
        long count = incidents.findById(incidentId).orElseThrow().getAlertCount();

        camel.getRouteController().startRoute("websocket-peers");
        waitFor("the page to reconnect", () -> "live".equals(connectionState()));
        // caught up from the database: a shown incident updates in place, a new one waits behind "N new"
        waitFor("the missed alert on the page", () -> {
            List<WebElement> rows = chromium.driver.findElements(By.cssSelector("#incidents li[data-id='" + incidentId + "']"));
            return rows.isEmpty() ? chromium.driver.findElement(By.id("new-bar")).isDisplayed()
                    : rows.get(0).findElement(By.cssSelector(".count")).getText().startsWith(count + " alert");
        });
        screenshot("06-reconnected");
        // the page's own errors only: a refused WebSocket connection is logged by Chromium itself
        assertNoConsoleErrors("WebSocket connection to");
    }

    @Test
    @Order(6)
    void aRouteStoppedElsewhereLeavesTheChartAndStartsAgainFromThePage() throws Exception {
        String source = followed.toString();
        waitFor("the followed file on the chart", () -> chartSources().contains(source));
        // as Hawtio does: the route stops, the file stays on the followed list
        String routeId = tails.followed().iterator().next().routeId();
        // a status answer given before the stop but arriving after the newer one must not bring the file back:
        // the page's fetch holds the next status answer until the test releases it
        chromium.js("""
                const fetchAsIs = window.fetch;
                window.heldStatus = 'asked';
                window.fetch = function (path) {
                  const answer = fetchAsIs.apply(this, arguments);
                  if (!String(path).endsWith('/api/v1/streaming/status')) return answer;
                  window.fetch = fetchAsIs;
                  return answer.then((r) => new Promise((resolve) => { window.heldStatus = 'held'; window.releaseStatus = () => resolve(r); }));
                };
                window.logwarden.refreshStatus().then(() => { window.heldStatus = 'handled'; });
                """);
        waitFor("a status answer from before the stop", () -> "held".equals(chromium.js("return window.heldStatus;")));
        camel.getRouteController().stopRoute(routeId);
        By start = By.cssSelector("#files button.start[data-file='" + followed + "']");
        WebElement button = waitForElement(start);
        assertThat(button.getText()).isEqualTo("Start");
        assertThat(chromium.driver.findElement(By.cssSelector("#files tr[data-file='" + followed + "']")).getText()).contains("stopped");
        waitFor("the stopped file off the chart", () -> !chartSources().contains(source));
        // the series list changes at once, the note with the next render (at most ten a second)
        waitFor("the note saying why", () -> text("chart-note").contains("1 stopped or finished source left the chart"));
        chromium.js("window.releaseStatus();");
        waitFor("the old answer handled", () -> "handled".equals(chromium.js("return window.heldStatus;")));
        assertThat(chromium.driver.findElements(start)).as("the Start button after the old answer").hasSize(1);
        assertThat(chromium.js("return window.logwarden.finished.has(arguments[0]);", source)).isEqualTo(true);
        screenshot("06-route-stopped");

        waitForElement(start).click();
        waitFor("the route started again", () -> camel.getRouteController().getRouteStatus(routeId) == org.apache.camel.ServiceStatus.Started);
        waitForElement(By.cssSelector("#files button.stop[data-file='" + followed + "']"));
        assertThat(tails.followed()).extracting(f -> f.path()).containsExactly(source);
        // scoring again, it comes back to the chart
        appendNormal(5);
        waitFor("the file back on the chart", () -> chartSources().contains(source));
        assertNoConsoleErrors();
    }

    @Test
    @Order(7)
    void stoppingTheFileFromThePage() {
        WebElement stop = waitForElement(By.cssSelector("#files button.stop[data-file='" + followed + "']"));
        By button = By.cssSelector("#files button.stop[data-file='" + followed + "']");
        stop.click();
        // found again each time: the files table is rebuilt with every status refresh
        waitFor("the confirmation", () -> "Really stop?".equals(waitForElement(button).getText()));
        assertThat(tails.followed()).as("one click only asks").isNotEmpty();
        waitForElement(button).click();
        waitFor("the row to disappear", () -> chromium.driver.findElements(By.cssSelector("#files tr[data-file='" + followed + "']")).isEmpty());
        assertThat(tails.followed()).isEmpty();
        waitFor("the stopped file off the chart", () -> !chartSources().contains(followed.toString()));
        screenshot("07-stopped");
    }

    @Test
    @Order(8)
    void underLoadItRendersAtMostTenTimesASecondWithBoundedBuffers() {
        // 1,000 score messages a second for 3 s over 12 sources, one in ten an alert with its incident
        // message, through the page's own message handler; the renders are counted by the page
        @SuppressWarnings("unchecked")
        java.util.Map<String, Object> result = (java.util.Map<String, Object>) chromium.driver.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                const lw = window.logwarden;
                const rendersBefore = lw.state.renders;
                let sent = 0, id = 1000000, ticks = 0;
                const started = performance.now();
                const timer = setInterval(() => {
                  for (let i = 0; i < 100; i++) {
                    const source = '/load/source-' + (sent % 12) + '.log';
                    const score = (sent % 10 === 0) ? 9.5 : (sent % 7);
                    lw.receive({type: 'score', data: {score, severity: score >= 9 ? 'CRITICAL' : 'LOW', alert: score >= 7,
                      sequence: [1, 2, 3], templates: ['a <*>', 'b <*>', 'c <*>'], source, reason: 'load'}});
                    if (score >= 7) lw.receive({type: 'alert', data: {id: id++, severity: 'CRITICAL', score, source,
                      created_at: new Date().toISOString(), sequence: [1, 2, 3], templates: ['a', 'b', 'c'], sample_lines: ['x', 'y', 'z'],
                      acknowledged: false}});
                    if (score >= 7) lw.receive({type: 'incident', data: {event: 'opened', actor: 'logwarden', incident: {
                      id: id, state: 'OPEN', source, severity: 'CRITICAL', alert_count: 1, highest_score: score,
                      first_seen: new Date().toISOString(), last_seen: new Date().toISOString(), templates: ['c']}}});
                    sent++;
                  }
                  if (++ticks === 30) {
                    clearInterval(timer);
                    setTimeout(() => done({
                      sent, seconds: (performance.now() - started) / 1000, renders: lw.state.renders - rendersBefore,
                      sources: lw.sourceOrder.length, slots: lw.ring.filter(c => c).length,
                      pending: lw.inc.pending.size, rows: lw.incidentRows(),
                      heap: performance.memory ? performance.memory.usedJSHeapSize : -1}), 300);
                  }
                }, 100);
                """);
        System.out.println("dashboard under load: " + result);
        double seconds = ((Number) result.get("seconds")).doubleValue();
        assertThat(((Number) result.get("sent")).longValue()).isEqualTo(3000);
        assertThat(((Number) result.get("renders")).longValue()).isLessThanOrEqualTo(Math.round(seconds * 10) + 4);
        assertThat(((Number) result.get("sources")).longValue()).isLessThanOrEqualTo(8);
        assertThat(((Number) result.get("slots")).longValue()).isLessThanOrEqualTo(1200);
        assertThat(((Number) result.get("pending")).longValue()).isLessThanOrEqualTo(500);
        assertThat(((Number) result.get("rows")).longValue()).isLessThanOrEqualTo(500);
        screenshot("08-under-load");
        // 12 busy sources, 8 drawn: the page says how many it leaves out
        waitFor("the note on the sources left out", () -> java.util.regex.Pattern
                .compile("^\\d+ more sources scoring but not drawn: the chart shows 8 at most").matcher(text("chart-note")).find());
        assertNoConsoleErrors();
    }

    @Test
    @Order(9)
    void aQuietSourceLeavesTheChartForANewOne() {
        // as if the 8 drawn sources had stopped a minute ago (a stopped file, a finished upload)
        chromium.js("const lw = window.logwarden; lw.sourceOrder.forEach(s => lw.sourceSeen.set(s, Date.now() - 60000));");
        chromium.js("window.logwarden.receive({type: 'score', data: {score: 2, severity: 'LOW', alert: false, sequence: [1],"
                + " templates: ['a'], source: '/var/log/new-one.log', reason: ''}});");
        @SuppressWarnings("unchecked")
        List<String> drawn = (List<String>) chromium.js("return [...window.logwarden.sourceOrder];");
        assertThat(drawn).hasSize(8).contains("/var/log/new-one.log");
        assertNoConsoleErrors();
    }

    @Test
    @Order(10)
    void anUploadIsListedApartWithTheTimeSpanOfItsOwnLines() throws IOException {
        // three days ago as auth.log writes it: no year, the day padded with a space
        LocalDateTime first = LocalDate.now().minusDays(3).atTime(9, 14, 5);
        LocalDateTime last = first.plusMinutes(6).plusSeconds(36);
        DateTimeFormatter syslog = DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss", Locale.ENGLISH);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String at = syslog.format(first.plusMinutes(i));
            lines.add(at + " web-01 sshd[" + (2000 + i) + "]: Accepted publickey for bob from 10.0.1." + i + " port " + (50000 + i) + " ssh2");
            lines.add(at + " web-01 sshd[" + (2000 + i) + "]: pam_unix(sshd:session): session opened for user bob");
        }
        lines.add(syslog.format(last) + " web-01 sshd[2099]: pam_unix(sshd:session): session closed for user bob");
        Path log = Files.createTempDirectory("logwarden-upload-").resolve("auth.log");
        Files.write(log, lines, StandardCharsets.UTF_8);

        chromium.driver.findElement(By.id("upload-file")).sendKeys(log.toString());
        waitFor("the upload's answer", () -> !text("upload-summary").isBlank() || !text("upload-error").isBlank());
        assertThat(text("upload-error")).isEmpty();
        // read in one go: the card is rebuilt with every status refresh
        String row = "const r = document.querySelector(\"#uploads tr[data-source^='upload:auth.log#']\");"
                + " return r && {source: r.dataset.source, state: r.cells[1].textContent, lines: r.cells[2].textContent,"
                + " first: (r.querySelector('.log-first') || {}).textContent, last: (r.querySelector('.log-last') || {}).textContent};";
        waitFor("the finished upload in the Uploads card", () -> chromium.js(row) instanceof Map<?, ?> shown
                && "finished".equals(shown.get("state")));
        Map<?, ?> shown = (Map<?, ?>) chromium.js(row);
        DateTimeFormatter asShown = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
        assertThat(shown.get("first")).isEqualTo(asShown.format(first));
        assertThat(shown.get("last")).isEqualTo("– " + asShown.format(last));
        assertThat(shown.get("lines")).isEqualTo(String.valueOf(lines.size()));

        // read once, followed by nothing: not a followed file, on the page or in the service
        String source = (String) shown.get("source");
        assertThat(chromium.driver.findElements(By.cssSelector("#files tbody tr"))).isEmpty();
        assertThat(chromium.driver.findElement(By.id("files-empty")).isDisplayed()).isTrue();
        assertThat(tails.followed()).extracting(f -> f.path()).doesNotContain(source);
        screenshot("10-upload");
        assertNoConsoleErrors();
    }

    @Test
    @Order(11)
    void draggingAcrossTheChartZoomsIntoThatTimeAndAsksTheServerForIt() {
        chromium.js("performance.clearResourceTimings(); performance.setResourceTimingBufferSize(1000);");
        WebElement over = chromium.driver.findElement(By.cssSelector("#chart .u-over"));
        chromium.js("arguments[0].scrollIntoView({block: 'center'});", over);
        int width = over.getSize().getWidth();
        int left = (int) Math.round(width * 0.25);
        int dragged = (int) Math.round(width * 0.40);
        long before = ((Number) chromium.js("return Date.now();")).longValue();
        // offsets from the element's centre (Selenium 4)
        new Actions(chromium.driver).moveToElement(over, left - width / 2, 0).clickAndHold()
                .moveByOffset(dragged / 2, 0).moveByOffset(dragged - dragged / 2, 0).release().perform();
        waitFor("a custom range", () -> "custom".equals(chromium.js("return window.logwarden.chart.range;")));

        // the chart showed the last 15 minutes: the range is the dragged part of them
        long from = ((Number) chromium.js("return window.logwarden.chart.from;")).longValue();
        long to = ((Number) chromium.js("return window.logwarden.chart.to;")).longValue();
        long shown = 15 * 60_000L;
        long slack = 10_000;
        assertThat(to - from).as("the dragged span").isBetween(shown * dragged / width - slack, shown * dragged / width + slack);
        assertThat(from).as("where the drag began").isBetween(before - shown + shown * left / width - slack,
                before - shown + shown * left / width + slack);

        // the address and the picker say so
        assertThat(chromium.driver.getCurrentUrl()).contains("chart=custom")
                .contains("chart_from=" + urlEncoded(Instant.ofEpochMilli(from))).contains("chart_to=" + urlEncoded(Instant.ofEpochMilli(to)));
        assertThat(new org.openqa.selenium.support.ui.Select(chromium.driver.findElement(By.id("chart-range")))
                .getFirstSelectedOption().getAttribute("value")).isEqualTo("custom");
        assertThat(chromium.driver.findElement(By.id("chart-custom")).isDisplayed()).isTrue();
        assertThat(((Number) chromium.js("return new Date(document.getElementById('chart-from').value).getTime();")).longValue())
                .as("the picker's From, to the minute").isEqualTo(from / 60_000 * 60_000);

        // and the page fetched the stored scores of that range, bucket-aligned, and shows the answer
        long bucket = ((Number) chromium.js("return window.logwarden.chart.bucketMs;")).longValue();
        Instant alignedFrom = Instant.ofEpochMilli(Math.floorDiv(from, bucket) * bucket);
        waitFor("the stored scores of the range", () -> chromium.js("return window.logwarden.chart.answer"
                + " && window.logwarden.chart.answer.from;") instanceof String answered && Instant.parse(answered).equals(alignedFrom));
        @SuppressWarnings("unchecked")
        List<String> fetched = (List<String>) chromium.js("return performance.getEntriesByType('resource').map(e => e.name)"
                + ".filter(n => n.includes('/api/v1/scores/aggregate?'));");
        assertThat(fetched).anySatisfy(url -> assertThat(url).contains("from=" + urlEncoded(alignedFrom))
                .contains("to=" + urlEncoded(Instant.ofEpochMilli(to))).contains("bucket=" + bucket / 1000));
        assertThat(text("chart-history")).startsWith("Before this page opened");
        screenshot("11-zoomed");
        assertNoConsoleErrors();
    }

    // ---------- helpers ----------

    /** As the page's URLSearchParams writes an instant (JavaScript's toISOString, milliseconds always). */
    private static String urlEncoded(Instant at) {
        return URLEncoder.encode(DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC).format(at),
                StandardCharsets.UTF_8);
    }

    private void appendNormal(int sessions) throws IOException {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < sessions; i++) {
            lines.add("sshd[" + (1000 + i) + "]: Accepted publickey for alice from 10.0.0." + (i % 200) + " port " + (40000 + i));
            lines.add("sshd[" + (1000 + i) + "]: pam_unix(sshd:session): session opened for user alice");
            lines.add("sshd[" + (1000 + i) + "]: pam_unix(sshd:session): session closed for user alice");
        }
        append(lines.toArray(String[]::new));
    }

    private void append(String... lines) throws IOException {
        StringBuilder text = new StringBuilder();
        for (String line : lines) {
            lineCounter++;
            text.append("Nov 27 10:00:00 host ").append(line).append('\n');
        }
        Files.writeString(followed, text, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
    }

    private Alert newestAlert() {
        return alerts.findAll().stream().max(Comparator.comparing(Alert::getId)).orElseThrow();
    }

    private String connectionState() {
        return chromium.connectionState();
    }

    @SuppressWarnings("unchecked")
    private List<String> chartSources() {
        return (List<String>) chromium.js("return [...window.logwarden.sourceOrder];");
    }

    private long scoresOnChart() {
        Object n = chromium.js("return window.logwarden.ring.filter(c => c && c.points.size > 0).length;");
        return ((Number) n).longValue();
    }

    private String text(String id) {
        return chromium.text(id);
    }

    private WebElement waitForElement(By by) {
        return chromium.waitForElement(by);
    }

    private void waitFor(String what, java.util.function.BooleanSupplier condition) {
        chromium.waitFor(what, condition);
    }

    private void assertNoConsoleErrors(String... tolerated) {
        chromium.assertNoConsoleErrors(tolerated);
    }

    private void screenshot(String name) {
        chromium.screenshot(name);
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static Path tempDir(String prefix) {
        try {
            Path dir = Files.createTempDirectory(prefix);
            dir.toFile().deleteOnExit();
            return dir.toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
