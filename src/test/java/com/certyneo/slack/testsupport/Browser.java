package com.certyneo.slack.testsupport;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.stream.Stream;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.SearchContext;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real headless Chromium for browser tests: Debian's {@code /usr/bin/chromium} driven by its
 * {@code /usr/bin/chromedriver} (paths overridable with the CHROMIUM and CHROMEDRIVER environment variables). Both
 * are given explicitly, so Selenium Manager never downloads a browser or a driver. Each instance has a fresh profile
 * in a temporary directory, deleted on {@link #close()}, and no background networking (the machine's network is
 * closed; Chromium's own calls home would only slow it down).
 * <p>
 * Without Chromium the calling test is skipped with an assumption naming the packages to install, except in CI
 * ({@code CI=true}), where it fails: browser tests never silently disappear from the build.
 * <p>
 * Screenshots go to {@code target/browser/<name>.png} ({@link #screenshot(String)}), or anywhere
 * ({@link #screenshot(Path)}).
 */
public final class Browser implements AutoCloseable {

    public static final Path CHROMIUM = Path.of(envOr("CHROMIUM", "/usr/bin/chromium"));
    public static final Path CHROMEDRIVER = Path.of(envOr("CHROMEDRIVER", "/usr/bin/chromedriver"));
    /** Where {@link #screenshot(String)} writes. */
    public static final Path SCREENSHOTS = Path.of("target", "browser");
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final ChromeDriver driver;
    private final Path profile;

    private Browser(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
    }

    /** Starts Chromium (1280×900 viewport unless {@link #resize}d); skips, or in CI fails, when it is not installed. */
    public static Browser start() {
        requireChromium();
        Path profile;
        try {
            profile = Files.createTempDirectory("chromium-profile");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic",
                "--disable-dev-shm-usage", "--window-size=1280,900", "--lang=en-US",
                "--user-data-dir=" + profile.toAbsolutePath());
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        return new Browser(driver, profile);
    }

    /**
     * Assumption (developer machine) or failure (CI=true) when Chromium or its driver is missing; the message says
     * what to install.
     */
    public static void requireChromium() {
        boolean present = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        String message = "browser tests need Chromium and its driver: " + CHROMIUM + " and " + CHROMEDRIVER
                + " (Debian: apt-get install chromium chromium-driver; .ci/run installs them)";
        if (!present && "true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(message);
        }
        assumeTrue(present, message);
    }

    public WebDriver driver() {
        return driver;
    }

    public void open(String url) {
        driver.get(url);
    }

    public String currentUrl() {
        return driver.getCurrentUrl();
    }

    public void resize(int width, int height) {
        driver.manage().window().setSize(new org.openqa.selenium.Dimension(width, height));
    }

    /** The shadow root of the first element matching {@code hostSelector} (CSS), once it is there. */
    public SearchContext shadowRoot(String hostSelector) {
        return await(d -> d.findElement(By.cssSelector(hostSelector)).getShadowRoot());
    }

    /** The first element matching {@code css} inside {@code root}, waiting for it. */
    public WebElement find(SearchContext root, String css) {
        return await(d -> {
            List<WebElement> found = root.findElements(By.cssSelector(css));
            return found.isEmpty() ? null : found.get(0);
        });
    }

    /** Waits up to 10 s for {@code condition} to return a value other than null or false. */
    public <T> T await(Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, WAIT).ignoring(org.openqa.selenium.NoSuchElementException.class)
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(condition::apply);
    }

    public Object script(String javascript, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(javascript, args);
    }

    /** Runs asynchronous JavaScript: the last argument given to it is the callback to call with the result. */
    public Object asyncScript(String javascript, Object... args) {
        return ((JavascriptExecutor) driver).executeAsyncScript(javascript, args);
    }

    /** Keys sent to whatever has the focus, as a keyboard-only user would type them. */
    public void press(CharSequence... keys) {
        new Actions(driver).sendKeys(keys).perform();
    }

    /** Ctrl+A in the focused field. */
    public void selectAll() {
        new Actions(driver).keyDown(Keys.CONTROL).sendKeys("a").keyUp(Keys.CONTROL).perform();
    }

    public void tab() {
        press(Keys.TAB);
    }

    /**
     * The element that has the focus, looking through shadow roots (document.activeElement stops at the host of a
     * web component).
     */
    public WebElement focused() {
        return (WebElement) script("let a = document.activeElement;"
                + "while (a && a.shadowRoot && a.shadowRoot.activeElement) { a = a.shadowRoot.activeElement; }"
                + "return a;");
    }

    /** A short description of the focused element (tag, id, role, label), for assertions and failure messages. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> focusedDescription() {
        return (Map<String, Object>) script("const a = arguments[0]; if (!a) return {};"
                + "const labels = a.labels ? Array.from(a.labels).map(l => l.textContent.trim()).join(' ') : '';"
                + "return {tag: a.tagName.toLowerCase(), id: a.id || '', role: a.getAttribute('role') || '',"
                + " type: a.getAttribute('type') || '',"
                + " label: a.getAttribute('aria-label') || labels || a.textContent.trim().slice(0, 80)};", focused());
    }

    /** A PNG of the viewport under target/browser/{name}.png. */
    public Path screenshot(String name) {
        return screenshot(SCREENSHOTS.resolve(name + ".png"));
    }

    public Path screenshot(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A PNG of one element only (e.g. a web component), clipped to its box. */
    public Path screenshot(WebElement element, Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.write(file, element.getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Messages the page wrote to the console at level SEVERE or above (uncaught errors included). */
    public List<String> consoleErrors() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(e -> e.getMessage()).toList();
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            deleteQuietly(profile);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover temporary profile is harmless
        }
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
