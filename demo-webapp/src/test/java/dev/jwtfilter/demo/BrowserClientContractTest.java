package dev.jwtfilter.demo;

import static dev.jwtfilter.demo.DemoServer.bearer;
import static dev.jwtfilter.demo.DemoServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.SignedJWT;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the demo page relies on, over real HTTP without a browser: the page is public and served under a
 * strict Content-Security-Policy; login can put the refresh token into an HttpOnly cookie; refresh and logout
 * take it from there only with the CSRF header; the demo-only endpoint answers a really signed, expired token.
 */
class BrowserClientContractTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static DemoServer demo;

    @BeforeAll
    static void start() throws Exception {
        demo = new DemoServer(Map.of(
                DemoSettings.DATA, Files.createTempDirectory("jwt-demo-page").toString()));
    }

    @AfterAll
    static void stop() {
        demo.close();
    }

    /** @param headers name, value, name, value... */
    private static HttpResponse<String> send(String method, String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(demo.base().resolve(path))
                .method(
                        method,
                        method.equals("GET")
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString("{}"));
        if (!method.equals("GET")) {
            request.header("Content-Type", "application/json");
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** @return name to whole Set-Cookie value */
    private static Map<String, String> setCookies(HttpResponse<String> response) {
        return response.headers().allValues("Set-Cookie").stream()
                .collect(
                        Collectors.toMap(v -> v.substring(0, v.indexOf('=')), v -> v, (a, b) -> b, LinkedHashMap::new));
    }

    private static String value(Map<String, String> cookies, String name) {
        String cookie = cookies.get(name);
        return cookie.substring(name.length() + 1, cookie.indexOf(';'));
    }

    private record CookieSession(String refresh, String csrf, String accessToken) {
        String cookieHeader() {
            return "jwt-demo-refresh=" + refresh + "; jwt-demo-csrf=" + csrf;
        }
    }

    private static CookieSession cookieLogin(HttpResponse<String> loginResponse) throws Exception {
        assertThat(loginResponse.statusCode()).isEqualTo(200);
        Map<String, String> cookies = setCookies(loginResponse);
        return new CookieSession(value(cookies, "jwt-demo-refresh"), value(cookies, "jwt-demo-csrf"), (String)
                json(loginResponse).get("access_token"));
    }

    private static HttpResponse<String> optInLogin(String user) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(demo.base().resolve("/auth/login"))
                .header("Content-Type", "application/json")
                .header("X-Refresh-Cookie", "1")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"username\":\"" + user + "\",\"password\":\"" + user + "-demo-pass\"}"))
                .build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void pageWhenRequestedWithoutTokenThenServedUnderStrictContentSecurityPolicy() throws Exception {
        for (String path : List.of(
                "/app/", "/app/index.html", "/app/demo.js", "/app/dpop.js", "/app/demo.css", "/app/favicon.svg")) {
            HttpResponse<String> response = send("GET", path);

            assertThat(response.statusCode()).as(path).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Security-Policy"))
                    .as(path)
                    .hasValueSatisfying(csp -> assertThat(csp)
                            .contains(
                                    "default-src 'self'",
                                    "script-src 'self'",
                                    "style-src 'self'",
                                    "frame-ancestors 'none'")
                            .doesNotContain("unsafe-inline", "unsafe-eval"));
            assertThat(response.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        }
        assertThat(send("GET", "/app/").body())
                .contains("<script type=\"module\" src=\"demo.js\"></script>")
                .doesNotContain("<script>", "style=");
    }

    @Test
    void rootWhenRequestedWithoutTokenThenRedirectedToThePage() throws Exception {
        HttpResponse<String> response = send("GET", "/");

        assertThat(response.statusCode()).isEqualTo(302);
        assertThat(response.headers().firstValue("Location"))
                .hasValueSatisfying(v -> assertThat(v).endsWith("/app/"));
    }

    @Test
    void pageFilesWhenRequestedAtTheRootThenNotThereAndBehindTheFilter() throws Exception {
        for (String path : List.of("/index.html", "/demo.js", "/demo.css", "/favicon.svg")) {
            assertThat(send("GET", path).statusCode()).as(path).isEqualTo(401);
        }
    }

    @Test
    void loginWhenRefreshCookieRequestedThenHttpOnlyCookieOnAuthPathAndNoRefreshTokenInBody() throws Exception {
        HttpResponse<String> response = optInLogin("alice");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response))
                .containsKeys("access_token", "token_type", "expires_in")
                .doesNotContainKey("refresh_token");
        Map<String, String> cookies = setCookies(response);
        assertThat(cookies.get("jwt-demo-refresh"))
                .matches("jwt-demo-refresh=[A-Za-z0-9_-]{43}; Path=/auth; Max-Age=\\d+; HttpOnly; SameSite=Strict");
        assertThat(cookies.get("jwt-demo-csrf"))
                .matches("jwt-demo-csrf=[A-Za-z0-9_-]{43}; Path=/; Max-Age=\\d+; SameSite=Strict");
    }

    @Test
    void loginWhenNotRequestedThenRefreshTokenInBodyAndNoCookies() throws Exception {
        HttpResponse<String> response = demo.login("alice", "alice-demo-pass");

        assertThat(json(response)).containsKey("refresh_token");
        assertThat(response.headers().allValues("Set-Cookie")).isEmpty();
    }

    @Test
    void refreshWhenCookieAndMatchingCsrfHeaderThenRotatedIntoNewCookies() throws Exception {
        CookieSession session = cookieLogin(optInLogin("alice"));

        HttpResponse<String> response =
                send("POST", "/auth/refresh", "Cookie", session.cookieHeader(), "X-CSRF-Token", session.csrf());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response)).containsKey("access_token").doesNotContainKey("refresh_token");
        CookieSession next = cookieLogin(response);
        assertThat(next.refresh()).isNotEqualTo(session.refresh());
        assertThat(next.csrf()).isNotEqualTo(session.csrf());
        assertThat(demo.get("/api/me", bearer(next.accessToken())).statusCode()).isEqualTo(200);
    }

    @Test
    void refreshWhenCookieWithoutOrWithWrongCsrfHeaderThen403AndTokenStillUnused() throws Exception {
        CookieSession session = cookieLogin(optInLogin("alice"));
        String tossedCsrf = session.cookieHeader() + "; jwt-demo-csrf=" + "a".repeat(43);

        HttpResponse<String> missing = send("POST", "/auth/refresh", "Cookie", session.cookieHeader());
        HttpResponse<String> wrong =
                send("POST", "/auth/refresh", "Cookie", session.cookieHeader(), "X-CSRF-Token", "b".repeat(43));
        HttpResponse<String> twice =
                send("POST", "/auth/refresh", "Cookie", tossedCsrf, "X-CSRF-Token", session.csrf());
        HttpResponse<String> shortValues = send(
                "POST",
                "/auth/refresh",
                "Cookie",
                "jwt-demo-refresh=" + session.refresh() + "; jwt-demo-csrf=abc",
                "X-CSRF-Token",
                "abc");

        for (HttpResponse<String> refused : List.of(missing, wrong, twice, shortValues)) {
            assertThat(refused.statusCode()).isEqualTo(403);
            assertThat(json(refused))
                    .containsEntry("error", "invalid_request")
                    .containsEntry("error_description", "Missing or invalid CSRF token");
            assertThat(refused.headers().allValues("Set-Cookie")).isEmpty();
        }
        // None of them used the refresh token up: the page's own request still rotates it.
        assertThat(send("POST", "/auth/refresh", "Cookie", session.cookieHeader(), "X-CSRF-Token", session.csrf())
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void refreshWhenCookieAlreadyUsedThenInvalidGrantAndCookiesDeleted() throws Exception {
        CookieSession session = cookieLogin(optInLogin("alice"));
        send("POST", "/auth/refresh", "Cookie", session.cookieHeader(), "X-CSRF-Token", session.csrf());

        HttpResponse<String> reused =
                send("POST", "/auth/refresh", "Cookie", session.cookieHeader(), "X-CSRF-Token", session.csrf());

        assertThat(reused.statusCode()).isEqualTo(400);
        assertThat(json(reused)).containsEntry("error", "invalid_grant");
        assertThat(setCookies(reused).values())
                .containsExactly(
                        "jwt-demo-refresh=; Path=/auth; Max-Age=0; HttpOnly; SameSite=Strict",
                        "jwt-demo-csrf=; Path=/; Max-Age=0; SameSite=Strict");
    }

    @Test
    void refreshWhenNeitherBodyNorCookieThenInvalidRequest() throws Exception {
        HttpResponse<String> response = send("POST", "/auth/refresh", "X-CSRF-Token", "c".repeat(43));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response)).containsEntry("error", "invalid_request");
    }

    @Test
    void logoutWhenCookieAndCsrfThen204CookiesDeletedAndBothTokensRevoked() throws Exception {
        CookieSession session = cookieLogin(optInLogin("alice"));

        HttpResponse<String> response = send(
                "POST",
                "/auth/logout",
                "Cookie",
                session.cookieHeader(),
                "X-CSRF-Token",
                session.csrf(),
                "Authorization",
                bearer(session.accessToken()));

        assertThat(response.statusCode()).isEqualTo(204);
        assertThat(setCookies(response).values())
                .allSatisfy(cookie -> assertThat(cookie).contains("=; ", "Max-Age=0"));
        assertThat(setCookies(response)).containsOnlyKeys("jwt-demo-refresh", "jwt-demo-csrf");
        assertThat(demo.get("/api/me", bearer(session.accessToken())).statusCode())
                .isEqualTo(401);
        assertThat(send("POST", "/auth/refresh", "Cookie", session.cookieHeader(), "X-CSRF-Token", session.csrf())
                        .statusCode())
                .isEqualTo(400);
    }

    @Test
    void logoutWhenCookieWithoutCsrfThen403AndNothingRevoked() throws Exception {
        CookieSession session = cookieLogin(optInLogin("alice"));

        HttpResponse<String> response = send(
                "POST",
                "/auth/logout",
                "Cookie",
                session.cookieHeader(),
                "Authorization",
                bearer(session.accessToken()));

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(demo.get("/api/me", bearer(session.accessToken())).statusCode())
                .isEqualTo(200);
        assertThat(send("POST", "/auth/refresh", "Cookie", session.cookieHeader(), "X-CSRF-Token", session.csrf())
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void expiredTokenWhenValidBearerThenCallersTokenSignedButAlreadyExpired() throws Exception {
        String access = (String) demo.tokens("admin", "admin-demo-pass").get("access_token");

        HttpResponse<String> response = send("POST", "/demo/expired-token", "Authorization", bearer(access));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Cache-Control")).contains("no-store");
        String expired = (String) json(response).get("access_token");
        SignedJWT jwt = SignedJWT.parse(expired);
        assertThat(jwt.getJWTClaimsSet().getSubject()).isEqualTo("admin");
        assertThat(jwt.getJWTClaimsSet().getStringListClaim("groups")).containsExactlyInAnyOrder("user", "admin");
        // Beyond the verifier's 60 s skew, so the filter must call it expired, not merely old.
        assertThat(jwt.getJWTClaimsSet().getExpirationTime().toInstant())
                .isBefore(Instant.now().minusSeconds(60));
        HttpResponse<String> refused = demo.get("/api/me", bearer(expired));
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.headers().firstValue("WWW-Authenticate"))
                .contains("Bearer realm=\"jwt-demo\", " + demo.resourceMetadata()
                        + ", error=\"invalid_token\", error_description=\"Token has expired\"");
    }

    @Test
    void expiredTokenWhenNoOrBadTokenThen401() throws Exception {
        assertThat(send("POST", "/demo/expired-token").statusCode()).isEqualTo(401);
        assertThat(send("POST", "/demo/expired-token", "Authorization", bearer("not.a.token"))
                        .statusCode())
                .isEqualTo(401);
        assertThat(send("GET", "/demo/expired-token").statusCode()).isEqualTo(401);
    }
}
