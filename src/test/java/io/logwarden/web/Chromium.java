package io.logwarden.web;

import io.logwarden.support.TestCredentials;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A headless Chromium (Debian's chromium + chromedriver) for the dashboard's browser tests: start, log in,
 * wait for the page, screenshots in target/screenshots/, console errors, viewport and colour-scheme
 * emulation, and an axe-core run from the test classpath (the org.webjars.npm:axe-core jar, never a CDN).
 * Without a browser the tests fail under CI=true and are skipped elsewhere. A test class registers one as a
 * static {@code @RegisterExtension} field: the browser starts before its first test and quits after its last.
 */
final class Chromium implements BeforeAllCallback, AfterAllCallback {

    static final Path CHROMIUM = Path.of(System.getProperty("logwarden.test.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("logwarden.test.chromedriver", "/usr/bin/chromedriver"));
    static final Duration WAIT = Duration.ofSeconds(20);
    static final Path SCREENSHOTS = Path.of("target", "screenshots");
    static final String AXE = "META-INF/resources/webjars/axe-core/4.6.3/axe.min.js";

    private final String prefix;
    ChromeDriver driver;
    private Path profile;

    Chromium(String screenshotPrefix) {
        this.prefix = screenshotPrefix;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
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
        profile = Files.createTempDirectory("logwarden-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--hide-scrollbars", "--user-data-dir=" + profile, "--window-size=1280,1000");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        // the driver path is explicit, so Selenium Manager never tries to download a driver or a browser
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        if (driver != null) {
            driver.quit();
        }
        if (profile != null) {
            try (var paths = Files.walk(profile)) {
                paths.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
            }
        }
    }

    /** Opens the dashboard, lands on the login form, logs in as the operator and waits for the page. */
    void logIn(int port, String path) {
        driver.get("http://localhost:" + port + path);
        waitFor("the login form", () -> driver.getCurrentUrl().contains("/login"));
        driver.findElement(By.name("username")).sendKeys(TestCredentials.OPERATOR);
        driver.findElement(By.name("password")).sendKeys(TestCredentials.OPERATOR_PASSWORD);
        driver.findElement(By.cssSelector("form button[type=submit], form input[type=submit]")).click();
        waitFor("the dashboard after the login", () -> !driver.getCurrentUrl().contains("/login")
                && !driver.findElements(By.id("conn-state")).isEmpty());
    }

    String connectionState() {
        return driver.findElement(By.id("conn-state")).getAttribute("data-state");
    }

    String text(String id) {
        return driver.findElement(By.id(id)).getText();
    }

    Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    WebElement waitForElement(By by) {
        return new WebDriverWait(driver, WAIT).withMessage(() -> "waiting for " + by)
                .until(d -> d.findElements(by).stream().findFirst().orElse(null));
    }

    void waitFor(String what, BooleanSupplier condition) {
        try {
            new WebDriverWait(driver, WAIT, Duration.ofMillis(100)).withMessage(() -> "waiting for " + what)
                    .until(d -> condition.getAsBoolean());
        } catch (RuntimeException e) {
            screenshot("failed-" + what.replaceAll("\\W+", "-"));
            throw e;
        }
    }

    void assertNoConsoleErrors(String... tolerated) {
        List<String> severe = new ArrayList<>();
        for (LogEntry entry : driver.manage().logs().get(LogType.BROWSER)) {
            if (entry.getLevel().intValue() >= Level.SEVERE.intValue()
                    && Arrays.stream(tolerated).noneMatch(t -> entry.getMessage().contains(t))) {
                severe.add(entry.getMessage());
            }
        }
        assertThat(severe).as("browser console errors").isEmpty();
    }

    Path screenshot(String name) {
        try {
            File shot = driver.getScreenshotAs(OutputType.FILE);
            Path target = SCREENSHOTS.resolve(prefix + name + ".png");
            Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A phone's viewport (CSS pixels) or, with width 0, the window's own again. */
    void viewport(int width, int height, boolean mobile) {
        if (width == 0) {
            driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
        } else {
            driver.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                    Map.of("width", width, "height", height, "deviceScaleFactor", 2, "mobile", mobile));
        }
    }

    /** prefers-color-scheme as the page sees it. */
    void colorScheme(String scheme) {
        driver.executeCdpCommand("Emulation.setEmulatedMedia",
                Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", scheme))));
    }

    /** Runs axe-core's WCAG 2 A and AA rules on the page; answers the violations as "rule: target" lines. */
    @SuppressWarnings("unchecked")
    List<String> axeViolations() {
        String axe;
        try (InputStream in = Chromium.class.getClassLoader().getResourceAsStream(AXE)) {
            if (in == null) {
                throw new AssertionError(AXE + " is not on the test classpath (org.webjars.npm:axe-core)");
            }
            axe = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        js(axe);
        List<Object> violations = (List<Object>) driver.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa']}, resultTypes: ['violations']})
                  .then(r => done(r.violations.flatMap(v => v.nodes.map(n => v.id + ': ' + n.target.join(' ') + ' ' + n.failureSummary))))
                  .catch(e => done(['axe failed: ' + e]));
                """);
        return violations.stream().map(String::valueOf).toList();
    }
}
