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

/**
 * Not a test (it asserts nothing): refreshes the README's screenshot, docs/dashboard.png, from a
 * running service with the demo on. {@code make screenshots} starts such a service on spare ports,
 * runs this tool and stops the service; by hand, against a service already running:
 * <pre>
 * make target/test-classpath.txt &amp;&amp; mvn -q test-compile
 * java -cp "target/classes:target/test-classes:$(cat target/test-classpath.txt)" \
 *      io.logwarden.tools.DashboardScreenshot http://localhost:8000/ docs/dashboard.png 180
 * </pre>
 * Arguments: the dashboard URL, the PNG to write, and how many seconds to wait for the service and
 * its first alert. Waits for the service's readiness, then for an alert row, opens the alert so the
 * picture shows what an alert explains, and saves the page. Needs chromium and chromedriver
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
            WebElement alert = wait.withMessage("an alert on the dashboard")
                    .until(page -> first(page.findElements(By.cssSelector("#alerts li"))));
            alert.findElement(By.cssSelector("button.toggle")).click();
            wait.withMessage("the alert's window details").until(page -> !alert.findElements(By.cssSelector(".window table")).isEmpty());
            browser.executeScript("window.scrollTo(0, 0)"); // the click scrolled the alert into view
            Path shot = browser.getScreenshotAs(OutputType.FILE).toPath();
            if (output.toAbsolutePath().getParent() != null) {
                Files.createDirectories(output.toAbsolutePath().getParent());
            }
            Files.copy(shot, output, StandardCopyOption.REPLACE_EXISTING);
            System.out.println("screenshots: wrote " + output + " (" + Files.size(output) + " bytes)");
        } finally {
            browser.quit();
        }
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
