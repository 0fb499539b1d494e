package dev.jwtfilter.keys;

import static dev.jwtfilter.TestTokens.claimsAt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import dev.jwtfilter.JwksServer;
import dev.jwtfilter.TestKeys;
import dev.jwtfilter.TestTokens;
import dev.jwtfilter.config.JwksOptions;
import dev.jwtfilter.config.JwtConfig;
import dev.jwtfilter.verify.JwtVerificationException;
import dev.jwtfilter.verify.JwtVerificationException.Failure;
import dev.jwtfilter.verify.NimbusTokenVerifier;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Remote JWKS against a real local endpoint: lazy fetch, rotation, outage tolerance, and no keys at all. */
class RemoteJwksTest {

    private static NimbusTokenVerifier verifier(URI uri, JwksOptions options) {
        JwtConfig config = JwtConfig.builder().issuer(TestTokens.ISSUER).audiences(TestTokens.AUDIENCE)
                .jwksOptions(options).jwksUri(uri).build();
        return new NimbusTokenVerifier(config);
    }

    private static String token(com.nimbusds.jose.jwk.RSAKey key) {
        return TestTokens.sign(key, JWSAlgorithm.RS256, claimsAt(Instant.now()).build());
    }

    @Test
    void verifyWhenKeyRotatedOnIssuerThenUnknownKidTriggersRefetch() throws Exception {
        try (JwksServer jwks = new JwksServer(TestKeys.publicJwks(TestKeys.RSA))) {
            NimbusTokenVerifier verifier = verifier(jwks.uri(), JwksOptions.defaults().withRateLimit(Duration.ofMillis(1)));
            assertThat(jwks.requests()).isZero(); // nothing fetched before the first token

            assertThat(verifier.verify(token(TestKeys.RSA)).keyId()).contains("rsa-1");
            jwks.publish(TestKeys.publicJwks(TestKeys.RSA, TestKeys.RSA_SECOND));

            assertThat(verifier.verify(token(TestKeys.RSA_SECOND)).keyId()).contains("rsa-2");
            assertThat(jwks.requests()).isEqualTo(2);
        }
    }

    @Test
    void verifyWhenEndpointDownAfterFirstFetchThenCachedKeysStillVerify() throws Exception {
        try (JwksServer jwks = new JwksServer(TestKeys.publicJwks(TestKeys.RSA))) {
            JwksOptions options = JwksOptions.defaults().withCacheTtl(Duration.ofMillis(200)).withRefreshAhead(Duration.ZERO)
                    .withRefreshTimeout(Duration.ofMillis(100)).withRateLimit(Duration.ofMillis(10));
            NimbusTokenVerifier verifier = verifier(jwks.uri(), options);
            verifier.verify(token(TestKeys.RSA));
            jwks.setDown(true);
            int before = jwks.requests();

            // Poll, bounded, until the expired cache has made the verifier try the failing endpoint.
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (jwks.requests() == before && System.nanoTime() < deadline) {
                assertThat(verifier.verify(token(TestKeys.RSA)).subject()).contains("alice");
            }

            assertThat(jwks.requests()).isGreaterThan(before);
            assertThat(verifier.verify(token(TestKeys.RSA)).subject()).contains("alice");
        }
    }

    @Test
    void verifyWhenEndpointNeverAnsweredThenKeysUnavailable() throws Exception {
        try (JwksServer jwks = new JwksServer(TestKeys.publicJwks(TestKeys.RSA))) {
            jwks.setDown(true);
            NimbusTokenVerifier verifier = verifier(jwks.uri(), JwksOptions.defaults());

            assertThatThrownBy(() -> verifier.verify(token(TestKeys.RSA))).isInstanceOfSatisfying(
                    JwtVerificationException.class, e -> assertThat(e.failure()).isEqualTo(Failure.KEYS_UNAVAILABLE));
        }
    }

    @Test
    void verifyWhenUnknownKidsArriveFasterThanTheRateLimitThenInvalidNotUnavailable() throws Exception {
        try (JwksServer jwks = new JwksServer(TestKeys.publicJwks(TestKeys.RSA))) {
            NimbusTokenVerifier verifier = verifier(jwks.uri(), JwksOptions.defaults());
            for (int i = 1; i <= 3; i++) {
                String forged = token(TestKeys.rsa("attacker-" + i, 2048));
                assertThatThrownBy(() -> verifier.verify(forged)).isInstanceOfSatisfying(
                        JwtVerificationException.class, e -> assertThat(e.failure()).isEqualTo(Failure.INVALID));
            }
        }
    }

    @Test
    void verifyWhenTokenSignedByKeyTheIssuerNeverPublishedThenInvalid() throws Exception {
        try (JwksServer jwks = new JwksServer(TestKeys.publicJwks(TestKeys.RSA))) {
            NimbusTokenVerifier verifier = verifier(jwks.uri(), JwksOptions.defaults());

            assertThatThrownBy(() -> verifier.verify(token(TestKeys.RSA_OTHER))).isInstanceOfSatisfying(
                    JwtVerificationException.class, e -> assertThat(e.failure()).isEqualTo(Failure.INVALID));
        }
    }
}
