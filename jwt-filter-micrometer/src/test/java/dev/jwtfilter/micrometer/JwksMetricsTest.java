package dev.jwtfilter.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import dev.jwtfilter.config.JwtConfig;
import dev.jwtfilter.core.AuthenticationOutcome;
import dev.jwtfilter.core.JwtAuthenticator;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** JWKS fetch counters of a real authenticator fetching from a real HTTP server on a loopback port. */
class JwksMetricsTest {
    private static final String ISSUER = "https://login.example.com";

    private final AtomicBoolean up = new AtomicBoolean(true);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private RSAKey key;
    private HttpServer server;
    private JwtAuthenticator authenticator;

    @BeforeEach
    void start() throws Exception {
        key = new RSAKeyGenerator(2048).keyID("k1").generate();
        byte[] jwks = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/jwks", exchange -> {
            exchange.sendResponseHeaders(up.get() ? 200 : 500, up.get() ? jwks.length : -1);
            if (up.get()) {
                exchange.getResponseBody().write(jwks);
            }
            exchange.close();
        });
        server.start();
        JwtConfig config = JwtConfig.builder()
                .issuer(ISSUER)
                .audiences("api")
                .jwksUri(URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/jwks"))
                .eventLogging(false)
                .build();
        authenticator = new JwtAuthenticator(config);
        new JwksMetrics(config).bindTo(registry);
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void bindToWhenKeysFetchedThenSuccessCounts() throws Exception {
        assertThat(authenticator.authenticate(token())).isInstanceOf(AuthenticationOutcome.Authenticated.class);

        assertThat(fetches("success")).isEqualTo(1);
        assertThat(fetches("failure")).isZero();
    }

    @Test
    void bindToWhenEndpointDownThenFailuresCount() throws Exception {
        up.set(false);

        assertThat(authenticator.authenticate(token())).isInstanceOf(AuthenticationOutcome.Failed.class);

        assertThat(fetches("failure")).isPositive();
        assertThat(fetches("success")).isZero();
    }

    private double fetches(String result) {
        return registry.get(JwksMetrics.FETCHES)
                .tags("issuer", ISSUER, "result", result)
                .functionCounter()
                .count();
    }

    private String token() throws Exception {
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("k1").build(),
                new JWTClaimsSet.Builder()
                        .issuer(ISSUER)
                        .audience("api")
                        .subject("alice")
                        .expirationTime(new Date(System.currentTimeMillis() + 600_000))
                        .build());
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }
}
