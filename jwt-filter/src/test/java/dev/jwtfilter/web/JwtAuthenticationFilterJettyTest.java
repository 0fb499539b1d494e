package dev.jwtfilter.web;

import static dev.jwtfilter.TestTokens.claimsAt;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.jwtfilter.TestKeys;
import dev.jwtfilter.TestTokens;
import dev.jwtfilter.web.app.TestServlets;
import jakarta.servlet.DispatcherType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Date;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.Stream;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.filter.RolesAllowedDynamicFeature;
import org.glassfish.jersey.servlet.ServletContainer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The filter in a real Jetty 12 ee10 server, configured through init-params exactly as {@code web.xml}
 * would, talking real HTTP: the RFC 6750 matrix, servlet annotations, Jersey's
 * {@code RolesAllowedDynamicFeature}, and public paths.
 */
class JwtAuthenticationFilterJettyTest {
    private static final String REALM = "Bearer realm=\"orders\"";
    private static Server server;
    private static URI base;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void startServer() throws Exception {
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);

        ServletContextHandler context = new ServletContextHandler("/app");
        FilterHolder filter = new FilterHolder(JwtAuthenticationFilter.class);
        filter.setInitParameter("jwt.issuer", TestTokens.ISSUER);
        filter.setInitParameter("jwt.audiences", TestTokens.AUDIENCE);
        filter.setInitParameter("jwt.public-key", TestKeys.publicJwks(TestKeys.RSA));
        filter.setInitParameter("jwt.public-paths", "/auth/login, /public/*");
        filter.setInitParameter("jwt.realm", "orders");
        context.addFilter(filter, "/*", EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder(TestServlets.WhoAmI.class), "/me");
        context.addServlet(new ServletHolder(TestServlets.WhoAmI.class), "/public/*");
        context.addServlet(new ServletHolder(TestServlets.Admin.class), "/admin");
        context.addServlet(new ServletHolder(TestServlets.Mixed.class), "/mixed");
        context.addServlet(new ServletHolder(TestServlets.Login.class), "/auth/login");
        ResourceConfig jersey =
                new ResourceConfig(TestServlets.Orders.class).register(RolesAllowedDynamicFeature.class);
        context.addServlet(new ServletHolder(new ServletContainer(jersey)), "/api/*");
        server.setHandler(context);
        server.start();
        base = URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/app");
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.stop();
    }

    private static String token(JWTClaimsSet claims) {
        return TestTokens.sign(TestKeys.RSA, JWSAlgorithm.RS256, claims);
    }

    private static String alice() {
        return token(claimsAt(Instant.now()).build());
    }

    private static String admin() {
        return token(claimsAt(Instant.now())
                .subject("root")
                .claim("groups", List.of("admin"))
                .build());
    }

    private static HttpResponse<String> send(String method, String path, String... authorization) throws Exception {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(base + path)).method(method, HttpRequest.BodyPublishers.noBody());
        for (String value : authorization) {
            request.header("Authorization", value);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String path, String... authorization) throws Exception {
        return send("GET", path, authorization);
    }

    static Stream<Arguments> rfc6750Matrix() {
        Instant now = Instant.now();
        String valid = token(claimsAt(now).build());
        String expired = token(
                claimsAt(now).expirationTime(Date.from(now.minusSeconds(3600))).build());
        String foreignKey = TestTokens.sign(
                TestKeys.RSA_OTHER, JWSAlgorithm.RS256, claimsAt(now).build());
        String wrongAudience = token(claimsAt(now).audience("other-api").build());
        String wrongIssuer = token(claimsAt(now).issuer("https://evil.example").build());
        String invalid = REALM + ", error=\"invalid_token\", error_description=\"Invalid token\"";
        String expiredChallenge = REALM + ", error=\"invalid_token\", error_description=\"Token has expired\"";
        String malformed = REALM + ", error=\"invalid_request\", error_description=\"Malformed Authorization header\"";
        return Stream.of("Bearer ", "bearer ", "BEARER  ")
                .flatMap(scheme -> Stream.of(
                        Arguments.of(scheme + valid, 200, null),
                        Arguments.of(scheme + expired, 401, expiredChallenge),
                        Arguments.of(scheme + foreignKey, 401, invalid),
                        Arguments.of(scheme + wrongAudience, 401, invalid),
                        Arguments.of(scheme + wrongIssuer, 401, invalid),
                        Arguments.of(scheme + "not.a.jwt", 401, invalid),
                        Arguments.of(scheme + "a b", 400, malformed),
                        Arguments.of(scheme.strip(), 400, malformed)));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("rfc6750Matrix")
    void requestWhenHeaderVariantAndTokenDefectThenStatusAndChallenge(
            String authorization, int status, String challenge) throws Exception {
        HttpResponse<String> response = get("/me", authorization);

        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(response.headers().firstValue("WWW-Authenticate").orElse(null))
                .isEqualTo(challenge);
        if (status != 200) {
            assertThat(response.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
            assertThat(response.headers().firstValue("Cache-Control")).contains("no-store");
            assertThat(response.body())
                    .startsWith("{\"error\":\"")
                    .contains("\"error_description\":\"")
                    .doesNotContain("Exception", "at dev.", "eyJ");
        }
    }

    @Test
    void requestWhenNoTokenOnProtectedPathThen401WithBareChallenge() throws Exception {
        HttpResponse<String> response = get("/me");

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().allValues("WWW-Authenticate")).containsExactly(REALM);
        assertThat(response.body())
                .isEqualTo("{\"error\":\"unauthorized\",\"error_description\":\"Authentication required\"}");
    }

    @Test
    void requestWhenTwoAuthorizationHeadersThen400() throws Exception {
        HttpResponse<String> response = get("/me", "Bearer " + alice(), "Bearer " + alice());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("invalid_request");
    }

    @Test
    void requestWhenValidTokenThenSecurityContextAnswersFromIt() throws Exception {
        HttpResponse<String> response = get("/me", "Bearer " + alice());

        assertThat(response.body()).isEqualTo("JwtPrincipal:alice remote=alice auth=Bearer admin=false user=true");
    }

    @Test
    void requestWhenServletRequiresRoleThen403WithoutItAnd200WithIt() throws Exception {
        HttpResponse<String> forbidden = get("/admin", "Bearer " + alice());

        assertThat(forbidden.statusCode()).isEqualTo(403);
        assertThat(forbidden.headers().firstValue("WWW-Authenticate"))
                .contains(REALM + ", error=\"insufficient_scope\", error_description=\"Insufficient role\"");
        assertThat(get("/admin", "Bearer " + admin()).body()).isEqualTo("admin area");
        assertThat(get("/admin").statusCode()).isEqualTo(401);
    }

    @Test
    void requestWhenMethodAnnotationsThenTheyOverrideTheClass() throws Exception {
        assertThat(get("/mixed").body()).isEqualTo("open:anonymous"); // @PermitAll on doGet
        assertThat(send("HEAD", "/mixed").statusCode()).isEqualTo(200); // HEAD follows doGet
        assertThat(send("POST", "/mixed").statusCode()).isEqualTo(401); // class: user
        assertThat(send("POST", "/mixed", "Bearer " + admin()).statusCode()).isEqualTo(403);
        assertThat(send("POST", "/mixed", "Bearer " + alice()).body()).isEqualTo("posted");
        assertThat(send("DELETE", "/mixed", "Bearer " + admin()).statusCode()).isEqualTo(403); // @DenyAll
    }

    @Test
    void requestWhenPermitAllAndBadTokenThenStill401() throws Exception {
        assertThat(get("/mixed", "Bearer not.a.jwt").statusCode()).isEqualTo(401);
    }

    @Test
    void requestWhenPublicPathThenReachableWithoutOrWithBadToken() throws Exception {
        assertThat(send("POST", "/auth/login").body()).isEqualTo("login page");
        assertThat(send("POST", "/auth/login", "Bearer expired.or.bad").body()).isEqualTo("login page");
        assertThat(get("/public/info").body()).isEqualTo("anonymous");
        assertThat(get("/public/info", "Bearer " + alice()).body()).startsWith("JwtPrincipal:alice");
    }

    @Test
    void requestWhenPathOnlyLooksPublicThenProtected() throws Exception {
        // java.net.http sends the dots as they are; the request firewall refuses them before any decision.
        assertThat(get("/auth/login/../../me").statusCode()).isEqualTo(400);
        assertThat(get("/public/../me").statusCode()).isEqualTo(400);
        assertThat(get("/publicity").statusCode()).isIn(401, 404);
    }

    @Test
    void requestWhenJerseyRolesAllowedThenEnforcedThroughTheWrapper() throws Exception {
        assertThat(get("/api/orders", "Bearer " + alice()).statusCode()).isEqualTo(403);
        assertThat(get("/api/orders", "Bearer " + admin()).body()).isEqualTo("orders for root admin=true");
        assertThat(get("/api/orders/mine", "Bearer " + alice()).body()).isEqualTo("mine:alice");
        assertThat(get("/api/orders").statusCode()).isEqualTo(401);
    }
}
