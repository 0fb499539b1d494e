package dev.jwtfilter.web;

import static dev.jwtfilter.TestTokens.claimsAt;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import dev.jwtfilter.TestKeys;
import dev.jwtfilter.TestTokens;
import dev.jwtfilter.config.JwtConfig;
import dev.jwtfilter.issue.IssuedAccessToken;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Tokens in a {@code __Host-} cookie with the double-submit CSRF check, in a real Jetty 12 server configured
 * through init-params, over real HTTP: cookies set by {@link TokenCookies} at login are sent back as a browser
 * would, and unsafe methods need the CSRF header only when the token came from the cookie.
 */
class CookieTokenJettyTest {
    private static final String CSRF = "an-echoed-csrf-value-of-enough-length";
    private static final String CSRF_REFUSAL =
            "{\"error\":\"invalid_request\",\"error_description\":\"Missing or invalid CSRF token\"}";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static Server server;
    private static String base;

    @BeforeAll
    static void startServer() throws Exception {
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        server.setHandler(new Handler.Sequence(
                context("/app", Map.of("jwt.cookie", "__Host-at")),
                context("/nocsrf", Map.of("jwt.cookie", "at", "jwt.cookie.csrf", "false")),
                context("/mp", Map.of("mp.jwt.token.header", "Cookie")),
                context("/mpignored", Map.of("mp.jwt.token.cookie", "at"))));
        server.start();
        base = "http://127.0.0.1:" + connector.getLocalPort();
    }

    private static ServletContextHandler context(String path, Map<String, String> cookieParams) {
        ServletContextHandler context = new ServletContextHandler(path);
        FilterHolder filter = new FilterHolder(JwtAuthenticationFilter.class);
        filter.setInitParameter("jwt.issuer", TestTokens.ISSUER);
        filter.setInitParameter("jwt.audiences", TestTokens.AUDIENCE);
        filter.setInitParameter("jwt.public-key", TestKeys.publicJwks(TestKeys.RSA));
        filter.setInitParameter("jwt.public-paths", "/auth/*");
        cookieParams.forEach(filter::setInitParameter);
        context.addFilter(filter, "/*", EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder(new Echo()), "/api/*");
        context.addServlet(new ServletHolder(new Login()), "/auth/login");
        context.addServlet(new ServletHolder(new Logout()), "/auth/logout");
        return context;
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.stop();
    }

    /** Answers every method with the method and the caller. */
    public static class Echo extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
            resp.getWriter()
                    .write(req.getMethod() + ":"
                            + (req.getUserPrincipal() == null
                                    ? "anonymous"
                                    : req.getUserPrincipal().getName()));
        }
    }

    /** The application's login: signs a token and sets both cookies with {@link TokenCookies}. */
    public static class Login extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doPost(HttpServletRequest req, HttpServletResponse resp) {
            Instant now = Instant.now();
            IssuedAccessToken token = new IssuedAccessToken(token(), "id", now, now.plusSeconds(300));
            TokenCookies.of((JwtConfig) req.getServletContext().getAttribute(JwtAuthenticationFilter.CONFIG_ATTRIBUTE))
                    .addTo(resp, token);
            resp.setStatus(204);
        }
    }

    /** The application's logout: deletes both cookies. */
    public static class Logout extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doPost(HttpServletRequest req, HttpServletResponse resp) {
            TokenCookies.of((JwtConfig) req.getServletContext().getAttribute(JwtAuthenticationFilter.CONFIG_ATTRIBUTE))
                    .clear(resp);
            resp.setStatus(204);
        }
    }

    private static String token() {
        return TestTokens.sign(
                TestKeys.RSA, JWSAlgorithm.RS256, claimsAt(Instant.now()).build());
    }

    private static HttpResponse<String> send(String method, String path, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(base + path)).method(method, HttpRequest.BodyPublishers.noBody());
        headers.forEach(request::header);
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Map<String, String> cookies(String csrfCookie, String csrfHeader) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Cookie", "__Host-at=" + token() + (csrfCookie == null ? "" : "; __Host-csrf=" + csrfCookie));
        if (csrfHeader != null) {
            headers.put("X-CSRF-Token", csrfHeader);
        }
        return headers;
    }

    @Test
    void getWhenTokenInCookieThenAuthenticatedWithoutCsrfHeader() throws Exception {
        HttpResponse<String> response = send("GET", "/app/api/orders", cookies(null, null));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("GET:alice");
    }

    @ParameterizedTest
    @ValueSource(strings = {"POST", "PUT", "DELETE", "PATCH"})
    void unsafeMethodWhenTokenInCookieWithoutCsrfHeaderThen403(String method) throws Exception {
        HttpResponse<String> response = send(method, "/app/api/orders", cookies(CSRF, null));

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("WWW-Authenticate"))
                .contains(
                        "Bearer realm=\"jwt\", error=\"invalid_request\", error_description=\"Missing or invalid CSRF token\"");
        assertThat(response.headers().firstValue("Cache-Control")).contains("no-store");
        assertThat(response.body()).isEqualTo(CSRF_REFUSAL);
    }

    @ParameterizedTest
    @ValueSource(strings = {"POST", "PUT", "DELETE", "PATCH"})
    void unsafeMethodWhenCsrfHeaderEchoesCsrfCookieThen200(String method) throws Exception {
        HttpResponse<String> response = send(method, "/app/api/orders", cookies(CSRF, CSRF));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(method + ":alice");
    }

    @Test
    void postWhenCsrfHeaderWrongThen403() throws Exception {
        HttpResponse<String> response = send("POST", "/app/api/orders", cookies(CSRF, CSRF.replace('a', 'b')));

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).isEqualTo(CSRF_REFUSAL);
    }

    @Test
    void postWhenCsrfHeaderButNoCsrfCookieThen403() throws Exception {
        HttpResponse<String> response = send("POST", "/app/api/orders", cookies(null, CSRF));

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).isEqualTo(CSRF_REFUSAL);
    }

    @Test
    void postWhenTokenInAuthorizationHeaderThenNoCsrfHeaderNeeded() throws Exception {
        HttpResponse<String> response = send("POST", "/app/api/orders", Map.of("Authorization", "Bearer " + token()));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("POST:alice");
    }

    @Test
    void postWhenCsrfCheckTurnedOffThenCookieTokenSuffices() throws Exception {
        HttpResponse<String> response = send("POST", "/nocsrf/api/orders", Map.of("Cookie", "at=" + token()));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("POST:alice");
    }

    @Test
    void loginWhenCookiesSetByTokenCookiesThenSentBackTheyAuthenticateAnUnsafeRequest() throws Exception {
        List<String> setCookies =
                send("POST", "/app/auth/login", Map.of()).headers().allValues("Set-Cookie");
        assertThat(setCookies).hasSize(2);
        assertThat(setCookies.get(0))
                .startsWith("__Host-at=eyJ")
                .endsWith("; Path=/; Max-Age=300; Secure; HttpOnly; SameSite=Strict");
        assertThat(setCookies.get(1))
                .matches("__Host-csrf=[A-Za-z0-9_-]{43}; Path=/; Max-Age=300; Secure; SameSite=Strict");
        Map<String, String> jar = new LinkedHashMap<>();
        setCookies.forEach(
                c -> jar.put(c.substring(0, c.indexOf('=')), c.substring(c.indexOf('=') + 1, c.indexOf(';'))));
        String cookieHeader = "__Host-at=" + jar.get("__Host-at") + "; __Host-csrf=" + jar.get("__Host-csrf");

        assertThat(send(
                                "DELETE",
                                "/app/api/orders/7",
                                Map.of("Cookie", cookieHeader, "X-CSRF-Token", jar.get("__Host-csrf")))
                        .body())
                .isEqualTo("DELETE:alice");
        assertThat(send("DELETE", "/app/api/orders/7", Map.of("Cookie", cookieHeader))
                        .statusCode())
                .isEqualTo(403);
    }

    @Test
    void logoutWhenCookiesClearedThenBothExpire() throws Exception {
        List<String> setCookies =
                send("POST", "/app/auth/logout", Map.of()).headers().allValues("Set-Cookie");

        assertThat(setCookies)
                .containsExactly(
                        "__Host-at=; Path=/; Max-Age=0; Secure; HttpOnly; SameSite=Strict",
                        "__Host-csrf=; Path=/; Max-Age=0; Secure; SameSite=Strict");
    }

    @Test
    void requestWhenMicroProfileTokenHeaderIsCookieThenBearerCookieReadWithCsrfAndHeaderStillWorks() throws Exception {
        String cookie = "Bearer=" + token() + "; csrf=" + CSRF;

        assertThat(send("GET", "/mp/api/orders", Map.of("Cookie", cookie)).body())
                .isEqualTo("GET:alice");
        assertThat(send("POST", "/mp/api/orders", Map.of("Cookie", cookie)).statusCode())
                .isEqualTo(403);
        assertThat(send("POST", "/mp/api/orders", Map.of("Cookie", cookie, "X-CSRF-Token", CSRF))
                        .body())
                .isEqualTo("POST:alice");
        assertThat(send("POST", "/mp/api/orders", Map.of("Authorization", "Bearer " + token()))
                        .body())
                .isEqualTo("POST:alice");
    }

    @Test
    void getWhenMicroProfileTokenCookieWithoutTokenHeaderThenCookieNotRead() throws Exception {
        HttpResponse<String> response = send("GET", "/mpignored/api/orders", Map.of("Cookie", "at=" + token()));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).contains("Bearer realm=\"jwt\"");
    }
}
