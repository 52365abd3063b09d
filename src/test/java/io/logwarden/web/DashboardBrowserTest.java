package io.logwarden.web;

import io.logwarden.alert.Alert;
import io.logwarden.alert.AlertRepository;
import io.logwarden.support.FreePort;
import io.logwarden.tail.TailManager;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.logging.Level;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The dashboard in a real headless Chromium (Debian's chromium + chromedriver) against the running
 * service. The steps share one browser and one service and run in order, like an operator's session:
 * open, refuse a bad path, follow a file, see scores, see an alert, acknowledge it, lose and regain the
 * WebSocket, stop the file. Screenshots land in target/screenshots/.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardBrowserTest {

    static final Path CHROMIUM = Path.of(System.getProperty("logwarden.test.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("logwarden.test.chromedriver", "/usr/bin/chromedriver"));
    static final Duration WAIT = Duration.ofSeconds(20);
    static final Path SCREENSHOTS = Path.of("target", "screenshots");

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

    WebDriver browser;
    Path browserProfile;
    Path followed;
    int lineCounter;

    @BeforeAll
    void openBrowser() throws IOException {
        boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (!installed) {
            String message = "chromium and chromedriver are needed at " + CHROMIUM + " and " + CHROMEDRIVER
                    + " (apt-get install -y chromium chromium-driver)";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                fail(message);
            }
            assumeTrue(false, "browser tests skipped: " + message);
        }
        Files.createDirectories(SCREENSHOTS);
        browserProfile = Files.createTempDirectory("logwarden-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + browserProfile, "--window-size=1280,1000");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        // the driver path is explicit, so Selenium Manager never tries to download a driver or a browser
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
    }

    @AfterAll
    void closeBrowser() throws IOException {
        if (browser != null) {
            browser.quit();
        }
        if (browserProfile != null) {
            try (var paths = Files.walk(browserProfile)) {
                paths.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    @Test
    @Order(1)
    void pageLoadsLiveWithoutConsoleErrors() {
        // the dashboard needs a login: the browser lands on the login form and comes back after it
        browser.get("http://localhost:" + port + "/");
        waitFor("the login form", () -> browser.getCurrentUrl().endsWith("/login"));
        browser.findElement(By.name("username")).sendKeys(io.logwarden.support.TestCredentials.OPERATOR);
        browser.findElement(By.name("password")).sendKeys(io.logwarden.support.TestCredentials.OPERATOR_PASSWORD);
        browser.findElement(By.cssSelector("form button[type=submit], form input[type=submit]")).click();
        waitFor("the dashboard after the login", () -> !browser.getCurrentUrl().endsWith("/login")
                && !browser.findElements(By.id("conn-state")).isEmpty());
        waitFor("the connection to be live", () -> "live".equals(connectionState()));
        assertThat(browser.getTitle()).isEqualTo("Logwarden");
        assertThat(text("files-empty")).contains("No file is followed");
        screenshot("01-opened");
        // Chromium logs every non-2xx fetch as a console error; GET /api/v1/models answers 404 where the
        // service has no model management, and the page then just shows the scorer. Nothing else is allowed.
        assertNoConsoleErrors("/api/v1/models - Failed to load resource: the server responded with a status of 404");
    }

    @Test
    @Order(2)
    void badPathShowsTheServersMessage() {
        WebElement path = browser.findElement(By.id("start-path"));
        path.clear();
        path.sendKeys("/etc/passwd");
        browser.findElement(By.id("start-submit")).click();
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
        WebElement path = browser.findElement(By.id("start-path"));
        path.clear();
        path.sendKeys(followed.toString());
        browser.findElement(By.id("start-window")).sendKeys("4");
        browser.findElement(By.id("start-submit")).click();
        waitFor("the file row", () -> !browser.findElements(By.cssSelector("#files tr[data-file='" + followed + "']")).isEmpty());
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
    void anomalousLinesRaiseAnAlertThatCanBeAcknowledged() throws IOException {
        long before = alerts.count();
        append("kernel: Out of memory: Killed process 4242 (java) total-vm:4096kB");
        waitFor("an alert stored", () -> alerts.count() > before);
        Alert stored = newestAlert();
        WebElement row = waitForElement(By.cssSelector("#alerts li[data-id='" + stored.getId() + "']"));
        assertThat(row.getText()).contains(stored.getSeverity().name()).contains(String.format("%.2f", stored.getScore()));

        row.findElement(By.cssSelector("button.toggle")).click();
        waitFor("the window details", () -> !row.findElements(By.cssSelector(".window table")).isEmpty());
        assertThat(row.findElement(By.cssSelector(".window")).getText()).contains("Out of memory");
        screenshot("04-alert-expanded");

        WebElement ack = row.findElement(By.cssSelector("button.ack"));
        ack.click();
        waitFor("the row to show the acknowledgement", () -> "Acknowledged".equals(ack.getText()));
        assertThat(alerts.findById(stored.getId())).get().satisfies(a -> {
            assertThat(a.isAcknowledged()).isTrue();
            assertThat(a.getAcknowledgedAt()).isNotNull();
        });
        assertNoConsoleErrors();
    }

    @Test
    @Order(5)
    void afterTheWebSocketServerRestartsThePageShowsTheAlertsItMissed() throws Exception {
        camel.getRouteController().stopRoute("websocket-peers");
        // stopping the consumer route must really close the Vert.x server and its connections
        waitFor("the WebSocket port to close", () -> !listening(WEBSOCKET_PORT));
        // within 8 s, well under the page's 15 s silence limit: the socket was really closed, not just quiet
        long stoppedAt = System.nanoTime();
        waitFor("the page to notice", () -> !"live".equals(connectionState()));
        assertThat(Duration.ofNanos(System.nanoTime() - stoppedAt)).isLessThan(Duration.ofSeconds(8));
        screenshot("05-reconnecting");

        long before = alerts.count();
        append("kernel: EXT4-fs error (device sda1): ext4_find_entry:1455: inode #2: comm ls: reading directory lblock 0");
        waitFor("an alert stored while the page was away", () -> alerts.count() > before);
        Alert missed = newestAlert();
        assertThat(browser.findElements(By.cssSelector("#alerts li[data-id='" + missed.getId() + "']"))).isEmpty();

        camel.getRouteController().startRoute("websocket-peers");
        waitFor("the page to reconnect", () -> "live".equals(connectionState()));
        waitForElement(By.cssSelector("#alerts li[data-id='" + missed.getId() + "']"));
        screenshot("06-reconnected");
        // the page's own errors only: a refused WebSocket connection is logged by Chromium itself
        assertNoConsoleErrors("WebSocket connection to");
    }

    @Test
    @Order(6)
    void stoppingTheFileFromThePage() {
        WebElement stop = waitForElement(By.cssSelector("#files button.stop[data-file='" + followed + "']"));
        stop.click();
        waitFor("the row to disappear", () -> browser.findElements(By.cssSelector("#files tr[data-file='" + followed + "']")).isEmpty());
        assertThat(tails.followed()).isEmpty();
        screenshot("07-stopped");
    }

    @Test
    @Order(7)
    void underLoadItRendersAtMostTenTimesASecondWithBoundedBuffers() {
        // 1,000 score messages a second for 3 s over 12 sources, one in ten an alert, through the
        // page's own message handler; the renders are counted by the page
        @SuppressWarnings("unchecked")
        java.util.Map<String, Object> result = (java.util.Map<String, Object>) ((JavascriptExecutor) browser).executeAsyncScript("""
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
                    sent++;
                  }
                  if (++ticks === 30) {
                    clearInterval(timer);
                    setTimeout(() => done({
                      sent, seconds: (performance.now() - started) / 1000, renders: lw.state.renders - rendersBefore,
                      sources: lw.sourceOrder.length, slots: lw.ring.filter(c => c).length,
                      alerts: lw.state.alerts.size, rows: lw.alertRows(),
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
        assertThat(((Number) result.get("alerts")).longValue()).isLessThanOrEqualTo(1000);
        assertThat(((Number) result.get("rows")).longValue()).isLessThanOrEqualTo(200);
        screenshot("08-under-load");
        assertNoConsoleErrors();
    }

    // ---------- helpers ----------

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
        return browser.findElement(By.id("conn-state")).getAttribute("data-state");
    }

    private long scoresOnChart() {
        Object n = ((JavascriptExecutor) browser).executeScript(
                "return window.logwarden.ring.filter(c => c && c.points.size > 0).length;");
        return ((Number) n).longValue();
    }

    private String text(String id) {
        return browser.findElement(By.id(id)).getText();
    }

    private WebElement waitForElement(By by) {
        return new WebDriverWait(browser, WAIT).withMessage(() -> "waiting for " + by)
                .until(d -> d.findElements(by).stream().findFirst().orElse(null));
    }

    private void waitFor(String what, java.util.function.BooleanSupplier condition) {
        try {
            new WebDriverWait(browser, WAIT, Duration.ofMillis(100)).withMessage(() -> "waiting for " + what)
                    .until(d -> condition.getAsBoolean());
        } catch (RuntimeException e) {
            screenshot("failed-" + what.replaceAll("\\W+", "-"));
            throw e;
        }
    }

    private void assertNoConsoleErrors(String... tolerated) {
        List<String> severe = new ArrayList<>();
        for (LogEntry entry : browser.manage().logs().get(LogType.BROWSER)) {
            if (entry.getLevel().intValue() >= Level.SEVERE.intValue()
                    && java.util.Arrays.stream(tolerated).noneMatch(t -> entry.getMessage().contains(t))) {
                severe.add(entry.getMessage());
            }
        }
        assertThat(severe).as("browser console errors").isEmpty();
    }

    private void screenshot(String name) {
        try {
            File shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE);
            Files.copy(shot.toPath(), SCREENSHOTS.resolve("dashboard-" + name + ".png"), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
