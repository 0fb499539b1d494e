package dev.jwtfilter.web;

import static dev.jwtfilter.TestTokens.claimsAt;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.JSONObjectUtils;
import dev.jwtfilter.JwksServer;
import dev.jwtfilter.TestKeys;
import dev.jwtfilter.TestTokens;
import dev.jwtfilter.web.app.TestServlets;
import jakarta.annotation.security.RolesAllowed;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Precise challenges through the filter on a real Jetty 12 server, configured by init-params: the {@code scope} of
 * a 403 for a missing role when roles come from a scope claim (RFC 6750 section 3), per trusted issuer, and RFC 9457
 * problem details as the body of every refusal when {@code jwt.problem-details} is on.
 */
class PreciseChallengesJettyTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String PARTNER = "https://partner.example";
    private Server server;
    private URI base;

    /** Writers only, by class annotation, under prefixed role names. */
    @RolesAllowed({"SCOPE_orders:write", "SCOPE_orders:admin", "ops"})
    public static class OrdersWrite extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest req, HttpServletResponse resp) {}
    }

    @AfterEach
    void stopServer() throws Exception {
        if (server != null) {
            server.stop();
        }
    }

    private void start(Map<String, String> params) throws Exception {
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/app");
        FilterHolder filter = new FilterHolder(JwtAuthenticationFilter.class);
        filter.setInitParameter("jwt.issuer", TestTokens.ISSUER);
        filter.setInitParameter("jwt.audiences", TestTokens.AUDIENCE);
        params.forEach(filter::setInitParameter);
        context.addFilter(filter, "/*", EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder(TestServlets.WhoAmI.class), "/me");
        context.addServlet(new ServletHolder(OrdersWrite.class), "/orders/write");
        server.setHandler(context);
        server.start();
        base = URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/app");
    }

    @Test
    void refusalWhenRequestBodyNotReadThenConnectionCloseSaidElseKeptOpen() throws Exception {
        start(Map.of("jwt.public-key", TestKeys.publicJwks(TestKeys.RSA)));

        // Headers first, body later (as the JDK client sends it): the 401 comes before the body arrives.
        String withBody = rawHead("POST /app/me HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5\r\n\r\n");
        String withoutBody = rawHead("GET /app/me HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");

        assertThat(withBody).startsWith("http/1.1 401").contains("\r\nconnection: close");
        assertThat(withoutBody).startsWith("http/1.1 401").doesNotContain("connection: close");
    }

    private String rawHead(String request) throws Exception {
        try (java.net.Socket socket = new java.net.Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            java.io.InputStream in = socket.getInputStream();
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    break;
                }
                head.append((char) b);
            }
            return head.toString().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Our own issuer with roles from {@code claim} under the prefix {@code SCOPE_}, plus a partner's from scp. */
    private void startWithRolesFrom(String claim, Map<String, String> more) throws Exception {
        Map<String, String> params = new HashMap<>(Map.of(
                "jwt.public-key",
                TestKeys.publicJwks(TestKeys.RSA),
                "jwt.roles-claim",
                claim,
                "jwt.role-prefix",
                "SCOPE_",
                "jwt.issuers",
                "partner",
                "jwt.issuers.partner.issuer",
                PARTNER,
                "jwt.issuers.partner.audiences",
                TestTokens.AUDIENCE,
                "jwt.issuers.partner.public-key",
                TestKeys.publicJwks(TestKeys.RSA_OTHER),
                "jwt.issuers.partner.roles-claim",
                "scp",
                "jwt.issuers.partner.role-prefix",
                ""));
        params.putAll(more);
        start(params);
    }

    private static String token(RSAKey key, String issuer, String claim, Object roles) {
        return TestTokens.sign(
                key,
                JWSAlgorithm.RS256,
                claimsAt(Instant.now()).issuer(issuer).claim(claim, roles).build());
    }

    private HttpResponse<String> get(String path, String... authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path));
        for (String value : authorization) {
            request.header("Authorization", value);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String insufficientRole(String scope) {
        String challenge =
                "Bearer realm=\"jwt\", error=\"insufficient_scope\", error_description=\"Insufficient role\"";
        return scope == null ? challenge : challenge + ", scope=\"" + scope + "\"";
    }

    @Test
    void forbiddenWhenRolesComeFromScopeThenTheChallengeNamesTheScopesWithoutThePrefix() throws Exception {
        startWithRolesFrom("scope", Map.of());
        String reader = token(TestKeys.RSA, TestTokens.ISSUER, "scope", "orders:read profile");

        HttpResponse<String> answer = get("/orders/write", "Bearer " + reader);

        assertThat(answer.statusCode()).isEqualTo(403);
        assertThat(answer.headers().allValues("WWW-Authenticate"))
                .containsExactly(insufficientRole("orders:admin orders:write"));
        assertThat(answer.body())
                .isEqualTo("{\"error\":\"insufficient_scope\",\"error_description\":\"Insufficient role\"}");
        String writer = token(TestKeys.RSA, TestTokens.ISSUER, "scope", "orders:read orders:write");
        assertThat(get("/orders/write", "Bearer " + writer).statusCode()).isEqualTo(200);
    }

    @Test
    void forbiddenWhenRolesComeFromGroupsThenNoScopeButThePartnersScpTokensGetTheirs() throws Exception {
        startWithRolesFrom("groups", Map.of());
        String ours = token(TestKeys.RSA, TestTokens.ISSUER, "groups", List.of("orders:read"));
        String partners = token(TestKeys.RSA_OTHER, PARTNER, "scp", List.of("orders:read"));

        HttpResponse<String> ourAnswer = get("/orders/write", "Bearer " + ours);
        HttpResponse<String> partnersAnswer = get("/orders/write", "Bearer " + partners);

        assertThat(ourAnswer.statusCode()).isEqualTo(403);
        assertThat(ourAnswer.headers().allValues("WWW-Authenticate")).containsExactly(insufficientRole(null));
        assertThat(partnersAnswer.statusCode()).isEqualTo(403);
        // the partner's roles carry no prefix, so the prefixed names are its scopes as they are, and ops one more
        assertThat(partnersAnswer.headers().allValues("WWW-Authenticate"))
                .containsExactly(insufficientRole("SCOPE_orders:admin SCOPE_orders:write ops"));
    }

    @Test
    void refusalsWhenProblemDetailsOnThenProblemJsonWithStatusTitleAndTheRfc6750Members() throws Exception {
        startWithRolesFrom("scope", Map.of("jwt.problem-details", "true"));
        String reader = token(TestKeys.RSA, TestTokens.ISSUER, "scope", "orders:read");

        assertProblem(get("/me"), 401, "Unauthorized", "unauthorized", "Authentication required");
        assertProblem(get("/me", "Bearer a.b"), 401, "Unauthorized", "invalid_token", "Invalid token");
        assertProblem(get("/me", "Bearer"), 400, "Bad Request", "invalid_request", "Malformed Authorization header");
        HttpResponse<String> forbidden = get("/orders/write", "Bearer " + reader);
        assertProblem(forbidden, 403, "Forbidden", "insufficient_scope", "Insufficient role");
        assertThat(forbidden.headers().allValues("WWW-Authenticate"))
                .containsExactly(insufficientRole("orders:admin orders:write"));
    }

    @Test
    void outageWhenProblemDetailsOnThen503ProblemJsonWithRetryAfter() throws Exception {
        try (JwksServer jwks = new JwksServer(TestKeys.publicJwks(TestKeys.RSA))) {
            jwks.setDown(true);
            start(Map.of("jwt.jwks.uri", jwks.uri().toString(), "jwt.problem-details", "true"));

            HttpResponse<String> answer =
                    get("/me", "Bearer " + token(TestKeys.RSA, TestTokens.ISSUER, "groups", List.of()));

            assertProblem(
                    answer,
                    503,
                    "Service Unavailable",
                    "temporarily_unavailable",
                    "Authentication is temporarily unavailable");
            assertThat(answer.headers().firstValue("Retry-After")).contains("10");
            assertThat(answer.headers().allValues("WWW-Authenticate")).isEmpty();
        }
    }

    @Test
    void refusalsWhenProblemDetailsNotSetThenTheBodyOfRfc6750AsBefore() throws Exception {
        startWithRolesFrom("scope", Map.of());

        HttpResponse<String> answer = get("/me");

        assertThat(answer.statusCode()).isEqualTo(401);
        assertThat(answer.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        assertThat(answer.body())
                .isEqualTo("{\"error\":\"unauthorized\",\"error_description\":\"Authentication required\"}");
    }

    private static void assertProblem(
            HttpResponse<String> answer, int status, String title, String error, String description) throws Exception {
        assertThat(answer.statusCode()).isEqualTo(status);
        assertThat(answer.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(answer.headers().firstValue("Cache-Control")).contains("no-store");
        assertThat(JSONObjectUtils.parse(answer.body()))
                .containsOnly(
                        Map.entry("type", "about:blank"),
                        Map.entry("title", title),
                        Map.entry("status", (long) status),
                        Map.entry("detail", description),
                        Map.entry("error", error),
                        Map.entry("error_description", description));
    }
}
