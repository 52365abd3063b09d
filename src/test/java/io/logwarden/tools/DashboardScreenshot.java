package io.logwarden.tools;

import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Not a test (it asserts nothing): refreshes the README's screenshots, docs/dashboard.png and its
 * -phone (390 x 844) and -dark siblings, from a running service with the demo on. {@code make screenshots} starts such a service on spare ports,
 * runs this tool and stops the service; by hand, against a service already running:
 * <pre>
 * make target/test-classpath.txt &amp;&amp; mvn -q test-compile
 * java -cp "target/classes:target/test-classes:$(cat target/test-classpath.txt)" \
 *      io.logwarden.tools.DashboardScreenshot http://localhost:8000/ docs/dashboard.png 180
 * </pre>
 * Arguments: the dashboard URL, the PNG to write, and how many seconds to wait for the service and
 * its first incident. Waits for the service's readiness, logs in when asked (LOGWARDEN_ADMIN_USER,
 * LOGWARDEN_ADMIN_PASSWORD), waits for an incident row, opens it so the picture shows what an incident
 * explains, and saves the page. Needs chromium and chromedriver
 * ({@code /usr/bin}, or the logwarden.test.chromium / logwarden.test.chromedriver system properties).
 */
public final class DashboardScreenshot {

    static final Path CHROMIUM = Path.of(System.getProperty("logwarden.test.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("logwarden.test.chromedriver", "/usr/bin/chromedriver"));

    private DashboardScreenshot() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: DashboardScreenshot DASHBOARD_URL OUTPUT.png WAIT_SECONDS");
            System.exit(2);
        }
        URI dashboard = URI.create(args[0]);
        Path output = Path.of(args[1]);
        Instant deadline = Instant.now().plusSeconds(Long.parseLong(args[2]));
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            System.err.println("screenshots: chromium and chromedriver are needed at " + CHROMIUM + " and " + CHROMEDRIVER
                    + " (apt-get install -y chromium chromium-driver)");
            System.exit(1);
        }
        awaitReady(dashboard.resolve("/actuator/health/readiness"), deadline);
        Path profile = Files.createTempDirectory("logwarden-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--hide-scrollbars", "--user-data-dir=" + profile, "--window-size=1280,1000");
        ChromeDriver browser = new ChromeDriver(new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build(), options);
        try {
            browser.get(dashboard.toString());
            WebDriverWait wait = new WebDriverWait(browser, Duration.between(Instant.now(), deadline), Duration.ofMillis(500));
            if (browser.getCurrentUrl().contains("/login")) {
                logIn(browser);
            }
            // the first incident: in the list, or (opened after the page loaded) behind the "N new" bar
            WebElement incident = wait.withMessage("an incident on the dashboard").until(page -> {
                WebElement bar = page.findElement(By.id("new-bar"));
                if (bar.isDisplayed()) {
                    bar.click();
                }
                return first(page.findElements(By.cssSelector("#incidents li.incident-row")));
            });
            incident.findElement(By.cssSelector("button.toggle")).click();
            wait.withMessage("the incident's context lines").until(page -> !incident.findElements(By.cssSelector(".context .lines")).isEmpty());
            if (output.toAbsolutePath().getParent() != null) {
                Files.createDirectories(output.toAbsolutePath().getParent());
            }
            // tall enough for the incidents list below the chart
            browser.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                    Map.of("width", 1280, "height", 1500, "deviceScaleFactor", 1, "mobile", false));
            save(browser, output, null);
            // the same page on a phone and in the dark scheme, beside the first picture
            browser.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                    Map.of("width", 390, "height", 844, "deviceScaleFactor", 2, "mobile", true));
            save(browser, sibling(output, "-phone"), "incidents-title");
            browser.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                    Map.of("width", 1280, "height", 1500, "deviceScaleFactor", 1, "mobile", false));
            browser.executeCdpCommand("Emulation.setEmulatedMedia",
                    Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", "dark"))));
            save(browser, sibling(output, "-dark"), null);
        } finally {
            browser.quit();
        }
    }

    /** The form login with LOGWARDEN_ADMIN_USER (default admin) and LOGWARDEN_ADMIN_PASSWORD, as make screenshots sets them. */
    private static void logIn(ChromeDriver browser) {
        String password = System.getenv("LOGWARDEN_ADMIN_PASSWORD");
        if (password == null || password.isBlank()) {
            throw new IllegalStateException("the dashboard asks for a login: set LOGWARDEN_ADMIN_PASSWORD (and LOGWARDEN_ADMIN_USER)");
        }
        String user = System.getenv().getOrDefault("LOGWARDEN_ADMIN_USER", "admin");
        browser.findElement(By.name("username")).sendKeys(user);
        browser.findElement(By.name("password")).sendKeys(password);
        browser.findElement(By.cssSelector("form button[type=submit]")).click();
    }

    /**
     * Reloads under the current emulation (the address keeps the open incident), waits until the page is
     * live, shows the incident's lines and has the stored history and some live scores on the chart, then saves it scrolled to the top, or to
     * the element with this id (the phone shows the incidents, not the tiles).
     */
    private static void save(ChromeDriver browser, Path output, String scrollTo) throws IOException {
        browser.navigate().refresh();
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(120), Duration.ofMillis(500));
        wait.withMessage("the page live with the incident's lines and a chart").until(page -> "live".equals(
                page.findElement(By.id("conn-state")).getAttribute("data-state"))
                && !page.findElements(By.cssSelector(".context .lines")).isEmpty()
                && ((Number) browser.executeScript("return window.logwarden.chart.answer ? window.logwarden.ring.filter(c => c).length : 0"))
                        .intValue() >= 10);
        if (scrollTo == null) {
            browser.executeScript("window.scrollTo(0, 0)"); // clicks scrolled the page
        } else {
            browser.executeScript("document.getElementById(arguments[0]).scrollIntoView()", scrollTo);
        }
        Path shot = browser.getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, output, StandardCopyOption.REPLACE_EXISTING);
        System.out.println("screenshots: wrote " + output + " (" + Files.size(output) + " bytes)");
    }

    /** docs/dashboard.png with "-phone": docs/dashboard-phone.png */
    private static Path sibling(Path output, String suffix) {
        String name = output.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return output.resolveSibling(dot < 0 ? name + suffix : name.substring(0, dot) + suffix + name.substring(dot));
    }

    private static WebElement first(List<WebElement> elements) {
        return elements.isEmpty() ? null : elements.get(0);
    }

    /** Polls the readiness endpoint until it answers 200; the service may still be starting. */
    private static void awaitReady(URI readiness, Instant deadline) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        String last = "no answer";
        while (Instant.now().isBefore(deadline)) {
            try {
                HttpResponse<Void> answer = http.send(HttpRequest.newBuilder(readiness).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (answer.statusCode() == 200) {
                    return;
                }
                last = "HTTP " + answer.statusCode();
            } catch (IOException e) {
                last = e.toString();
            }
            Thread.sleep(1000); // polling a service that is starting: there is no event to wait on
        }
        throw new IllegalStateException("the service at " + readiness + " was not ready in time (" + last + ")");
    }
}
