package dev.jwtfilter.web;

import static dev.jwtfilter.TestTokens.claimsAt;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.RSAKey;
import dev.jwtfilter.DocumentServer;
import dev.jwtfilter.JwksServer;
import dev.jwtfilter.TestKeys;
import dev.jwtfilter.TestTokens;
import dev.jwtfilter.web.app.TestServlets;
import jakarta.servlet.DispatcherType;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A key outage is never a 401: the filter in a real Jetty server with a second real server playing the JWKS
 * endpoint (or the OpenID provider), down from the start and then back, and the fallback key set, over HTTP.
 */
class JwtAuthenticationFilterKeyOutageJettyTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Duration BOUND = Duration.ofSeconds(10);
    private static final String RATE_LIMIT = "500ms"; // ten quick requests hit it; the poll afterwards stays short
    private Server server;

    @AfterEach
    void stopServer() throws Exception {
        if (server != null) {
            server.stop();
        }
    }

    private URI start(Map<String, String> params) throws Exception {
        server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/app");
        FilterHolder filter = new FilterHolder(JwtAuthenticationFilter.class);
        filter.setInitParameter("jwt.audiences", TestTokens.AUDIENCE);
        filter.setInitParameter("jwt.jwks.rate-limit", RATE_LIMIT);
        params.forEach(filter::setInitParameter);
        context.addFilter(filter, "/*", EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder(TestServlets.WhoAmI.class), "/me");
        server.setHandler(context);
        server.start();
        return URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/app/me");
    }

    private static HttpResponse<String> get(URI uri, String token) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(uri)
                        .header("Authorization", "Bearer " + token)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String token(RSAKey key, String issuer) {
        return TestTokens.sign(
                key, JWSAlgorithm.RS256, claimsAt(Instant.now()).issuer(issuer).build());
    }

    /** Ten requests in a row, each a 503 with {@code Retry-After}; never a 401. */
    private static void assertTenUnavailable(URI uri, String token) throws Exception {
        for (int i = 0; i < 10; i++) {
            HttpResponse<String> response = get(uri, token);
            assertThat(response.statusCode()).as("request %d", i + 1).isEqualTo(503);
            assertThat(response.headers().firstValue("Retry-After")).isPresent();
        }
    }

    /** Polls, bounded, until the token is accepted; every answer before that must be 503. */
    private static void assertUnavailableUntilAccepted(URI uri, String token) throws Exception {
        List<Integer> before = new ArrayList<>();
        long deadline = System.nanoTime() + BOUND.toNanos();
        int status;
        while ((status = get(uri, token).statusCode()) != 200 && System.nanoTime() < deadline) {
            before.add(status);
        }
        assertThat(status).isEqualTo(200);
        assertThat(before).allSatisfy(answer -> assertThat(answer).isEqualTo(503));
    }

    @Test
    void requestsWhenJwksDownFromTheStartThen503WithRetryAfterUntilItIsBack() throws Exception {
        try (JwksServer jwks = new JwksServer(TestKeys.publicJwks(TestKeys.RSA))) {
            jwks.setDown(true);
            URI me = start(Map.of(
                    "jwt.issuer", TestTokens.ISSUER, "jwt.jwks.uri", jwks.uri().toString()));
            String token = token(TestKeys.RSA, TestTokens.ISSUER);

            assertTenUnavailable(me, token);
            jwks.setDown(false);

            assertUnavailableUntilAccepted(me, token);
        }
    }

    @Test
    void requestsWhenDiscoveredJwksMissingFromTheStartThen503WithRetryAfterUntilItIsServed() throws Exception {
        try (DocumentServer provider = new DocumentServer()) {
            String issuer = provider.base() + "/realms/shop";
            String jwksPath = "/realms/shop/certs";
            provider.put(
                    "/realms/shop/.well-known/openid-configuration",
                    "{\"issuer\":\"" + issuer + "\",\"jwks_uri\":\"" + provider.base() + jwksPath + "\"}");
            URI me = start(Map.of("jwt.issuer", issuer, "jwt.oidc.discovery", "true"));
            String token = token(TestKeys.RSA, issuer);

            assertTenUnavailable(me, token); // discovery succeeds, the JWKS it names answers 404
            provider.put(jwksPath, TestKeys.publicJwks(TestKeys.RSA));

            assertUnavailableUntilAccepted(me, token);
        }
    }

    @Test
    void requestsWhenTokenVerifiedByTheFallbackThenRefusedOnceTheFetchedSetLacksItsKey(@TempDir Path dir)
            throws Exception {
        RSAKey shippedOnly = TestKeys.rsa("shipped-only", 2048);
        Path fallback = Files.writeString(dir.resolve("fallback-jwks.json"), TestKeys.publicJwks(shippedOnly));
        try (JwksServer jwks = new JwksServer(TestKeys.publicJwks(TestKeys.RSA))) {
            jwks.setDown(true);
            URI me = start(Map.of(
                    "jwt.issuer",
                    TestTokens.ISSUER,
                    "jwt.jwks.uri",
                    jwks.uri().toString(),
                    "jwt.jwks.fallback-file",
                    fallback.toString()));
            String shipped = token(shippedOnly, TestTokens.ISSUER);
            assertThat(get(me, shipped).statusCode()).isEqualTo(200);
            assertThat(get(me, shipped).statusCode()).isEqualTo(200); // verified again: fallback tokens are not cached

            jwks.setDown(false); // back, without the shipped key: a fresh token makes the first fetch
            String current = token(TestKeys.RSA, TestTokens.ISSUER);
            long deadline = System.nanoTime() + BOUND.toNanos();
            while (get(me, current).statusCode() != 200 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }

            assertThat(get(me, current).statusCode()).isEqualTo(200);
            assertThat(get(me, shipped).statusCode()).isEqualTo(401);
        }
    }

    @Test
    void requestsWhenOnlyTheFallbackVerifiedTokenArrivesAfterTheOutageThenRefusedOnceTheFetchLacksItsKey(
            @TempDir Path dir) throws Exception {
        RSAKey shippedOnly = TestKeys.rsa("shipped-only", 2048);
        Path fallback = Files.writeString(dir.resolve("fallback-jwks.json"), TestKeys.publicJwks(shippedOnly));
        try (JwksServer jwks = new JwksServer(TestKeys.publicJwks(TestKeys.RSA))) {
            jwks.setDown(true);
            URI me = start(Map.of(
                    "jwt.issuer",
                    TestTokens.ISSUER,
                    "jwt.jwks.uri",
                    jwks.uri().toString(),
                    "jwt.jwks.fallback-file",
                    fallback.toString(),
                    "jwt.jwks.rate-limit",
                    "1s"));
            String shipped = token(shippedOnly, TestTokens.ISSUER);
            assertThat(get(me, shipped).statusCode()).isEqualTo(200);

            jwks.setDown(false); // back without the shipped key, and no other token arrives to cause a fetch
            long deadline = System.nanoTime() + BOUND.toNanos();
            int status = get(me, shipped).statusCode();
            while (status == 200 && System.nanoTime() < deadline) {
                Thread.sleep(100);
                status = get(me, shipped).statusCode();
            }

            assertThat(status)
                    .as("a cached fallback token would pass until its exp")
                    .isEqualTo(401);
        }
    }
}
