package dev.jwtfilter.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
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
import org.openqa.selenium.Cookie;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The demo page in a real browser: Debian's Chromium, headless, driven by Selenium through Debian's
 * chromedriver against the demo on a loopback port. Without {@code /usr/bin/chromium} and
 * {@code /usr/bin/chromedriver} (or the files the system properties {@code chromium} and {@code chromedriver}
 * name) every test is skipped, saying so. Screenshots go to {@code target/browser/}.
 */
class DemoPageBrowserTest {
    private static final Path CHROMIUM = Path.of(System.getProperty("chromium", "/usr/bin/chromium"));
    private static final Path CHROMEDRIVER = Path.of(System.getProperty("chromedriver", "/usr/bin/chromedriver"));
    private static final boolean INSTALLED = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    private static final Path ARTIFACTS = Path.of("target", "browser");
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** Stamps the demo's logins: now, except where a test makes a login look older. */
    private static final LoginClock LOGINS = new LoginClock();

    private static DemoServer demo;
    private ChromeDriverService service;
    private ChromeDriver browser;
    private WebDriverWait wait;
    private Path profile;

    @BeforeAll
    static void start() throws Exception {
        if (!INSTALLED) {
            return; // each test then reports itself skipped (an assumption here would report no tests at all)
        }
        System.setProperty("SE_AVOID_STATS", "true");
        demo = new DemoServer(
                Map.of(
                        DemoSettings.DATA,
                        Files.createTempDirectory("jwt-demo-browser").toString()),
                Map.of(DemoBootstrap.LOGIN_CLOCK_ATTRIBUTE, LOGINS));
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
        profile = Files.createTempDirectory("jwt-demo-chromium");
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
                "--window-size=1280,800");
        // The driver is given explicitly, so Selenium Manager never looks for (or downloads) one. One service per
        // browser: quitting a ChromeDriver stops its service.
        service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        browser = new ChromeDriver(service, options);
        wait = new WebDriverWait(browser, WAIT);
        // localhost, not 127.0.0.1: Chromium treats it as a secure context, as it will for users.
        open(demo);
    }

    private void open(DemoServer server) {
        browser.get(origin(server) + "/");
        wait.until(ExpectedConditions.attributeToBe(By.tagName("body"), "data-ready", "true"));
    }

    /** The origin the browser uses: localhost, a secure context even over http. */
    private static String origin(DemoServer server) {
        return "http://localhost:" + server.base().getPort();
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

    /** One entry of the page's answer list. */
    private record Answer(int seq, String request, int status, String wwwAuthenticate, String body) {}

    private Object script(String code, Object... args) {
        return ((JavascriptExecutor) browser).executeScript(code, args);
    }

    private int lastSeq() {
        return ((Number) script("const r = document.querySelector('#results .result');"
                        + "return r ? Number(r.dataset.seq) : 0;"))
                .intValue();
    }

    /** @return the answers after {@code seq}, oldest first */
    @SuppressWarnings("unchecked")
    private List<Answer> answersAfter(int seq) {
        List<Map<String, Object>> rows = (List<Map<String, Object>>) script(
                "return [...document.querySelectorAll('#results .result')].reverse()"
                        + ".filter(r => Number(r.dataset.seq) > arguments[0]).map(r => ({seq: Number(r.dataset.seq),"
                        + " request: r.dataset.request, status: Number(r.dataset.status),"
                        + " www: r.querySelector('.www-authenticate').textContent, body: r.querySelector('.body').textContent}));",
                seq);
        return rows.stream()
                .map(r -> new Answer(
                        ((Number) r.get("seq")).intValue(),
                        (String) r.get("request"),
                        ((Number) r.get("status")).intValue(),
                        (String) r.get("www"),
                        (String) r.get("body")))
                .toList();
    }

    /** Clicks a button once it is enabled and waits for the answer to {@code request} that follows. */
    private Answer click(String buttonId, String request) {
        int before = lastSeq();
        wait.until(ExpectedConditions.elementToBeClickable(By.id(buttonId))).click();
        return wait.until(d -> answersAfter(before).stream()
                .filter(a -> a.request().equals(request))
                .reduce((a, b) -> b)
                .filter(a -> !isBusy())
                .orElse(null));
    }

    private boolean isBusy() {
        return browser.findElement(By.tagName("body")).getDomAttribute("aria-busy") != null;
    }

    private void signIn(String user) {
        WebElement name = browser.findElement(By.id("username"));
        name.clear();
        name.sendKeys(user);
        browser.findElement(By.id("password")).sendKeys(user + "-demo-pass");
        int before = lastSeq();
        browser.findElement(By.id("login-button")).click();
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("session-card")));
        wait.until(d -> !isBusy() && lastSeq() > before);
    }

    private String claim(String name) {
        return browser.findElement(By.cssSelector("#token-claims tr[data-claim='" + name + "'] td"))
                .getText();
    }

    private List<String> roles() {
        return browser.findElements(By.cssSelector("#token-roles .role")).stream()
                .map(WebElement::getText)
                .toList();
    }

    /** Sets the page's viewport exactly (the window's size includes the browser's own frame). */
    private void viewport(int width, int height, boolean phone) {
        browser.executeCdpCommand(
                "Emulation.setDeviceMetricsOverride",
                Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", phone));
        wait.until(d -> ((Number) script("return window.innerWidth;")).intValue() == width);
    }

    private void screenshot(String name) throws Exception {
        script("window.scrollTo(0, 0);");
        Files.write(ARTIFACTS.resolve(name), browser.getScreenshotAs(OutputType.BYTES));
    }

    private void assertNoHorizontalScrolling() {
        assertThat((Boolean) script("return document.documentElement.scrollWidth <= window.innerWidth;"))
                .isTrue();
    }

    @Test
    void loginWhenAliceThenClaimsShownAndAdminButtonAnswers403() throws Exception {
        signIn("alice");

        assertThat(browser.findElement(By.id("who")).getText()).isEqualTo("alice");
        assertThat(claim("sub")).isEqualTo("alice");
        assertThat(claim("upn")).isEqualTo("alice");
        assertThat(claim("groups")).isEqualTo("[\"user\"]");
        assertThat(roles()).containsExactly("user");
        assertThat(browser.findElement(By.id("token-header")).getText())
                .contains("\"typ\": \"at+jwt\"", "\"alg\": \"RS256\"");
        assertThat(browser.findElement(By.cssSelector("#token-card .warning")).getText())
                .contains("not verified");
        assertThat(browser.findElement(By.id("countdown")).getText()).matches("1[45]:\\d\\d");
        assertThat(click("call-health", "GET /api/health").status()).isEqualTo(200);
        assertThat(click("call-me", "GET /api/me").status()).isEqualTo(200);
        Answer admin = click("call-admin", "GET /api/admin");
        assertThat(admin.status()).isEqualTo(403);
        assertThat(admin.wwwAuthenticate()).contains("error=\"insufficient_scope\"");
        assertThat(admin.body()).contains("insufficient_scope");
        viewport(1280, 800, false);
        screenshot("logged-in.png");
        assertNoHorizontalScrolling();
        viewport(375, 800, true);
        screenshot("logged-in-narrow.png");
        assertNoHorizontalScrolling();
    }

    @Test
    void loginWhenAdminThenAdminButtonAnswers200() {
        signIn("admin");

        assertThat(roles()).containsExactlyInAnyOrder("user", "admin");
        Answer admin = click("call-admin", "GET /api/admin");
        assertThat(admin.status()).isEqualTo(200);
        assertThat(admin.body()).contains("Welcome, admin");
    }

    @Test
    void refreshWhenClickedThenNewTokenShownAndCountdownFollowsIt() {
        signIn("alice");
        String jti = claim("jti");

        Answer refreshed = click("refresh-button", "POST /auth/refresh");

        assertThat(refreshed.status()).isEqualTo(200);
        assertThat(refreshed.body()).contains("access_token").doesNotContain("refresh_token");
        wait.until(d -> !claim("jti").equals(jti));
        String exp = browser.findElement(By.id("countdown")).getDomAttribute("data-exp");
        assertThat(claim("exp")).startsWith(exp + " ");
        assertThat(browser.findElement(By.id("countdown")).getText()).matches("1[45]:\\d\\d");
    }

    @Test
    void logoutWhenClickedThenSignedOutAndApiButtonAnswers401() {
        signIn("alice");

        Answer logout = click("logout-button", "POST /auth/logout");

        assertThat(logout.status()).isEqualTo(204);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("login-form")));
        assertThat(browser.findElement(By.id("no-token")).isDisplayed()).isTrue();
        Answer me = click("call-me", "GET /api/me");
        assertThat(me.status()).isEqualTo(401);
        // The demo runs dpop-allowed: both schemes are offered (fetch joins the two WWW-Authenticate headers).
        assertThat(me.wwwAuthenticate())
                .isEqualTo("Bearer realm=\"jwt-demo\", " + demo.resourceMetadata()
                        + ", DPoP realm=\"jwt-demo\", algs=\"ES256 RS256 PS256\", " + demo.resourceMetadata());
        assertThat((String) script("return document.cookie;")).doesNotContain("jwt-demo-csrf");
    }

    @Test
    void tokensWhenSignedInThenRefreshCookieHttpOnlyAndAccessTokenNowhereButMemory() {
        signIn("alice");
        String accessToken = browser.findElement(By.id("token-raw")).getDomProperty("textContent");

        assertThat((String) script("return document.cookie;"))
                .contains("jwt-demo-csrf=")
                .doesNotContain("jwt-demo-refresh", accessToken);
        assertThat(((Number) script("return localStorage.length + sessionStorage.length;")).intValue())
                .isZero();
        // On a page under /auth the cookie's path matches too, and still the script cannot read it.
        browser.get("http://localhost:" + demo.base().getPort() + "/auth/login");
        Cookie refresh = browser.manage().getCookieNamed("jwt-demo-refresh");
        assertThat(refresh).isNotNull();
        assertThat(refresh.isHttpOnly()).isTrue();
        assertThat(refresh.getSameSite()).isEqualTo("Strict");
        assertThat(refresh.getPath()).isEqualTo("/auth");
        assertThat((String) script("return document.cookie;"))
                .contains("jwt-demo-csrf=")
                .doesNotContain("jwt-demo-refresh");
    }

    @Test
    void reloadWhenSignedInThenAccessTokenForgottenAndRenewedFromTheRefreshCookie() {
        signIn("alice");
        String jti = claim("jti");

        browser.navigate().refresh();

        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("session-card")));
        wait.until(d -> !isBusy());
        assertThat(answersAfter(0))
                .extracting(Answer::request, Answer::status)
                .containsExactly(tuple("POST /auth/refresh", 200));
        assertThat(claim("jti")).isNotEqualTo(jti);
        assertThat(claim("sub")).isEqualTo("alice");
    }

    @Test
    void expiredTokenWhenShownThen401ThenAutomaticRefreshThen200() {
        signIn("alice");
        int before = lastSeq();

        wait.until(ExpectedConditions.elementToBeClickable(By.id("expired-button")))
                .click();
        wait.until(d -> !isBusy() && answersAfter(before).size() >= 4);

        List<Answer> steps = answersAfter(before);
        assertThat(steps)
                .extracting(Answer::request)
                .containsExactly("POST /demo/expired-token", "GET /api/me", "POST /auth/refresh", "GET /api/me");
        assertThat(steps).extracting(Answer::status).containsExactly(200, 401, 200, 200);
        assertThat(steps.get(1).wwwAuthenticate())
                .contains("error=\"invalid_token\"", "error_description=\"Token has expired\"");
        assertThat(browser.findElement(By.id("countdown")).getText()).matches("1[45]:\\d\\d");
    }

    @Test
    void loginWhenOnlyKeysUsedThenSignedInAndFocusMovesToTheSession() {
        assertThat(browser.switchTo().activeElement().getDomAttribute("id"))
                .as("autofocus")
                .isEqualTo("username");

        browser.switchTo().activeElement().sendKeys("admin", Keys.TAB);
        assertThat(browser.switchTo().activeElement().getDomAttribute("id")).isEqualTo("password");
        browser.switchTo().activeElement().sendKeys("admin-demo-pass", Keys.ENTER);

        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("session-card")));
        wait.until(
                d -> "session-title".equals(browser.switchTo().activeElement().getDomAttribute("id")));
        browser.switchTo().activeElement().sendKeys(Keys.TAB);
        assertThat(browser.switchTo().activeElement().getDomAttribute("id")).isEqualTo("refresh-button");
    }

    // ---- Step-up (RFC 9470): a resource that needs a recent sign-in -------------------------------------------

    @Test
    void adminKeysWhenSignInIsOlderThan5MinutesThenThePageAsksForThePasswordSignsInAgainAndTheCallAnswers200()
            throws Exception {
        LOGINS.loginsHappen(Duration.ofMinutes(10));
        try {
            signIn("admin");
        } finally {
            LOGINS.loginsHappen(Duration.ZERO);
        }
        long oldAuthTime = Long.parseLong(claim("auth_time").split(" ")[0]);
        assertThat(claim("acr")).isEqualTo("urn:jwt-demo:acr:password");

        Answer refused = click("call-admin-keys", "GET /api/admin/keys");

        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.wwwAuthenticate()).contains("error=\"insufficient_user_authentication\"", "max_age=\"300\"");
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("step-up-form")));
        assertThat(text("step-up-user")).isEqualTo("admin");
        assertThat(text("step-up-why")).contains("max_age=300");
        assertThat(browser.switchTo().activeElement().getDomAttribute("id")).isEqualTo("step-up-password");
        int seq = lastSeq();

        browser.switchTo().activeElement().sendKeys("admin-demo-pass", Keys.ENTER);

        wait.until(d -> !isBusy() && answersAfter(seq).size() >= 2);
        List<Answer> steps = answersAfter(seq);
        assertThat(steps)
                .extracting(Answer::request, Answer::status)
                .containsExactly(tuple("POST /auth/login", 200), tuple("GET /api/admin/keys", 200));
        assertThat(steps.get(1).body()).contains("\"kid\"", "\"alg\": \"RS256\"");
        assertThat(browser.findElement(By.id("step-up-form")).isDisplayed()).isFalse();
        assertThat(Long.parseLong(claim("auth_time").split(" ")[0])).isGreaterThan(oldAuthTime + 9 * 60);
        assertThat(text("token-type")).isEqualTo("DPoP");
        assertThat(claim("cnf")).contains(text("dpop-thumbprint"));
        screenshot("step-up.png");
    }

    @Test
    void adminKeysWhenSignInIsRecentThen200AndNoPasswordAsked() {
        signIn("admin");

        Answer keys = click("call-admin-keys", "GET /api/admin/keys");

        assertThat(keys.status()).isEqualTo(200);
        assertThat(browser.findElement(By.id("step-up-form")).isDisplayed()).isFalse();
    }

    // ---- DPoP (RFC 9449): the page's key, its proofs, and what a copied token or proof is worth ----------------

    private String text(String id) {
        return browser.findElement(By.id(id)).getDomProperty("textContent");
    }

    /** @return the claims of the page's latest proof, as the page shows them decoded */
    private Map<String, Object> shownProofClaims() throws Exception {
        return SignedJWT.parse(text("proof-raw")).getJWTClaimsSet().toJSONObject();
    }

    private static String ath(String token) throws Exception {
        return Base64URL.encode(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII)))
                .toString();
    }

    /** A GET to the demo from outside the browser, at the origin the page uses, with the given headers. */
    private static HttpResponse<String> getFromOutside(String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(origin(demo) + path));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void loginWhenBrowserHasWebCryptoThenTokenIsDPoPBoundToThePagesKeyAndApiAnswers200() throws Exception {
        signIn("alice");

        assertThat(text("token-type")).isEqualTo("DPoP");
        String token = text("token-raw");
        SignedJWT loginProof = SignedJWT.parse(text("proof-raw"));
        assertThat(loginProof.getHeader().getType().toString()).isEqualTo("dpop+jwt");
        assertThat(loginProof.getHeader().getAlgorithm().getName()).isEqualTo("ES256");
        JWK proofKey = loginProof.getHeader().getJWK();
        assertThat(proofKey.isPrivate()).isFalse();
        assertThat(proofKey.toJSONObject()).containsOnlyKeys("kty", "crv", "x", "y");
        assertThat(loginProof.getJWTClaimsSet().getStringClaim("htm")).isEqualTo("POST");
        assertThat(loginProof.getJWTClaimsSet().getStringClaim("htu")).isEqualTo(origin(demo) + "/auth/login");
        assertThat(loginProof.getJWTClaimsSet().getClaim("ath")).isNull();
        String jkt = proofKey.computeThumbprint().toString();
        Map<String, Object> cnf = JSONObjectUtils.getJSONObject(
                SignedJWT.parse(token).getJWTClaimsSet().toJSONObject(), "cnf");
        assertThat(cnf).containsEntry("jkt", jkt);
        assertThat(claim("cnf")).contains(jkt);
        assertThat(text("dpop-thumbprint")).isEqualTo(jkt);
        assertThat(text("jkt-match")).contains("equal to the access token's cnf.jkt");

        Answer me = click("call-me", "GET /api/me");

        assertThat(me.status()).isEqualTo(200);
        assertThat(me.body()).contains("\"name\"", "alice");
        Map<String, Object> apiProof = shownProofClaims();
        assertThat(apiProof)
                .containsEntry("htm", "GET")
                .containsEntry("htu", origin(demo) + "/api/me")
                .containsEntry("ath", ath(token));
        assertThat(apiProof.get("jti"))
                .isNotEqualTo(loginProof.getJWTClaimsSet().getJWTID());
        assertThat(SignedJWT.parse(text("proof-raw")).getHeader().getJWK()).isEqualTo(proofKey);
        assertThat(browser.findElement(By.id("proof-header")).getText()).contains("\"typ\": \"dpop+jwt\"");
        assertThat(browser.findElement(By.cssSelector("#proof-claims tr[data-claim='ath'] td"))
                        .getText())
                .isEqualTo(ath(token));
        assertThat(click("call-admin", "GET /api/admin").status()).isEqualTo(403);
    }

    @Test
    void tokenWhenCopiedOutOfThePageAndSentAsBearerThen401BoundToADPoPKey() throws Exception {
        signIn("alice");
        assertThat(click("call-me", "GET /api/me").status()).isEqualTo(200);
        String token = text("token-raw");

        HttpResponse<String> copied = getFromOutside("/api/me", "Authorization", "Bearer " + token);

        assertThat(copied.statusCode()).isEqualTo(401);
        assertThat(copied.headers().allValues("WWW-Authenticate"))
                .contains("Bearer realm=\"jwt-demo\", " + demo.resourceMetadata() + ", error=\"invalid_token\", "
                        + "error_description=\"Token is bound to a DPoP key\"");
        assertThat(copied.body()).contains("Token is bound to a DPoP key");
    }

    @Test
    void proofWhenCopiedOutOfThePageAndReplayedThen401AlreadyUsed() throws Exception {
        signIn("alice");
        assertThat(click("call-me", "GET /api/me").status()).isEqualTo(200);
        String token = text("token-raw");
        String usedProof = text("proof-raw");

        HttpResponse<String> replayed = getFromOutside("/api/me", "Authorization", "DPoP " + token, "DPoP", usedProof);

        assertThat(replayed.statusCode()).isEqualTo(401);
        assertThat(replayed.headers().allValues("WWW-Authenticate"))
                .anySatisfy(challenge -> assertThat(challenge)
                        .startsWith("DPoP ")
                        .contains(
                                "error=\"invalid_dpop_proof\"",
                                "error_description=\"DPoP proof jti was already used\""));
        // The page itself goes on with fresh proofs.
        assertThat(click("call-me", "GET /api/me").status()).isEqualTo(200);
    }

    /** Runs in the page: the stored DPoP key pair, and what an attempt to export the private key gives. */
    private static final String READ_STORED_KEY = "const done = arguments[arguments.length - 1];"
            + "indexedDB.databases().then((all) => {"
            + "if (!all.some((db) => db.name === 'jwt-demo-dpop')) { done({stored: false}); return; }"
            + "const open = indexedDB.open('jwt-demo-dpop');"
            + "open.onerror = () => done({error: String(open.error)});"
            + "open.onsuccess = () => {"
            + "  if (!open.result.objectStoreNames.contains('keys')) { open.result.close(); done({stored: false}); return; }"
            + "  const get = open.result.transaction('keys').objectStore('keys').get('current');"
            + "  get.onerror = () => done({error: String(get.error)});"
            + "  get.onsuccess = async () => {"
            + "    const pair = get.result; open.result.close();"
            + "    if (!pair) { done({stored: false}); return; }"
            + "    const tryExport = (format) => crypto.subtle.exportKey(format, pair.privateKey)"
            + "        .then(() => 'exported', (e) => e.name);"
            + "    done({stored: true, type: pair.privateKey.type, extractable: pair.privateKey.extractable,"
            + "      algorithm: pair.privateKey.algorithm.name + ' ' + pair.privateKey.algorithm.namedCurve,"
            + "      usages: pair.privateKey.usages.join(','), jwk: await tryExport('jwk'),"
            + "      pkcs8: await tryExport('pkcs8'), publicJwk: JSON.stringify(await crypto.subtle.exportKey('jwk', pair.publicKey))});"
            + "  };"
            + "};"
            + "});";

    @SuppressWarnings("unchecked")
    private Map<String, Object> storedKey() {
        return (Map<String, Object>) ((JavascriptExecutor) browser).executeAsyncScript(READ_STORED_KEY);
    }

    @Test
    void privateKeyWhenAScriptOfThePageTriesToExportItThenRefusedAndLogoutDeletesIt() throws Exception {
        signIn("alice");

        Map<String, Object> key = storedKey();

        assertThat(key)
                .containsEntry("stored", true)
                .containsEntry("type", "private")
                .containsEntry("extractable", false)
                .containsEntry("algorithm", "ECDSA P-256")
                .containsEntry("usages", "sign")
                .containsEntry("jwk", "InvalidAccessError")
                .containsEntry("pkcs8", "InvalidAccessError");
        // The stored pair is the key the token is bound to.
        String jkt =
                JWK.parse((String) key.get("publicJwk")).computeThumbprint().toString();
        assertThat(claim("cnf")).contains(jkt);
        assertThat((String) script("return document.cookie;")).doesNotContain(jkt);

        assertThat(click("logout-button", "POST /auth/logout").status()).isEqualTo(204);
        wait.until(d -> Boolean.FALSE.equals(storedKey().get("stored")));
    }

    @Test
    void reloadWhenSignedInWithDPoPThenTheStoredKeyProvesTheRefreshAndTheNewTokenIsBoundToIt() throws Exception {
        signIn("alice");
        String jkt = text("dpop-thumbprint");
        String jti = claim("jti");

        browser.navigate().refresh();

        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("session-card")));
        wait.until(d -> !isBusy());
        assertThat(answersAfter(0))
                .extracting(Answer::request, Answer::status)
                .containsExactly(tuple("POST /auth/refresh", 200));
        assertThat(claim("jti")).isNotEqualTo(jti);
        assertThat(text("token-type")).isEqualTo("DPoP");
        assertThat(claim("cnf")).contains(jkt);
        assertThat(shownProofClaims()).containsEntry("htu", origin(demo) + "/auth/refresh");
        assertThat(click("call-me", "GET /api/me").status()).isEqualTo(200);
    }

    @Test
    void apiCallWhenServerRequiresANonceThenThePageRetriesOnceWithTheDPoPNonce() throws Exception {
        String before = System.getProperty("JWT_DPOP_NONCE");
        DemoServer withNonces;
        System.setProperty(
                "JWT_DPOP_NONCE", "true"); // read by web.xml's ${JWT_DPOP_NONCE:false} when the filter starts
        try {
            withNonces = new DemoServer(Map.of(
                    DemoSettings.DATA,
                    Files.createTempDirectory("jwt-demo-nonce").toString()));
        } finally {
            if (before == null) {
                System.clearProperty("JWT_DPOP_NONCE");
            } else {
                System.setProperty("JWT_DPOP_NONCE", before);
            }
        }
        try (withNonces) {
            open(withNonces);
            signIn("alice");
            int seq = lastSeq();

            wait.until(ExpectedConditions.elementToBeClickable(By.id("call-me")))
                    .click();
            wait.until(d -> !isBusy() && answersAfter(seq).size() >= 2);

            List<Answer> steps = answersAfter(seq);
            assertThat(steps).extracting(Answer::request).containsExactly("GET /api/me", "GET /api/me");
            assertThat(steps).extracting(Answer::status).containsExactly(401, 200);
            assertThat(steps.get(0).wwwAuthenticate()).contains("error=\"use_dpop_nonce\"");
            assertThat(shownProofClaims()).containsKey("nonce");
        }
    }
}
