package io.logwarden.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.logwarden.feedback.Feedback;
import io.logwarden.feedback.FeedbackRepository;
import io.logwarden.scoring.Score;
import io.logwarden.scoring.Severity;
import io.logwarden.support.LogwardenTestContext;
import io.logwarden.support.TestCredentials;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Triage in a real headless Chromium: a burst is one incident row; new incidents wait behind the "N new"
 * bar while the list stays still; one and bulk acknowledgement; the detail with its context lines and the
 * feedback buttons; filters and the time range asked of the server and kept in the address; the honest offline state with "Retry now"; the phone
 * layout; WCAG AA in both colour schemes (axe-core). Alerts enter where the scorer puts them
 * (direct:scores), so storing, grouping and the WebSocket are the service's own. Screenshots of the
 * desktop, phone and dark views land in target/screenshots/ (docs/ has copies for the README).
 */
// its own database: the steps count the rows of the list, which incidents of other classes would change
@TestPropertySource(properties = "spring.datasource.url=jdbc:h2:mem:triage;DB_CLOSE_DELAY=-1")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IncidentTriageBrowserTest extends LogwardenTestContext {

    @Autowired
    ProducerTemplate producer;
    @Autowired
    CamelContext camel;
    @Autowired
    FeedbackRepository feedback;

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @RegisterExtension
    static final Chromium chromium = new Chromium("triage-");
    final String burst = ROOT.resolve("logs").resolve("triage-web.log").toString();
    final String second = ROOT.resolve("logs").resolve("triage-db.log").toString();
    final String third = ROOT.resolve("logs").resolve("triage-queue.log").toString();
    Path contextFile;
    long burstId;
    long secondId;
    long thirdId;
    long contextId;

    @Test
    @Order(1)
    void aBurstOfAlertsIsOneIncidentRow() {
        chromium.logIn(httpPort, "/");
        chromium.waitFor("the connection to be live", () -> "live".equals(chromium.connectionState()));
        for (int i = 1; i <= 6; i++) {
            raise(burst, 100 + i, 8.2, Severity.HIGH, "GET /api/orders timed out after 30000 ms");
        }
        burstId = incidentOf(burst, 6);
        showNew();
        WebElement row = row(burstId);
        assertThat(chromium.driver.findElements(By.cssSelector("#incidents li.incident-row"))).hasSize(1);
        assertThat(row.findElement(By.cssSelector(".count")).getText()).isEqualTo("6 alerts");
        assertThat(row.getText()).contains("HIGH").contains("open").contains("triage-web.log");
        // plain words: the score scale is explained where the score is shown
        assertThat(row.findElement(By.cssSelector(".incident-score")).getAttribute("title")).contains("0-10");
        chromium.assertNoConsoleErrors();
    }

    @Test
    @Order(2)
    void newIncidentsWaitBehindTheBarWhileTheRightRowIsAcknowledged() {
        WebElement row = row(burstId);
        int y = row.getRect().getY();
        raise(second, 10, 8.4, Severity.HIGH, "connection pool exhausted");
        raise(third, 10, 8.1, Severity.HIGH, "consumer lag above limit");
        raise(burst, 107, 8.9, Severity.HIGH, "GET /api/orders timed out after 30000 ms");
        secondId = incidentOf(second, 1);
        thirdId = incidentOf(third, 1);
        chromium.waitFor("the bar to count 2 new incidents", () -> chromium.text("new-bar").startsWith("2 new incidents"));
        // the shown incident changed in place; nothing moved under the pointer
        chromium.waitFor("the burst's count to update in place", () -> row.findElement(By.cssSelector(".count")).getText().equals("7 alerts"));
        assertThat(chromium.driver.findElements(By.cssSelector("#incidents li.incident-row"))).hasSize(1);
        assertThat(row.getRect().getY()).isEqualTo(y);

        row.findElement(By.cssSelector("button.ack")).click();
        chromium.waitFor("the row to show the acknowledgement", () -> "Acknowledged".equals(row.findElement(By.cssSelector("button.ack")).getText()));
        assertThat(incident(burstId).path("state").asText()).isEqualTo("ACKNOWLEDGED");
        assertThat(incident(secondId).path("state").asText()).isEqualTo("OPEN");
        assertThat(incident(thirdId).path("state").asText()).isEqualTo("OPEN");

        showNew();
        assertThat(chromium.driver.findElements(By.cssSelector("#incidents li.incident-row"))).hasSize(3);
        chromium.screenshot("desktop");
    }

    @Test
    @Order(3)
    void bulkAcknowledgeWithAComment() {
        row(secondId).findElement(By.cssSelector("input.select")).click();
        row(thirdId).findElement(By.cssSelector("input.select")).click();
        assertThat(chromium.text("bulk-selected")).isEqualTo("2 selected");
        chromium.driver.findElement(By.id("bulk-comment")).sendKeys("known: nightly batch");
        chromium.driver.findElement(By.id("bulk-ack")).click();
        chromium.waitFor("the bulk result", () -> chromium.text("bulk-result").equals("2 incidents acknowledged."));
        for (long id : List.of(secondId, thirdId)) {
            JsonNode answer = get("/api/v1/incidents/" + id).json();
            assertThat(answer.path("incident").path("state").asText()).isEqualTo("ACKNOWLEDGED");
            assertThat(answer.path("audit").toString()).contains("known: nightly batch");
            chromium.waitFor("row " + id + " acknowledged", () -> "Acknowledged".equals(row(id).findElement(By.cssSelector("button.ack")).getText()));
        }
        assertThat(incident(burstId).path("state").asText()).isEqualTo("ACKNOWLEDGED");
    }

    @Test
    @Order(4)
    void theDetailShowsTheLinesAroundTheAlertAndTakesFeedback() throws IOException {
        contextFile = newLogFile("triage-disk.log");
        List<String> lines = IntStream.rangeClosed(1, 30)
                .mapToObj(i -> "2026-12-03T10:00:" + String.format("%02d", i) + " disk-agent[7]: " + (i == 15
                        ? "quota exceeded on /srv/data for user build (used 104%)"
                        : "checked /srv/data usage " + (60 + i) + "% of quota " + "x".repeat(i == 14 ? 300 : 0)))
                .toList();
        append(contextFile, lines);
        raise(contextFile.toString(), 15, 9.6, Severity.CRITICAL, "a pattern never seen before", lines.subList(11, 15));
        contextId = incidentOf(contextFile.toString(), 1);
        showNew();
        WebElement row = row(contextId);
        row.findElement(By.cssSelector("button.toggle")).click();
        chromium.waitFor("the context lines", () -> !row.findElements(By.cssSelector(".context .line.judged")).isEmpty());
        assertThat(row.findElement(By.cssSelector(".context .line.judged")).getText()).startsWith("15").contains("quota exceeded");
        List<String> numbers = row.findElements(By.cssSelector(".context .lineno")).stream().map(WebElement::getText).toList();
        assertThat(numbers).containsExactly("10", "11", "12", "13", "14", "15", "16", "17", "18", "19", "20");
        assertThat(row.findElement(By.cssSelector(".detail")).getText()).contains("Why: a pattern never seen before");
        assertThat(chromium.driver.getCurrentUrl()).contains("incident=" + contextId);
        // raw log lines keep their words: no break-all on the desktop
        assertThat(chromium.js("return getComputedStyle(document.querySelector('.context .line')).wordBreak")).isNotEqualTo("break-all");

        row.findElement(By.cssSelector("button.feedback-anomaly")).click();
        chromium.waitFor("the feedback confirmation", () -> row.findElement(By.cssSelector(".detail-status")).getText().contains("real anomaly"));
        assertThat(feedback.findByIncidentIdOrderByIdAsc(contextId)).extracting(Feedback::getVerdict).containsExactly("anomaly");
        chromium.assertNoConsoleErrors();
    }

    @Test
    @Order(5)
    void filtersAreAskedOfTheServerAndSurviveAReload() {
        // "/" jumps to the search (typing in a field never triggers a key)
        new Actions(chromium.driver).sendKeys("/").perform();
        assertThat(chromium.js("return document.activeElement.id")).isEqualTo("filter-text");
        new Select(chromium.driver.findElement(By.id("filter-state"))).selectByValue("all");
        new Select(chromium.driver.findElement(By.id("filter-severity"))).selectByValue("CRITICAL");
        WebElement search = chromium.driver.findElement(By.id("filter-text"));
        search.sendKeys("quota exceeded", Keys.ENTER);
        assertThat(search.getAttribute("value")).as("no '/' typed into the field").isEqualTo("quota exceeded");
        chromium.waitFor("only the matching incident", () -> shownIds().equals(List.of(contextId)));
        String url = chromium.driver.getCurrentUrl();
        assertThat(url).contains("state=all").contains("min_severity=CRITICAL").contains("q=quota+exceeded");

        chromium.driver.navigate().refresh();
        chromium.waitFor("the page again", () -> "live".equals(chromium.connectionState()));
        chromium.waitFor("the same list after the reload", () -> shownIds().equals(List.of(contextId)));
        assertThat(chromium.driver.findElement(By.id("filter-severity")).getAttribute("value")).isEqualTo("CRITICAL");
        assertThat(chromium.driver.findElement(By.id("filter-text")).getAttribute("value")).isEqualTo("quota exceeded");
        // "severity at least": HIGH also lists the CRITICAL incident, and the search narrows on the server
        new Select(chromium.driver.findElement(By.id("filter-severity"))).selectByValue("HIGH");
        chromium.waitFor("HIGH and above", () -> shownIds().equals(List.of(contextId)));
        chromium.driver.findElement(By.id("filter-text")).clear();
        chromium.driver.findElement(By.id("filter-text")).sendKeys(Keys.ENTER);
        chromium.waitFor("all four incidents", () -> shownIds().size() == 4);
        assertThat(chromium.driver.getCurrentUrl()).contains("min_severity=HIGH").doesNotContain("q=");

        // the time range is the server's too: an incident from two hours ago leaves the last hour's list
        String old = ROOT.resolve("logs").resolve("triage-old.log").toString();
        producer.sendBody("direct:scores", new Score(8.5, Severity.HIGH, true, List.of(3, 4), Instant.now().minusSeconds(7200), old, old,
                1, 2, List.of("a <*>", "b <*>"), List.of("a 1", "b 2"), "statistical", false, List.of(), "late batch"));
        long oldId = incidentOf(old, 1, "open,acknowledged,snoozed,resolved");
        new Select(chromium.driver.findElement(By.id("filter-range"))).selectByValue("24h");
        chromium.waitFor("five incidents in the last 24 hours", () -> shownIds().size() == 5 && shownIds().contains(oldId));
        new Select(chromium.driver.findElement(By.id("filter-range"))).selectByValue("1h");
        chromium.waitFor("the old incident gone from the last hour", () -> shownIds().size() == 4 && !shownIds().contains(oldId));
        assertThat(chromium.driver.getCurrentUrl()).contains("range=1h");
        new Select(chromium.driver.findElement(By.id("filter-range"))).selectByValue("");
        chromium.waitFor("any time again", () -> shownIds().size() == 5);
    }

    @Test
    @Order(6)
    void offlineGreysTheLiveValuesAndRetryNowReconnects() throws Exception {
        camel.getRouteController().stopRoute("websocket-peers");
        chromium.waitFor("the offline banner", () -> chromium.driver.findElement(By.id("offline-banner")).isDisplayed());
        assertThat((Boolean) chromium.js("return document.body.classList.contains('stale')")).isTrue();
        assertThat(chromium.text("last-update")).matches("\\d\\d:\\d\\d:\\d\\d");
        String live = (String) chromium.js("return getComputedStyle(document.getElementById('stat-processed')).color");
        String muted = (String) chromium.js("const p = document.createElement('span'); p.style.color = 'var(--muted)'; document.body.append(p);"
                + " const c = getComputedStyle(p).color; p.remove(); return c;");
        assertThat(live).isEqualTo(muted);
        chromium.screenshot("offline");
        // wait for a backoff long enough that only the button can explain a quick reconnect
        chromium.waitFor("a retry more than 3 s away", () -> ((Number) chromium.js(
                "return window.logwarden.state.retryTimer ? window.logwarden.state.retryAt - Date.now() : 0")).longValue() > 3000);
        camel.getRouteController().startRoute("websocket-peers");
        double retryAt = ((Number) chromium.js("return window.logwarden.state.retryAt")).doubleValue();
        chromium.driver.findElement(By.id("retry-now")).click();
        chromium.waitFor("live again", () -> "live".equals(chromium.connectionState()));
        double connectedAt = ((Number) chromium.js("return window.logwarden.state.lastUpdateAt")).doubleValue();
        assertThat(connectedAt).as("connected before the scheduled retry").isLessThan(retryAt);
        assertThat(chromium.driver.findElement(By.id("offline-banner")).isDisplayed()).isFalse();
        assertThat((Boolean) chromium.js("return document.body.classList.contains('stale')")).isFalse();
        chromium.assertNoConsoleErrors("WebSocket connection to");
    }

    @Test
    @Order(7)
    void aPhoneShowsThePageWithoutSidewaysScrolling() {
        chromium.viewport(390, 844, true);
        try {
            chromium.driver.navigate().refresh();
            chromium.waitFor("the page on the phone", () -> "live".equals(chromium.connectionState()));
            WebElement row = chromium.waitForElement(By.cssSelector("#incidents li[data-id='" + contextId + "'] .context .line.judged"));
            assertThat(row.isDisplayed()).isTrue();
            assertThat(((Number) chromium.js("return window.innerWidth")).intValue()).isEqualTo(390);
            long scrollWidth = ((Number) chromium.js("return document.documentElement.scrollWidth")).longValue();
            List<String> wide = new ArrayList<>();
            for (Object o : (List<?>) chromium.js("""
                    return [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > innerWidth + 0.5
                      && !e.closest('.table-scroll, .lines, .sr-only, .skip, .visually-hidden-input'))
                      .map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right));""")) {
                wide.add(String.valueOf(o));
            }
            assertThat(wide).as("elements wider than the phone").isEmpty();
            assertThat(scrollWidth).isLessThanOrEqualTo(390);
            chromium.screenshot("phone");
        } finally {
            chromium.viewport(0, 0, false);
        }
    }

    @Test
    @Order(8)
    void bothColourSchemesPassTheWcagAaChecks() {
        for (String scheme : List.of("light", "dark")) {
            chromium.colorScheme(scheme);
            chromium.driver.navigate().refresh();
            chromium.waitFor("the page in " + scheme, () -> "live".equals(chromium.connectionState()));
            chromium.waitForElement(By.cssSelector("#incidents li[data-id='" + contextId + "'] .context .line.judged"));
            // the alert's own window too, so the raw lines and the patterns are checked as well
            chromium.waitForElement(By.cssSelector("#incidents li[data-id='" + contextId + "'] button.window-toggle")).click();
            chromium.waitForElement(By.cssSelector("#incidents li[data-id='" + contextId + "'] .window table"));
            List<String> violations = chromium.axeViolations();
            assertThat(violations).as("axe-core WCAG 2 A/AA violations in the " + scheme + " scheme").isEmpty();
            chromium.screenshot(scheme.equals("dark") ? "dark" : "light");
        }
        chromium.colorScheme("light");
    }

    @Test
    @Order(9)
    void theDashboardsFilesAreCompressedAndRevalidatedNotRefetched() throws Exception {
        for (String file : List.of("/dashboard.js", "/dashboard.css", "/")) {
            HttpResponse<byte[]> answer = HTTP.send(TestCredentials.asViewer(HttpRequest.newBuilder(uri(file)).header("Accept-Encoding", "gzip"))
                    .GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(answer.statusCode()).as(file).isEqualTo(200);
            assertThat(answer.headers().firstValue("Content-Encoding")).as(file).hasValue("gzip");
            try (var in = new GZIPInputStream(new ByteArrayInputStream(answer.body()))) {
                assertThat(in.readAllBytes().length).as(file + " unpacks to more than it sends").isGreaterThan(answer.body().length);
            }
            if (!file.equals("/")) {
                assertThat(answer.headers().allValues("Cache-Control")).as(file).containsExactly("no-cache");
                String modified = answer.headers().firstValue("Last-Modified").orElseThrow();
                HttpResponse<byte[]> again = HTTP.send(TestCredentials.asViewer(HttpRequest.newBuilder(uri(file)).header("If-Modified-Since", modified))
                        .GET().build(), HttpResponse.BodyHandlers.ofByteArray());
                assertThat(again.statusCode()).as(file + " unchanged").isEqualTo(304);
            }
        }
    }

    @Test
    @Order(10)
    void theChartsTimeRangeIsAskedOfTheServerAndKeptInTheAddress() {
        // stored two hours ago (step 5): only the server can put it on the chart, the live scores since this page opened cannot
        String old = ROOT.resolve("logs").resolve("triage-old.log").toString();
        chromium.driver.navigate().refresh();
        chromium.waitFor("the page again", () -> "live".equals(chromium.connectionState()));
        chromium.waitFor("the last 15 minutes from the server", () -> chromium.js("return window.logwarden.chart.answer") != null);
        assertThat((String) chromium.js("return window.logwarden.chart.request")).contains("bucket=3");
        assertThat(chartSources()).doesNotContain(old);

        new Select(chromium.driver.findElement(By.id("chart-range"))).selectByValue("24h");
        chromium.waitFor("the last 24 hours from the server", () -> ((String) chromium.js("return window.logwarden.chart.request")).contains("bucket=288")
                && chromium.js("return window.logwarden.chart.answer.bucket_seconds").equals(288L));
        String request = (String) chromium.js("return window.logwarden.chart.request");
        // the request really left the browser, and the page drew what the server answers for it
        assertThat((Boolean) chromium.js("return performance.getEntriesByType('resource').some(e => e.name.endsWith(arguments[0]))", request)).isTrue();
        JsonNode server = get(request).json();
        List<String> answered = server.path("series").findValuesAsText("source");
        assertThat(answered).contains(old, burst);
        assertThat(chartSources()).contains(old, burst);
        long stored = ((Number) chromium.js("""
                const lw = window.logwarden;
                const cell = lw.ring.find(c => c && c.points.has(arguments[0]));
                return cell ? cell.points.get(arguments[0]).stored : 0;""", old)).longValue();
        assertThat(stored).isEqualTo(1);
        assertThat(chromium.text("chart-history")).contains("stored alerts only");
        assertThat(chromium.driver.getCurrentUrl()).contains("chart=24h");
        chromium.screenshot("chart-24h");

        // a custom range: the one typed in is asked for; the address keeps it through a reload
        new Select(chromium.driver.findElement(By.id("chart-range"))).selectByValue("custom");
        chromium.js("document.getElementById('chart-from').value = arguments[0]; document.getElementById('chart-to').value = arguments[1];",
                "2020-02-01T10:00", "2020-02-01T12:00");
        chromium.driver.findElement(By.id("chart-apply")).click();
        chromium.waitFor("the custom range asked for", () -> ((String) chromium.js("return window.logwarden.chart.request")).contains("bucket=24"));
        assertThat(chartSources()).isEmpty();
        assertThat(chromium.driver.getCurrentUrl()).contains("chart=custom").contains("chart_from=2020-0");
        chromium.driver.navigate().refresh();
        chromium.waitFor("the page again", () -> "live".equals(chromium.connectionState()));
        chromium.waitFor("the custom range again", () -> chromium.js("return window.logwarden.chart.answer") != null);
        assertThat(chromium.driver.findElement(By.id("chart-range")).getAttribute("value")).isEqualTo("custom");
        assertThat((String) chromium.js("return window.logwarden.chart.request")).contains("from=2020-0").contains("bucket=24");
        new Select(chromium.driver.findElement(By.id("chart-range"))).selectByValue("15m");
        chromium.waitFor("back to the last 15 minutes", () -> ((String) chromium.js("return window.logwarden.chart.request")).contains("bucket=3"));
        assertThat(chromium.driver.getCurrentUrl()).doesNotContain("chart=");
        chromium.assertNoConsoleErrors();
    }

    @Test
    @Order(11)
    void aContainerLogShowsItsWorkloadNextToTheSource() {
        String source = "/var/log/containers/web-7d9f8-x2kq_shop_nginx-" + "0123456789abcdef".repeat(4) + ".log";
        raise(source, 40, 8.6, Severity.HIGH, "upstream <b>timed</b> out");
        long id = incidentOf(source, 1);
        showNew();
        WebElement row = row(id);
        WebElement shown = row.findElement(By.cssSelector(".incident-source"));
        assertThat(shown.getText()).isEqualTo("shop/web-7d9f8-x2kq/nginx");
        assertThat(shown.getAttribute("title")).isEqualTo(source);
        row.findElement(By.cssSelector("button.toggle")).click();
        WebElement labels = chromium.waitForElement(By.cssSelector("#incidents li[data-id='" + id + "'] .alert-item .alert-labels"));
        assertThat(labels.getText()).isEqualTo("shop/web-7d9f8-x2kq/nginx");
        assertThat(labels.getAttribute("title")).isEqualTo(source);
        chromium.assertNoConsoleErrors();
    }

    @Test
    @Order(12)
    void olderIncidentsReadOnFromTheLastRowShownWhileNewOnesArrive() {
        String token = "fanstall" + Long.toString(System.nanoTime(), 36).replaceAll("\\d", "q");
        for (int i = 0; i < 52; i++) {
            raise(ROOT.resolve("logs").resolve("older-" + i + ".log").toString(), 10, 8.0, Severity.HIGH, "fan " + token + " stalled");
        }
        chromium.waitFor("52 incidents stored", () -> get("/api/v1/incidents?size=1&q=" + token).json().path("total").asInt() == 52);
        WebElement search = chromium.driver.findElement(By.id("filter-text"));
        search.clear();
        search.sendKeys(token, Keys.ENTER);
        WebElement older = chromium.driver.findElement(By.id("older"));
        java.util.Set<Long> first = new java.util.HashSet<>();
        get("/api/v1/incidents?size=500&q=" + token).json().path("incidents").forEach(i -> first.add(i.path("id").asLong()));
        // (incidents opened in the address by earlier steps stay on the list as well)
        chromium.waitFor("a first page of 50 and the older button",
                () -> shownIds().stream().filter(first::contains).count() == 50 && older.isDisplayed());

        // a storm meanwhile: by page number the next page would start three rows early, repeating them
        for (int i = 0; i < 3; i++) {
            raise(ROOT.resolve("logs").resolve("newer-" + i + ".log").toString(), 10, 8.0, Severity.HIGH, "fan " + token + " stalled");
        }
        chromium.waitFor("55 incidents stored", () -> get("/api/v1/incidents?size=1&q=" + token).json().path("total").asInt() == 55);
        older.click();
        chromium.waitFor("the two older incidents", () -> shownIds().stream().filter(first::contains).count() == 52);
        assertThat(shownIds()).as("rows shown once each").doesNotHaveDuplicates();
        chromium.waitFor("no older button on the last page", () -> !older.isDisplayed());
        chromium.assertNoConsoleErrors();
    }

    @SuppressWarnings("unchecked")
    private List<String> chartSources() {
        return (List<String>) chromium.js("return [...window.logwarden.sourceOrder];");
    }

    // ---------- helpers ----------

    private void raise(String source, long line, double score, Severity severity, String reason) {
        raise(source, line, score, severity, reason, List.of("line " + (line - 1), reason + " at line " + line));
    }

    /** A score that raises an alert, sent where the scorer sends it: storing, grouping and announcing are the service's. */
    private void raise(String source, long line, double score, Severity severity, String reason, List<String> sampleLines) {
        List<Integer> sequence = IntStream.range(0, sampleLines.size()).map(i -> 3 + i).boxed().toList();
        List<String> templates = sampleLines.stream().map(l -> l.replaceAll("\\d+", "<*>")).toList();
        producer.sendBody("direct:scores", new Score(score, severity, true, sequence, Instant.now(), source, source,
                line - sampleLines.size() + 1, line, templates, sampleLines, "statistical", false, List.of(), reason));
    }

    /** The id of the incident of this source, once it holds this many alerts. */
    private long incidentOf(String source, int alerts) {
        return incidentOf(source, alerts, "open,acknowledged");
    }

    private long incidentOf(String source, int alerts, String states) {
        long[] id = {0};
        chromium.waitFor("an incident of " + source + " with " + alerts + " alerts", () -> {
            for (JsonNode i : get("/api/v1/incidents?state=" + states + "&size=50").json().path("incidents")) {
                if (i.path("source").asText().equals(source) && i.path("alert_count").asInt() == alerts) {
                    id[0] = i.path("id").asLong();
                    return true;
                }
            }
            return false;
        });
        return id[0];
    }

    private JsonNode incident(long id) {
        return get("/api/v1/incidents/" + id).json().path("incident");
    }

    private void showNew() {
        chromium.waitFor("the new-incidents bar", () -> chromium.driver.findElement(By.id("new-bar")).isDisplayed());
        chromium.driver.findElement(By.id("new-bar")).click();
        chromium.waitFor("the bar to go", () -> !chromium.driver.findElement(By.id("new-bar")).isDisplayed());
    }

    private WebElement row(long id) {
        return chromium.waitForElement(By.cssSelector("#incidents li[data-id='" + id + "']"));
    }

    private List<Long> shownIds() {
        // read in one script: the list may be rebuilt between two WebDriver calls
        List<?> ids = (List<?>) chromium.js("return [...document.querySelectorAll('#incidents li.incident-row')].map(e => e.dataset.id);");
        return ids.stream().map(id -> Long.parseLong(String.valueOf(id))).toList();
    }
}
