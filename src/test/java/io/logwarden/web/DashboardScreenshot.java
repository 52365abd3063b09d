package io.logwarden.web;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Not a test: refreshes docs/dashboard.png, the README's screenshot, from a running service with the
 * demo on. Run it by hand, e.g.
 * {@code mvn -o test -Dtest=DashboardScreenshot -Ddashboard.url=http://localhost:8000/ -Ddashboard.wait=60}.
 */
class DashboardScreenshot {

    @Test
    @EnabledIfSystemProperty(named = "dashboard.url", matches = ".+")
    void saveReadmeScreenshot() throws Exception {
        Path profile = Files.createTempDirectory("logwarden-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(DashboardBrowserTest.CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--hide-scrollbars", "--user-data-dir=" + profile, "--window-size=1280,1000");
        WebDriver browser = new ChromeDriver(new ChromeDriverService.Builder()
                .usingDriverExecutable(DashboardBrowserTest.CHROMEDRIVER.toFile()).usingAnyFreePort().build(), options);
        try {
            browser.get(System.getProperty("dashboard.url"));
            Thread.sleep(Long.getLong("dashboard.wait", 60) * 1000);
            // one alert opened, so the screenshot shows what an alert explains
            browser.findElements(By.cssSelector("#alerts li button.toggle")).stream().findFirst().ifPresent(b -> b.click());
            Thread.sleep(500);
            Path shot = ((ChromeDriver) browser).getScreenshotAs(OutputType.FILE).toPath();
            Files.createDirectories(Path.of("docs"));
            Files.copy(shot, Path.of("docs", "dashboard.png"), StandardCopyOption.REPLACE_EXISTING);
        } finally {
            browser.quit();
        }
    }
}
