package dev.jwtfilter.keys;

import static dev.jwtfilter.TestConfigs.own;
import static dev.jwtfilter.TestTokens.claimsAt;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.opts.AllowWeakRSAKey;
import com.nimbusds.jose.jwk.KeyOperation;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import dev.jwtfilter.JwksServer;
import dev.jwtfilter.LogCapture;
import dev.jwtfilter.TestKeys;
import dev.jwtfilter.TestTokens;
import dev.jwtfilter.config.JwtConfig;
import dev.jwtfilter.event.AuthEventReason;
import dev.jwtfilter.verify.JwtVerificationException;
import dev.jwtfilter.verify.JwtVerificationException.Failure;
import dev.jwtfilter.verify.NimbusTokenVerifier;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Remote JWKS against a real local endpoint: lazy fetch, rotation, outage tolerance, and no keys at all. */
class RemoteJwksTest {

    private static NimbusTokenVerifier verifier(URI uri, JwksOptions options) {
        JwtConfig config = JwtConfig.builder()
                .issuer(TestTokens.ISSUER)
                .audiences(TestTokens.AUDIENCE)
                .jwksOptions(options)
                .jwksUri(uri)
                .build();
        return new NimbusTokenVerifier(own(config));
    }

    private static String token(RSAKey key) {
        return TestTokens.sign(key, JWSAlgorithm.RS256, claimsAt(Instant.now()).build());
    }

    @Test
    void verifyWhenKeyRotatedOnIssuerThenUnknownKidTriggersRefetch() throws Exception {
        try (JwksServer jwks = new JwksServer(TestKeys.publicJwks(TestKeys.RSA))) {
            NimbusTokenVerifier verifier =
                    verifier(jwks.uri(), JwksOptions.defaults().withRateLimit(Duration.ofMillis(1)));
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
            JwksOptions options = JwksOptions.defaults()
                    .withCacheTtl(Duration.ofMillis(200))
                    .withRefreshAhead(Duration.ZERO)
                    .withRefreshTimeout(Duration.ofMillis(100))
                    .withRateLimit(Duration.ofMillis(10));
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

            assertThatThrownBy(() -> verifier.verify(token(TestKeys.RSA)))
                    .isInstanceOfSatisfying(
                            JwtVerificationException.class,
                            e -> assertThat(e.failure()).isEqualTo(Failure.KEYS_UNAVAILABLE));
        }
    }

    @Test
    void verifyWhenUnknownKidsArriveFasterThanTheRateLimitThenInvalidNotUnavailable() throws Exception {
        try (JwksServer jwks = new JwksServer(TestKeys.publicJwks(TestKeys.RSA))) {
            NimbusTokenVerifier verifier = verifier(jwks.uri(), JwksOptions.defaults());
            for (int i = 1; i <= 3; i++) {
                String forged = token(TestKeys.rsa("attacker-" + i, 2048));
                assertThatThrownBy(() -> verifier.verify(forged))
                        .isInstanceOfSatisfying(
                                JwtVerificationException.class,
                                e -> assertThat(e.failure()).isEqualTo(Failure.INVALID));
            }
        }
    }

    @Test
    void verifyWhenTokenSignedByKeyTheIssuerNeverPublishedThenInvalid() throws Exception {
        try (JwksServer jwks = new JwksServer(TestKeys.publicJwks(TestKeys.RSA))) {
            NimbusTokenVerifier verifier = verifier(jwks.uri(), JwksOptions.defaults());

            assertThatThrownBy(() -> verifier.verify(token(TestKeys.RSA_OTHER)))
                    .isInstanceOfSatisfying(
                            JwtVerificationException.class,
                            e -> assertThat(e.failure()).isEqualTo(Failure.INVALID));
        }
    }

    // Long enough that ten quick requests hit the rate limit, short enough that the poll after the outage is brief.
    private static final JwksOptions HALF_SECOND_REFETCH =
            JwksOptions.defaults().withRateLimit(Duration.ofMillis(500));
    private static final Duration BOUND = Duration.ofSeconds(10);

    private static Failure failureOf(NimbusTokenVerifier verifier, String token) {
        try {
            verifier.verify(token);
            return null;
        } catch (JwtVerificationException e) {
            return e.failure();
        }
    }

    private static String weakToken(RSAKey weak) throws Exception {
        SignedJWT jwt = new SignedJWT(
                TestTokens.header(JWSAlgorithm.RS256, weak).build(),
                claimsAt(Instant.now()).build());
        jwt.sign(new RSASSASigner(weak.toPrivateKey(), Set.of(AllowWeakRSAKey.getInstance())));
        return jwt.serialize();
    }

    @Test
    void verifyWhenJwksServesA1024BitKeyThenItIsDroppedWithAWarningAndTheGoodKeyStillVerifies() throws Exception {
        RSAKey weak = TestKeys.rsa("weak-1", 1024);
        try (JwksServer jwks = new JwksServer(TestKeys.publicJwks(weak, TestKeys.RSA));
                LogCapture log = new LogCapture(RemoteKeys.class.getName())) {
            NimbusTokenVerifier verifier = verifier(jwks.uri(), JwksOptions.defaults());

            assertThat(verifier.verify(token(TestKeys.RSA)).keyId()).contains("rsa-1");
            assertThatThrownBy(() -> verifier.verify(weakToken(weak)))
                    .isInstanceOfSatisfying(
                            JwtVerificationException.class,
                            e -> assertThat(e.reason()).isEqualTo(AuthEventReason.UNKNOWN_KEY));

            assertThat(log.lines())
                    .anySatisfy(line -> assertThat(line).contains("'weak-1'").contains("1024 bits"));
        }
    }

    @Test
    void verifyWhenJwksServesAnEncryptionKeyThenSkippedWithOneWarningPerFetchNotPerRequest() throws Exception {
        RSAKey encryption = new RSAKey.Builder(TestKeys.RSA_SECOND.toRSAPublicKey())
                .keyID("enc-1")
                .keyUse(KeyUse.ENCRYPTION)
                .build();
        try (JwksServer jwks = new JwksServer(TestKeys.publicJwks(TestKeys.RSA, encryption));
                LogCapture log = new LogCapture(RemoteKeys.class.getName())) {
            NimbusTokenVerifier verifier = verifier(jwks.uri(), JwksOptions.defaults());

            for (int i = 0; i < 5; i++) {
                assertThat(verifier.verify(token(TestKeys.RSA)).subject()).contains("alice");
            }

            assertThat(jwks.requests()).isEqualTo(1);
            assertThat(log.records()).singleElement().satisfies(record -> {
                assertThat(record.getLevel()).isEqualTo(java.util.logging.Level.WARNING);
                assertThat(log.lines().get(0)).contains("'enc-1' has use 'enc'");
            });
        }
    }

    @Test
    void verifyWhenJwksServesAKeyWhoseKeyOpsLackVerifyThenSkippedWithOneWarningAndItsTokensRefused() throws Exception {
        RSAKey wrapping = new RSAKey.Builder(TestKeys.RSA_SECOND.toRSAPublicKey())
                .keyID("rsa-2")
                .keyOperations(Set.of(KeyOperation.ENCRYPT, KeyOperation.WRAP_KEY))
                .build();
        try (JwksServer jwks = new JwksServer(TestKeys.publicJwks(TestKeys.RSA, wrapping));
                LogCapture log = new LogCapture(RemoteKeys.class.getName())) {
            NimbusTokenVerifier verifier = verifier(jwks.uri(), JwksOptions.defaults());

            for (int i = 0; i < 3; i++) {
                assertThat(verifier.verify(token(TestKeys.RSA)).subject()).contains("alice");
                assertThatThrownBy(() -> verifier.verify(token(TestKeys.RSA_SECOND)))
                        .isInstanceOfSatisfying(JwtVerificationException.class, e -> {
                            assertThat(e.failure()).isEqualTo(Failure.INVALID);
                            assertThat(e.reason()).isEqualTo(AuthEventReason.UNKNOWN_KEY);
                        });
            }

            assertThat(log.records())
                    .filteredOn(record -> record.getLevel() == java.util.logging.Level.WARNING)
                    .singleElement()
                    .satisfies(record -> assertThat(log.lines().get(0))
                            .contains("'rsa-2' has key_ops [encrypt, wrapKey] without 'verify'"));
        }
    }

    @Test
    void verifyWhenJwksServesNoUsableKeyThenKeysUnavailableNotEveryClientsFault() throws Exception {
        RSAKey weak = TestKeys.rsa("weak-1", 1024);
        RSAKey encryption = new RSAKey.Builder(TestKeys.RSA.toRSAPublicKey())
                .keyID("rsa-1")
                .keyUse(KeyUse.ENCRYPTION)
                .build();
        try (JwksServer jwks = new JwksServer(TestKeys.publicJwks(weak, encryption))) {
            NimbusTokenVerifier verifier = verifier(jwks.uri(), JwksOptions.defaults());

            assertThat(failureOf(verifier, token(TestKeys.RSA))).isEqualTo(Failure.KEYS_UNAVAILABLE);
            assertThat(failureOf(verifier, weakToken(weak))).isEqualTo(Failure.KEYS_UNAVAILABLE);
        }
    }

    @Test
    void verifyWhenTheSameKeyIsDroppedOnEveryRefetchThenOneWarningNotOnePerFetch() throws Exception {
        RSAKey encryption = new RSAKey.Builder(TestKeys.RSA_SECOND.toRSAPublicKey())
                .keyID("enc-1")
                .keyUse(KeyUse.ENCRYPTION)
                .build();
        try (JwksServer jwks = new JwksServer(TestKeys.publicJwks(TestKeys.RSA, encryption));
                LogCapture log = new LogCapture(RemoteKeys.class.getName())) {
            NimbusTokenVerifier verifier =
                    verifier(jwks.uri(), JwksOptions.defaults().withRateLimit(Duration.ofMillis(1)));
            RSAKey unpublished = TestKeys.rsa("rsa-9", 2048);

            for (int i = 0; i < 4; i++) {
                assertThat(failureOf(verifier, token(unpublished)))
                        .isEqualTo(Failure.INVALID); // unknown kid: a refetch
                assertThat(verifier.verify(token(TestKeys.RSA)).subject()).contains("alice");
            }

            assertThat(jwks.requests()).isGreaterThan(1);
            assertThat(log.records())
                    .filteredOn(record -> record.getLevel() == java.util.logging.Level.WARNING)
                    .hasSize(1);
        }
    }

    @Test
    void verifyWhenEndpointDownFromTheStartThenEveryTokenKeysUnavailableUntilItIsBack() throws Exception {
        try (JwksServer jwks = new JwksServer(TestKeys.publicJwks(TestKeys.RSA))) {
            jwks.setDown(true);
            NimbusTokenVerifier verifier = verifier(jwks.uri(), HALF_SECOND_REFETCH);
            for (int i = 0; i < 10; i++) {
                assertThat(failureOf(verifier, token(TestKeys.RSA))).isEqualTo(Failure.KEYS_UNAVAILABLE);
            }
            jwks.setDown(false);

            List<Failure> seen = new ArrayList<>();
            long deadline = System.nanoTime() + BOUND.toNanos();
            Failure failure;
            while ((failure = failureOf(verifier, token(TestKeys.RSA))) != null && System.nanoTime() < deadline) {
                seen.add(failure);
            }

            assertThat(failure).isNull();
            assertThat(seen).allSatisfy(seenFailure -> assertThat(seenFailure).isEqualTo(Failure.KEYS_UNAVAILABLE));
        }
    }

    @Test
    void verifyWhenKeysHeldPastTheOutageToleranceThenKeysUnavailableNeverInvalid() throws Exception {
        try (JwksServer jwks = new JwksServer(TestKeys.publicJwks(TestKeys.RSA))) {
            JwksOptions options = JwksOptions.defaults()
                    .withCacheTtl(Duration.ofSeconds(1))
                    .withRefreshAhead(Duration.ZERO)
                    .withRefreshTimeout(Duration.ofMillis(100))
                    .withRateLimit(Duration.ofMillis(500))
                    .withOutageTolerance(Duration.ofSeconds(1));
            NimbusTokenVerifier verifier = verifier(jwks.uri(), options);
            verifier.verify(token(TestKeys.RSA));
            jwks.setDown(true);

            long deadline = System.nanoTime() + BOUND.toNanos();
            Failure failure;
            while ((failure = failureOf(verifier, token(TestKeys.RSA))) == null && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }

            assertThat(failure).isEqualTo(Failure.KEYS_UNAVAILABLE);
            for (int i = 0; i < 10; i++) {
                assertThat(failureOf(verifier, token(TestKeys.RSA))).isEqualTo(Failure.KEYS_UNAVAILABLE);
            }
        }
    }

    @Test
    void verifyWhenEndpointDownFromTheStartThenTheFallbackSetVerifiesEveryToken() throws Exception {
        try (JwksServer jwks = new JwksServer(TestKeys.publicJwks(TestKeys.RSA))) {
            jwks.setDown(true);
            NimbusTokenVerifier verifier = new NimbusTokenVerifier(JwtConfig.builder()
                    .issuer(TestTokens.ISSUER)
                    .audiences(TestTokens.AUDIENCE)
                    .jwksOptions(JwksOptions.defaults())
                    .jwksFallback(TestKeys.publicJwks(TestKeys.RSA))
                    .jwksUri(jwks.uri())
                    .build()
                    .ownIssuer()
                    .orElseThrow());

            for (int i = 0; i < 10; i++) {
                assertThat(verifier.verify(token(TestKeys.RSA)).subject()).contains("alice");
            }
            assertThat(failureOf(verifier, token(TestKeys.RSA_SECOND))).isEqualTo(Failure.INVALID);
        }
    }
}
