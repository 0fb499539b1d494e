package dev.jwtfilter.it.jetty;

import static dev.jwtfilter.it.support.DemoClient.access;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.SignedJWT;
import dev.jwtfilter.it.support.DemoClient;
import dev.jwtfilter.it.support.DemoKeys;
import dev.jwtfilter.it.support.DeployedWars;
import dev.jwtfilter.it.support.Http;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * One node verifies with keys it fetches from the other's {@code /.well-known/jwks.json}: readme-app (the
 * README's snippet) trusts the demo as its issuer. The JWKS cache settings come from context-params, the
 * deployment-time fallback for keys the snippet does not set. Ordered: rotation first, then the outage.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RemoteJwksIT {
    private static final Duration CACHE_TTL = Duration.ofSeconds(2);
    private static Path issuerData;
    private static DemoKeys keys;
    private static JettyNode issuer;
    private static JettyNode verifier;
    private static int issuerPort;
    private static String tokenAfterRotation;

    @BeforeAll
    static void start() throws Exception {
        issuerData = Files.createTempDirectory("it-jwks-issuer");
        keys = DemoKeys.create(issuerData);
        issuer = JettyNode.start(DeployedWars.demo(), issuerParams());
        issuerPort = issuer.port();
        System.setProperty("JWT_ISSUER", DemoKeys.ISSUER);
        System.setProperty("JWT_AUDIENCE", DemoKeys.AUDIENCE);
        System.setProperty(
                "JWT_JWKS_URI", issuer.base().resolve("/.well-known/jwks.json").toString());
        verifier = JettyNode.start(
                DeployedWars.readmeApp(),
                Map.of(
                        "jwt.jwks.cache-ttl",
                        CACHE_TTL.toMillis() + "ms",
                        "jwt.jwks.refresh-timeout",
                        "500ms",
                        "jwt.jwks.refresh-ahead",
                        "0",
                        "jwt.jwks.rate-limit",
                        "10ms"));
    }

    private static Map<String, String> issuerParams() {
        return Map.of(
                "JWT_DEMO_DATA",
                issuerData.toString(),
                "JWT_SIGNING_KEY_FILE",
                keys.file().toString());
    }

    @AfterAll
    static void stop() throws Exception {
        System.clearProperty("JWT_ISSUER");
        System.clearProperty("JWT_AUDIENCE");
        System.clearProperty("JWT_JWKS_URI");
        if (verifier != null) {
            verifier.close();
        }
        if (issuer != null) {
            issuer.close();
        }
    }

    private static int hello(String token) throws Exception {
        return Http.get(verifier.base().resolve("/hello"), Http.bearer(token)).statusCode();
    }

    @Test
    @Order(1)
    void verifierWhenIssuerRotatesItsKeyThenNewTokensVerifyAndTokensInFlightToo() throws Exception {
        String beforeRotation = access(new DemoClient(issuer.base()).tokens("alice", "alice-demo-pass"));
        assertThat(hello(beforeRotation)).isEqualTo(200);

        issuer.close();
        String oldKid = keys.activeKey().getKeyID();
        keys.rotate();
        issuer = JettyNode.start(DeployedWars.demo(), issuerParams(), issuerPort);
        tokenAfterRotation = access(new DemoClient(issuer.base()).tokens("alice", "alice-demo-pass"));

        assertThat(SignedJWT.parse(tokenAfterRotation).getHeader().getKeyID()).isNotEqualTo(oldKid);
        assertThat(hello(tokenAfterRotation)).isEqualTo(200);
        assertThat(hello(beforeRotation)).isEqualTo(200);
    }

    @Test
    @Order(2)
    void verifierWhenJwksEndpointIsDownThenKnownKeysStillVerify() throws Exception {
        assertThat(hello(tokenAfterRotation)).isEqualTo(200);
        issuer.close();
        URI jwks = URI.create("http://127.0.0.1:" + issuerPort + "/.well-known/jwks.json");
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> Http.get(jwks)))
                .isInstanceOf(java.io.IOException.class);

        // Bounded: keep asking for three cache lifetimes, so the verifier must have tried and failed to refetch.
        long until = System.nanoTime() + CACHE_TTL.multipliedBy(3).toNanos();
        int calls = 0;
        while (System.nanoTime() < until) {
            assertThat(hello(tokenAfterRotation)).isEqualTo(200);
            calls++;
        }
        assertThat(calls).isPositive();
        issuer = JettyNode.start(DeployedWars.demo(), issuerParams(), issuerPort);
    }
}
