package dev.jwtfilter.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.jwtfilter.MutableClock;
import dev.jwtfilter.TestKeys;
import dev.jwtfilter.TestProofs;
import dev.jwtfilter.TestTokens;
import dev.jwtfilter.config.JwtConfig;
import dev.jwtfilter.config.JwtConfigParser;
import dev.jwtfilter.event.AuthEventCounters;
import dev.jwtfilter.event.AuthEventReason;
import dev.jwtfilter.web.app.StepUpApp;
import dev.jwtfilter.web.app.TestServlets;
import dev.jwtfilter.web.jaxrs.StepUpFeature;
import jakarta.servlet.DispatcherType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
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

/**
 * Step-up (RFC 9470) through the filter in a real Jetty 12 server, on the configuration's clock: {@code @StepUp} on
 * servlets (method over class), {@code jwt.step-up} paths, a DPoP request, the verified-token cache, and the
 * Jakarta REST {@link StepUpFeature} on Jersey behind the same filter.
 */
class StepUpJettyTest {
    private static final String BEARER = "Bearer realm=\"jwt\"";
    private static final String DPOP = "DPoP realm=\"jwt\", algs=\"ES256 RS256 PS256\"";
    private static final String INSUFFICIENT =
            "error=\"insufficient_user_authentication\", error_description=\"A stronger or more recent authentication is required\"";
    private static final MutableClock CLOCK = new MutableClock(Instant.now());
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static Server server;
    private static URI base;
    private static JwtConfig config;

    @BeforeAll
    static void startServer() throws Exception {
        config = new JwtConfigParser()
                .parse(
                        Map.of(
                                "jwt.issuer", TestTokens.ISSUER,
                                "jwt.audiences", TestTokens.AUDIENCE,
                                "jwt.public-key", TestKeys.publicJwks(TestKeys.RSA),
                                "jwt.dpop", "dpop-allowed",
                                "jwt.step-up", "fresh, strong",
                                "jwt.step-up.fresh.paths", "/plain/admin/*",
                                "jwt.step-up.fresh.max-age", "5m",
                                "jwt.step-up.strong.paths", "/plain/admin/keys, /api/by-path",
                                "jwt.step-up.strong.acr", "mfa"),
                        JwtConfig.builder().clock(CLOCK));
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/app");
        context.addFilter(
                new FilterHolder(new JwtAuthenticationFilter(config)), "/*", EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder(StepUpApp.Mfa.class), "/mfa");
        context.addServlet(new ServletHolder(StepUpApp.FreshGet.class), "/fresh");
        context.addServlet(new ServletHolder(StepUpApp.FreshAdmin.class), "/fresh-admin");
        context.addServlet(new ServletHolder(StepUpApp.Unusable.class), "/unusable");
        context.addServlet(new ServletHolder(TestServlets.WhoAmI.class), "/plain/*");
        ResourceConfig jersey = new ResourceConfig(
                        StepUpApp.Resource.class,
                        StepUpApp.Plain.class,
                        StepUpApp.ByPath.class,
                        StepUpApp.Inherited.class,
                        StepUpApp.Implemented.class,
                        StepUpApp.ImplementationAnnotated.class,
                        StepUpApp.Locator.class)
                .register(RolesAllowedDynamicFeature.class)
                .register(StepUpFeature.class);
        context.addServlet(new ServletHolder(new ServletContainer(jersey)), "/api/*");
        server.setHandler(context);
        server.start();
        base = URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/app");
    }

    @AfterAll
    static void stopServer() throws Exception {
        server.stop();
    }

    private static JWTClaimsSet.Builder claims() {
        return TestTokens.claimsAt(CLOCK.instant());
    }

    private static String token(JWTClaimsSet.Builder claims) {
        return "Bearer " + TestTokens.sign(TestKeys.RSA, JWSAlgorithm.RS256, claims.build());
    }

    private static String withAcr(String acr) {
        return token(claims().claim("acr", acr));
    }

    private static String authenticatedSecondsAgo(long seconds) {
        return token(claims().claim("auth_time", CLOCK.instant().getEpochSecond() - seconds));
    }

    private static HttpResponse<String> send(String method, String path, String authorization, String... headers)
            throws Exception {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(URI.create(base + path)).method(method, HttpRequest.BodyPublishers.noBody());
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String path, String authorization) throws Exception {
        return send("GET", path, authorization);
    }

    private static void assertStepUp(HttpResponse<String> response, String parameters) {
        assertThat(response.statusCode()).isEqualTo(401);
        // one header per challenge, from the filter and from Jakarta REST alike
        assertThat(response.headers().allValues("WWW-Authenticate"))
                .containsExactly(BEARER + ", " + INSUFFICIENT + ", " + parameters, DPOP);
        assertThat(response.headers().firstValue("Cache-Control")).contains("no-store");
        assertThat(response.body())
                .isEqualTo("{\"error\":\"insufficient_user_authentication\","
                        + "\"error_description\":\"A stronger or more recent authentication is required\"}");
    }

    private static long count(AuthEventReason reason) {
        return ((AuthEventCounters) server.getContainedBeans(ServletContextHandler.class)
                        .iterator()
                        .next()
                        .getServletContext()
                        .getAttribute(JwtAuthenticationFilter.EVENT_COUNTERS_ATTRIBUTE))
                .count(reason);
    }

    @Test
    void servletWhenAcrIsOneOfTheAnnotationsThenOk() throws Exception {
        assertThat(get("/mfa", withAcr("hwk")).statusCode()).isEqualTo(200);
    }

    @Test
    void servletWhenAcrIsWeakerThenInsufficientUserAuthenticationWithAcrValuesAndAnEvent() throws Exception {
        long before = count(AuthEventReason.INSUFFICIENT_USER_AUTHENTICATION);

        assertStepUp(get("/mfa", withAcr("pwd")), "acr_values=\"mfa hwk\"");
        assertThat(count(AuthEventReason.INSUFFICIENT_USER_AUTHENTICATION)).isEqualTo(before + 1);
    }

    @Test
    void servletWhenNoTokenThenTheUsualBareChallenge() throws Exception {
        HttpResponse<String> response = get("/mfa", null);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().allValues("WWW-Authenticate")).containsExactly(BEARER, DPOP);
    }

    @Test
    void servletWhenAcrOrAuthTimeHasTheWrongTypeThenInvalidToken() throws Exception {
        HttpResponse<String> response = get("/mfa", token(claims().claim("acr", List.of("mfa"))));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow())
                .contains("error=\"invalid_token\"");
    }

    @Test
    void servletWhenTheMethodIsAnnotatedThenItsAnnotationReplacesTheClasses() throws Exception {
        String freshPassword = token(
                claims().claim("acr", "pwd").claim("auth_time", CLOCK.instant().getEpochSecond()));

        assertThat(get("/fresh", freshPassword).statusCode()).isEqualTo(200);
        assertStepUp(get("/fresh", authenticatedSecondsAgo(301)), "max_age=\"300\"");
        assertStepUp(send("POST", "/fresh", freshPassword), "acr_values=\"mfa\"");
    }

    @Test
    void servletWhenTheRoleIsMissingThen403BeforeTheStepUp() throws Exception {
        HttpResponse<String> response = get("/fresh-admin", authenticatedSecondsAgo(600));

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(get(
                                "/fresh-admin",
                                token(claims().claim("groups", List.of("admin"))
                                        .claim("auth_time", CLOCK.instant().getEpochSecond())))
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void servletWhenTheAnnotationRequiresNothingThenRefusedToEveryone() throws Exception {
        assertThat(get("/unusable", authenticatedSecondsAgo(0)).statusCode()).isEqualTo(403);
    }

    @Test
    void pathWhenEveryEntryIsMetThenOkAndOtherPathsAreUntouched() throws Exception {
        String freshMfa = token(
                claims().claim("acr", "mfa").claim("auth_time", CLOCK.instant().getEpochSecond()));

        assertThat(get("/plain/admin/keys", freshMfa).statusCode()).isEqualTo(200);
        assertThat(get("/plain/other", authenticatedSecondsAgo(3600)).statusCode())
                .isEqualTo(200);
    }

    @Test
    void pathWhenAnExactPathIsSpelledAnotherWayThatJakartaRestStillRoutesThenStillRequired() throws Exception {
        String password = withAcr("pwd");

        assertThat(get("/api/by-path", withAcr("mfa")).statusCode()).isEqualTo(200);
        for (String path :
                List.of("/api/by-path", "/api/by-path/", "/api//by-path", "/api/by-path//", "/api/by-path;x=1")) {
            HttpResponse<String> response = get(path, password);
            assertThat(response.statusCode()).as(path).isIn(400, 401, 404);
            if (response.statusCode() == 401) {
                assertStepUp(response, "acr_values=\"mfa\"");
            }
        }
    }

    @Test
    void jaxrsWhenTheAnnotationIsInheritedThenStillRequired() throws Exception {
        for (String path : List.of("/api/inherited", "/api/implemented", "/api/implementation-annotated")) {
            assertThat(get(path, withAcr("mfa")).statusCode()).as(path).isEqualTo(200);
            HttpResponse<String> response = get(path, withAcr("pwd"));
            assertThat(response.statusCode()).as(path).isEqualTo(401);
            assertStepUp(response, "acr_values=\"mfa\"");
        }
    }

    @Test
    void headWhenTheGetNeedsAStepUpThenTheHeadDoesToo() throws Exception {
        for (String path : List.of("/mfa", "/fresh", "/api/stepup", "/api/stepup/fresh", "/api/implemented")) {
            assertThat(send("HEAD", path, withAcr("pwd")).statusCode()).as(path).isEqualTo(401);
        }
    }

    @Test
    void jaxrsWhenASubResourceLocatorOfAStepUpResourceThenStillRequired() throws Exception {
        assertThat(get("/api/locator/sub", withAcr("mfa")).statusCode()).isEqualTo(200);
        assertStepUp(get("/api/locator/sub", withAcr("pwd")), "acr_values=\"mfa\"");
        assertThat(get("/api/plain", withAcr("pwd")).statusCode()).isEqualTo(200);
    }

    @Test
    void pathWhenSeveralEntriesMatchThenEachMustBeMetAndTheFirstUnmetIsNamed() throws Exception {
        String staleMfa = token(
                claims().claim("acr", "mfa").claim("auth_time", CLOCK.instant().getEpochSecond() - 600));
        String freshPassword = token(
                claims().claim("acr", "pwd").claim("auth_time", CLOCK.instant().getEpochSecond()));

        assertStepUp(get("/plain/admin/keys", staleMfa), "max_age=\"300\"");
        assertStepUp(get("/plain/admin/keys", freshPassword), "acr_values=\"mfa\"");
        assertThat(get("/plain/admin/users", freshPassword).statusCode()).isEqualTo(200);
    }

    @Test
    void pathWhenTheSameTokenAgesPastMaxAgeThenRefusedOnTheCacheHit() throws Exception {
        String token = authenticatedSecondsAgo(200);

        HttpResponse<String> fresh = get("/plain/admin/users", token);
        CLOCK.advance(Duration.ofSeconds(101));
        HttpResponse<String> stale = get("/plain/admin/users", token);

        assertThat(fresh.statusCode()).isEqualTo(200);
        assertStepUp(stale, "max_age=\"300\"");
    }

    @Test
    void pathWhenDPoPRequestIsStaleThenTheErrorIsOnTheDPoPChallenge() throws Exception {
        ECKey key = TestProofs.newKey();
        String token = TestTokens.sign(
                TestKeys.RSA,
                JWSAlgorithm.RS256,
                claims().claim("cnf", Map.of("jkt", TestProofs.thumbprint(key)))
                        .claim("auth_time", CLOCK.instant().getEpochSecond() - 600)
                        .build());
        String url = base + "/plain/admin/users";

        HttpResponse<String> response = send(
                "GET",
                "/plain/admin/users",
                "DPoP " + token,
                "DPoP",
                TestProofs.proof(key, "GET", url, token, CLOCK.instant()));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().allValues("WWW-Authenticate"))
                .containsExactly(DPOP + ", " + INSUFFICIENT + ", max_age=\"300\"", BEARER);
    }

    @Test
    void jaxrsWhenTheClassAnnotationIsUnmetThenTheSameAnswerAsTheFilter() throws Exception {
        assertThat(get("/api/stepup", withAcr("mfa")).statusCode()).isEqualTo(200);
        long before = count(AuthEventReason.INSUFFICIENT_USER_AUTHENTICATION);

        assertStepUp(get("/api/stepup", withAcr("pwd")), "acr_values=\"mfa\"");
        assertThat(count(AuthEventReason.INSUFFICIENT_USER_AUTHENTICATION)).isEqualTo(before + 1);
    }

    @Test
    void jaxrsWhenTheMethodIsAnnotatedThenItsAnnotationReplacesTheClasses() throws Exception {
        assertThat(get("/api/stepup/fresh", authenticatedSecondsAgo(10)).statusCode())
                .isEqualTo(200);
        assertStepUp(get("/api/stepup/fresh", withAcr("mfa")), "max_age=\"300\"");
    }

    @Test
    void jaxrsWhenTheRoleIsMissingThen403StaysA403() throws Exception {
        assertThat(get("/api/stepup/admin", withAcr("pwd")).statusCode()).isEqualTo(403);
    }

    @Test
    void jaxrsWhenUnannotatedOrUnusableThenUntouchedOrRefused() throws Exception {
        assertThat(get("/api/plain", withAcr("pwd")).statusCode()).isEqualTo(200);
        assertThat(send("POST", "/api/stepup/unusable", withAcr("mfa")).statusCode())
                .isEqualTo(403);
    }

    @Test
    void jaxrsWhenDPoPRequestIsRefusedThenTheErrorIsOnTheDPoPChallenge() throws Exception {
        ECKey key = TestProofs.newKey();
        String token = TestTokens.sign(
                TestKeys.RSA,
                JWSAlgorithm.RS256,
                claims().claim("cnf", Map.of("jkt", TestProofs.thumbprint(key)))
                        .claim("acr", "pwd")
                        .build());
        String url = base + "/api/stepup";

        HttpResponse<String> response = send(
                "GET",
                "/api/stepup",
                "DPoP " + token,
                "DPoP",
                TestProofs.proof(key, "GET", url, token, CLOCK.instant()));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().allValues("WWW-Authenticate"))
                .containsExactly(DPOP + ", " + INSUFFICIENT + ", acr_values=\"mfa\"", BEARER);
    }
}
