package io.natscap.it;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Headless Debian Chromium driven by Debian's chromium-driver (CHROMIUM and CHROMEDRIVER, which
 * scripts/run-tests.sh sets and installs where missing). Nothing is downloaded: the driver is
 * named, so Selenium Manager does not run, and Chromium's background networking is off.
 */
public final class Browser implements AutoCloseable {

    /** How long a page may take to show what a step waits for (generous: CI machines are slow). */
    public static final Duration LIMIT = Duration.ofSeconds(60);

    private final ChromeDriver driver;
    private final Path profile;
    private final URL base;

    public Browser(URL base) {
        this.base = base;
        File chromium = new File(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));
        File chromedriver = new File(System.getenv().getOrDefault("CHROMEDRIVER", "/usr/bin/chromedriver"));
        if (!chromium.canExecute() || !chromedriver.canExecute()) {
            throw new AssertionError("The console's browser tests need Chromium at " + chromium + " and ChromeDriver at "
                    + chromedriver + ": run scripts/run-tests.sh (it installs Debian's chromium and chromium-driver), "
                    + "or set CHROMIUM and CHROMEDRIVER");
        }
        try {
            profile = Files.createTempDirectory("natscap-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1280,1000", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(chromedriver).usingAnyFreePort()
                .build();
        driver = new ChromeDriver(service, options);
    }

    public WebDriver driver() {
        return driver;
    }

    /** Opens a page of the application, e.g. {@code natscap/#published}. */
    public void open(String pathAndFragment) {
        String root = base.toString().endsWith("/") ? base.toString() : base + "/";
        driver.get(root + pathAndFragment);
    }

    /** Logs in through the console's form as a fresh session. */
    public void logIn(String user, String password) {
        // Leave the console first, for a page that does not poll (cookies are deleted per site): a console
        // page left open would keep polling, and a poll without a session would become the request the
        // container returns to after the login.
        open("natscap/login.html");
        driver.manage().deleteAllCookies();
        open("natscap/");
        WebElement name = waitFor(By.id("j_username"), "the login form");
        name.sendKeys(user);
        driver.findElement(By.id("j_password")).sendKeys(password);
        driver.findElement(By.id("login")).click();
        new WebDriverWait(driver, LIMIT).withMessage(() -> "the console after logging in as " + user + ", but " + whatThePageShows())
                .until(d -> !d.findElements(By.id("view")).isEmpty()
                && (d.findElement(By.id("user")).getText().startsWith(user) || !d.findElements(By.id("failure")).isEmpty()));
    }

    /** For failure messages: the page's address and its text. */
    public String whatThePageShows() {
        return "the page " + driver.getCurrentUrl() + " shows: " + driver.findElement(By.tagName("body")).getText();
    }

    public WebElement waitFor(By what, String description) {
        return new WebDriverWait(driver, LIMIT).withMessage(() -> description + " did not appear; " + whatThePageShows())
                .until(ExpectedConditions.visibilityOfElementLocated(what));
    }

    public void waitForText(By what, String text) {
        new WebDriverWait(driver, LIMIT).withMessage(() -> "'" + text + "' in " + what + "; " + whatThePageShows())
                .until(ExpectedConditions.textToBePresentInElementLocated(what, text));
    }

    /** Clicks, then accepts the confirmation the page asks for. */
    public void clickAndConfirm(By button) {
        driver.findElement(button).click();
        new WebDriverWait(driver, LIMIT).withMessage("the page asked for confirmation").until(ExpectedConditions.alertIsPresent())
                .accept();
    }

    /** Runs a script in the page; the script calls {@code done(result)} when it has finished. */
    public Object runAsync(String script, Object... arguments) {
        driver.manage().timeouts().scriptTimeout(LIMIT);
        return ((JavascriptExecutor) driver).executeAsyncScript(
                "const done = arguments[arguments.length - 1];\n" + script, arguments);
    }

    public Object run(String script, Object... arguments) {
        return ((JavascriptExecutor) driver).executeScript(script, arguments);
    }

    /** Saves what the browser shows to the screenshots folder (target/screenshots), for a person to look at. */
    public Path screenshot(String name) {
        try {
            Path folder = Path.of(System.getProperty("natscap.it.screenshots", "target/screenshots"));
            Files.createDirectories(folder);
            Path file = folder.resolve(name + ".png");
            Files.copy(((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath(), file,
                    StandardCopyOption.REPLACE_EXISTING);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // the profile lies under target/tmp, which mvn clean removes
            }
        }
    }
}
