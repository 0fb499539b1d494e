package dev.jwtfilter.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jwtfilter.demo.web.SecurityHeadersFilter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Swagger UI at {@code /docs} in a real browser, as a user meets it: Debian's Chromium, headless, through Debian's
 * chromedriver (skipped, saying so, without them; see {@link DemoPageBrowserTest}). It authorizes with alice's
 * password through the OAuth2 password flow against {@code /auth/login}, tries {@code GET /api/me} and
 * {@code GET /api/admin}, and logs out, all under the demo's Content-Security-Policy, whose every violation the page
 * reports to the test. Screenshots go to {@code target/browser/}.
 */
class ApiDocsBrowserTest {
    private static final Path CHROMIUM = Path.of(System.getProperty("chromium", "/usr/bin/chromium"));
    private static final Path CHROMEDRIVER = Path.of(System.getProperty("chromedriver", "/usr/bin/chromedriver"));
    private static final boolean INSTALLED = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    private static final Path ARTIFACTS = Path.of("target", "browser");
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** Runs before any script of every page: records each CSP violation the page meets. */
    private static final String RECORD_VIOLATIONS = "window.cspViolations = [];"
            + "document.addEventListener('securitypolicyviolation', (e) =>"
            + " window.cspViolations.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + e.sourceFile));";

    private static DemoServer demo;
    private ChromeDriverService service;
    private ChromeDriver browser;
    private WebDriverWait wait;
    private Path profile;

    @BeforeAll
    static void start() throws Exception {
        if (!INSTALLED) {
            return; // each test then reports itself skipped
        }
        System.setProperty("SE_AVOID_STATS", "true");
        demo = new DemoServer(Map.of(
                DemoSettings.DATA, Files.createTempDirectory("jwt-demo-docs").toString()));
        Files.createDirectories(ARTIFACTS);
    }

    @AfterAll
    static void stop() {
        if (demo != null) {
            demo.close();
        }
    }

    @BeforeEach
    void openBrowser() throws Exception {
        assumeTrue(
                INSTALLED,
                "Chromium not installed, browser tests skipped: apt-get install -y chromium chromium-driver");
        profile = Files.createTempDirectory("jwt-demo-docs-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--no-default-browser-check",
                "--disable-extensions",
                "--password-store=basic",
                "--user-data-dir=" + profile,
                "--window-size=1280,1000");
        service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        browser = new ChromeDriver(service, options);
        browser.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", RECORD_VIOLATIONS));
        wait = new WebDriverWait(browser, WAIT);
    }

    @AfterEach
    void closeBrowser() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        if (service != null && service.isRunning()) {
            service.stop();
        }
        if (profile == null) {
            return;
        }
        try (var files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private Object script(String code, Object... args) {
        return ((JavascriptExecutor) browser).executeScript(code, args);
    }

    @SuppressWarnings("unchecked")
    private List<String> cspViolations() {
        return (List<String>) script("return window.cspViolations;");
    }

    /** Opens {@code /docs} (redirected to {@code /docs/}) and waits until Swagger UI has rendered the document. */
    private void openDocs() {
        browser.get("http://localhost:" + demo.base().getPort() + "/docs");
        wait.until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-ready", "true"));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("operations-api-me")));
    }

    /** The auth container of one security scheme in the Authorize dialog. */
    private WebElement scheme(String name) {
        return wait.until(d -> d.findElements(By.cssSelector(".modal-ux .auth-container")).stream()
                .filter(c -> c.findElement(By.tagName("h4")).getText().startsWith(name))
                .findFirst()
                .orElse(null));
    }

    private void authorizeAsAlice() {
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("button.authorize")))
                .click();
        WebElement password = scheme("password");
        password.findElement(By.id("oauth_username")).sendKeys("alice");
        password.findElement(By.id("oauth_password")).sendKeys("alice-demo-pass");
        password.findElement(By.cssSelector("button.authorize")).click();
        wait.until(d -> scheme("password").getText().contains("Authorized"));
    }

    private void closeDialog() {
        browser.findElement(By.cssSelector(".modal-ux button.btn-done")).click();
        wait.until(ExpectedConditions.invisibilityOfElementLocated(By.cssSelector(".modal-ux")));
    }

    /**
     * One answer as Swagger UI shows it after Execute: the status, and the text of its body and response headers
     * (Swagger UI shows a header's values joined by commas without the space after them).
     */
    private record Shown(int status, String text) {}

    private Shown execute(String operation) {
        WebElement block = browser.findElement(By.id(operation));
        if (!block.getDomAttribute("class").contains("is-open")) {
            block.findElement(By.cssSelector(".opblock-summary-control")).click();
        }
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("#" + operation + " button.execute")))
                .click();
        WebElement live = wait.until(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#" + operation + " .live-responses-table .response")));
        String status = live.findElement(By.cssSelector(".response-col_status"))
                .getText()
                .trim();
        String text = live.findElements(By.cssSelector(".response-col_description pre")).stream()
                .map(WebElement::getText)
                .reduce("", (a, b) -> a + "\n" + b);
        return new Shown(Integer.parseInt(status.split("\\s+")[0]), text);
    }

    @Test
    void docsWhenAliceAuthorizesWithThePasswordFlowThenMeAnswers200AndAdmin403WithItsChallenge() throws Exception {
        openDocs();
        authorizeAsAlice();
        closeDialog();

        Shown me = execute("operations-api-me");
        Shown admin = execute("operations-api-admin");

        assertThat(me.status()).isEqualTo(200);
        assertThat(me.text()).contains("\"name\": \"alice\"");
        assertThat(admin.status()).isEqualTo(403);
        assertThat(admin.text())
                .contains("www-authenticate: Bearer realm=\"jwt-demo\",error=\"insufficient_scope\","
                        + "error_description=\"Insufficient role\"");
        script("document.querySelector('#operations-api-admin .live-responses-table').scrollIntoView();");
        Files.write(ARTIFACTS.resolve("docs-admin-403.png"), browser.getScreenshotAs(OutputType.BYTES));
        assertThat(cspViolations()).isEmpty();
    }

    @Test
    void docsWhenLoggedOutThenMeAnswers401WithBothChallenges() {
        openDocs();
        authorizeAsAlice();
        scheme("password")
                .findElement(By.xpath(".//button[normalize-space()='Logout']"))
                .click();
        wait.until(d -> !scheme("password").getText().contains("Authorized"));
        closeDialog();

        Shown me = execute("operations-api-me");

        assertThat(me.status()).isEqualTo(401);
        assertThat(me.text())
                .contains("www-authenticate: Bearer realm=\"jwt-demo\"," + demo.resourceMetadata()
                        + ",DPoP realm=\"jwt-demo\",algs=\"ES256 RS256 PS256\"," + demo.resourceMetadata());
        assertThat(cspViolations()).isEmpty();
    }

    @Test
    void demoPageWhenItsDocsLinkIsFollowedThenSwaggerUiShowsTheDemoApi() {
        browser.get("http://localhost:" + demo.base().getPort() + "/");
        wait.until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-ready", "true"));

        browser.findElement(By.id("docs-link")).click();

        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("operations-api-admin")));
        assertThat(browser.getCurrentUrl()).endsWith("/docs/");
        assertThat(browser.findElement(By.cssSelector(".info .title")).getText())
                .contains("jwt-filter demo API");
        assertThat(cspViolations()).isEmpty();
    }

    @Test
    void docsWhenServedThenItsPolicyAllowsDataImagesOnlyAndNoInlineScript() throws Exception {
        var docs = demo.get("/docs/");
        var page = demo.get("/app/");

        assertThat(docs.statusCode()).isEqualTo(200);
        assertThat(docs.headers().firstValue("Content-Security-Policy"))
                .hasValue(SecurityHeadersFilter.DOCS_CONTENT_SECURITY_POLICY);
        assertThat(SecurityHeadersFilter.DOCS_CONTENT_SECURITY_POLICY)
                .contains("script-src 'self';", "img-src 'self' data:;")
                .doesNotContain("unsafe");
        assertThat(page.headers().firstValue("Content-Security-Policy"))
                .hasValue(SecurityHeadersFilter.CONTENT_SECURITY_POLICY);
        assertThat(docs.body()).doesNotContainPattern("<script(?![^>]*\\ssrc=)");
    }
}
