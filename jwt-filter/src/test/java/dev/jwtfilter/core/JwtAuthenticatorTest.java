package dev.jwtfilter.core;

import static dev.jwtfilter.TestConfigs.own;
import static dev.jwtfilter.TestTokens.claims;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import dev.jwtfilter.MutableClock;
import dev.jwtfilter.TestKeys;
import dev.jwtfilter.TestTokens;
import dev.jwtfilter.config.JwtConfig;
import dev.jwtfilter.config.JwtConfigBuilder;
import dev.jwtfilter.error.BearerError;
import dev.jwtfilter.keys.KeySetChanges;
import dev.jwtfilter.keys.KeySetChangesProbe;
import dev.jwtfilter.keys.VerificationKeys;
import dev.jwtfilter.revoke.InMemoryRevocationList;
import dev.jwtfilter.revoke.RevocationCheck;
import dev.jwtfilter.revoke.RevocationUnavailableException;
import dev.jwtfilter.verify.JwtVerificationException;
import dev.jwtfilter.verify.NimbusTokenVerifier;
import dev.jwtfilter.verify.TokenVerifier;
import dev.jwtfilter.verify.VerifiedJwt;
import java.time.Duration;
import java.util.Date;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The verified-token cache in front of the verifier: what a hit skips, and what it still checks. */
class JwtAuthenticatorTest {
    private final MutableClock clock = new MutableClock(TestTokens.NOW);
    private final KeySetChanges changes = new KeySetChanges();
    private final AtomicInteger fullVerifications = new AtomicInteger();
    private final Set<String> revokedIds = new HashSet<>();

    private JwtConfigBuilder config() {
        JWKSet keys = new JWKSet(TestKeys.RSA.toPublicJWK());
        return TestTokens.config()
                .clock(clock)
                .keys(new VerificationKeys(new ImmutableJWKSet<>(keys), Set.of(JWSAlgorithm.RS256), true, changes));
    }

    private JwtAuthenticator authenticator(JwtConfig config) {
        NimbusTokenVerifier nimbus = new NimbusTokenVerifier(own(config));
        TokenVerifier counting = token -> {
            fullVerifications.incrementAndGet();
            return nimbus.verify(token);
        };
        RevocationCheck revocations = jwt -> jwt.id().map(revokedIds::contains).orElse(false);
        return new JwtAuthenticator(config, counting, revocations);
    }

    @Test
    void authenticateWhenTokenOverTheSizeLimitInUtf8BytesThenInvalidWithoutVerifying() {
        JwtAuthenticator authenticator =
                authenticator(config().maxTokenBytes(100).build());

        assertThat(error(authenticator.authenticate("a".repeat(101)))).isEqualTo(BearerError.INVALID_TOKEN);
        assertThat(error(authenticator.authenticate("\u00e9".repeat(51))))
                .isEqualTo(BearerError.INVALID_TOKEN); // 102 bytes
        assertThat(error(authenticator.authenticate("\ud83d\ude00".repeat(26))))
                .isEqualTo(BearerError.INVALID_TOKEN); // 104
        assertThat(fullVerifications).hasValue(0);

        authenticator.authenticate("a".repeat(100));
        authenticator.authenticate("\u00e9".repeat(50)); // 100 bytes: within the limit, then refused by the verifier
        authenticator.authenticate("\ud83d\ude00".repeat(25));
        assertThat(fullVerifications).hasValue(3);
    }

    private static BearerError error(AuthenticationOutcome outcome) {
        return ((AuthenticationOutcome.Failed) outcome).error();
    }

    @Test
    void authenticateWhenSameTokenAgainThenVerifiedOnceAndSameOutcome() {
        JwtAuthenticator authenticator = authenticator(config().build());
        String token = TestTokens.rs256();

        AuthenticationOutcome first = authenticator.authenticate(token);
        AuthenticationOutcome second =
                authenticator.authenticate(new String(token.toCharArray())); // equal, not identical

        assertThat(first).isInstanceOf(AuthenticationOutcome.Authenticated.class);
        assertThat(second).isSameAs(first);
        assertThat(fullVerifications).hasValue(1);
    }

    @Test
    void authenticateWhenNonCanonicalVariantOfACachedTokenThenMissesTheCacheAndIsRefused() {
        JwtAuthenticator authenticator = authenticator(config().build());
        String token = TestTokens.rs256();
        String padded = token + "=".repeat(4 - token.length() % 4); // RFC 7515 forbids padding; Nimbus would decode it

        assertThat(authenticator.authenticate(token)).isInstanceOf(AuthenticationOutcome.Authenticated.class);
        assertThat(error(authenticator.authenticate(padded))).isEqualTo(BearerError.INVALID_TOKEN);
        assertThat(fullVerifications).hasValue(2);
        assertThat(authenticator.authenticate(token)).isInstanceOf(AuthenticationOutcome.Authenticated.class);
        assertThat(fullVerifications).hasValue(2);
    }

    @Test
    void authenticateWhenCacheDisabledThenVerifiedEveryTime() {
        JwtAuthenticator authenticator =
                authenticator(config().cacheEnabled(false).build());
        String token = TestTokens.rs256();

        authenticator.authenticate(token);
        authenticator.authenticate(token);

        assertThat(fullVerifications).hasValue(2);
    }

    @Test
    void authenticateWhenCachedTokenPassesExpPlusSkewThenExpiredAndForgotten() {
        JwtAuthenticator authenticator = authenticator(config().build());
        String token = TestTokens.rs256(); // exp = NOW + 300 s, skew 60 s
        authenticator.authenticate(token);

        clock.advance(Duration.ofSeconds(359));
        assertThat(authenticator.authenticate(token)).isInstanceOf(AuthenticationOutcome.Authenticated.class);
        clock.advance(Duration.ofSeconds(1));

        assertThat(error(authenticator.authenticate(token))).isEqualTo(BearerError.EXPIRED_TOKEN);
        assertThat(error(authenticator.authenticate(token))).isEqualTo(BearerError.EXPIRED_TOKEN);
        assertThat(fullVerifications).hasValue(2); // the second refusal came from the verifier: the entry was dropped
    }

    @Test
    void authenticateWhenCachedTokenPassesMaxAgeThenInvalid() {
        JwtAuthenticator authenticator =
                authenticator(config().maxTokenAge(Duration.ofSeconds(100)).build());
        String token = TestTokens.rs256();
        authenticator.authenticate(token);

        clock.advance(Duration.ofSeconds(161));

        assertThat(error(authenticator.authenticate(token))).isEqualTo(BearerError.INVALID_TOKEN);
    }

    @Test
    void authenticateWhenClockGoesBackBeforeNbfThenInvalid() {
        JwtAuthenticator authenticator = authenticator(config().build());
        String token = TestTokens.rs256(
                claims().notBeforeTime(Date.from(TestTokens.NOW)).build());
        authenticator.authenticate(token);

        clock.advance(Duration.ofSeconds(-61));

        assertThat(error(authenticator.authenticate(token))).isEqualTo(BearerError.INVALID_TOKEN);
    }

    @Test
    void authenticateWhenTokenRevokedAfterCachingThenRefusedOnTheHit() {
        JwtAuthenticator authenticator = authenticator(config().build());
        String token = TestTokens.rs256(claims().jwtID("session-1").build());
        assertThat(authenticator.authenticate(token)).isInstanceOf(AuthenticationOutcome.Authenticated.class);

        revokedIds.add("session-1");

        assertThat(error(authenticator.authenticate(token))).isEqualTo(BearerError.INVALID_TOKEN);
        assertThat(fullVerifications).hasValue(1);
    }

    @Test
    void authenticateWhenTokenFailsThenFailureIsNeverCached() {
        JwtAuthenticator authenticator = authenticator(config().build());
        String forged = TestTokens.sign(TestKeys.RSA_OTHER, JWSAlgorithm.RS256, claims().build());

        assertThat(error(authenticator.authenticate(forged))).isEqualTo(BearerError.INVALID_TOKEN);
        assertThat(error(authenticator.authenticate(forged))).isEqualTo(BearerError.INVALID_TOKEN);
        assertThat(fullVerifications).hasValue(2);
    }

    @Test
    void authenticateWhenAKeyLeavesTheKeySetThenCachedTokensAreVerifiedAgain() throws JwtVerificationException {
        JwtAuthenticator authenticator = authenticator(config().build());
        String token = TestTokens.rs256();
        authenticator.authenticate(token);
        KeySetChangesProbe.refreshed(changes, new JWKSet(TestKeys.RSA.toPublicJWK()));

        KeySetChangesProbe.refreshed(changes, new JWKSet(TestKeys.RSA_SECOND.toPublicJWK())); // rsa-1 is gone
        authenticator.authenticate(token);

        assertThat(fullVerifications).hasValue(2);
    }

    @Test
    void principalWhenCachedThenClaimsStayImmutableForEveryRequest() {
        JwtAuthenticator authenticator = authenticator(config().build());
        String token = TestTokens.rs256();
        VerifiedJwt jwt = ((AuthenticationOutcome.Authenticated) authenticator.authenticate(token))
                .principal()
                .getJwt();

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> jwt.claims().put("groups", "admin"))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void authenticateWhenConfiguredRevocationListRevokesACachedTokenThenRefusedOnTheHit() {
        JwtConfig config =
                config().revocationList(new InMemoryRevocationList(clock)).build();
        JwtAuthenticator authenticator = new JwtAuthenticator(config);
        String token = TestTokens.rs256(claims().jwtID("session-1").build());
        assertThat(authenticator.authenticate(token)).isInstanceOf(AuthenticationOutcome.Authenticated.class);

        config.revocationList().orElseThrow().revoke(TestTokens.ISSUER, "session-1", TestTokens.NOW.plusSeconds(360));

        assertThat(error(authenticator.authenticate(token))).isEqualTo(BearerError.INVALID_TOKEN);
        assertThat(authenticator.authenticate(TestTokens.rs256()))
                .isInstanceOf(AuthenticationOutcome.Authenticated.class);
    }

    @Test
    void authenticateWhenRevocationListConfiguredAndTokenHasNoJtiThenInvalidUnlessJtiNotRequired() {
        String withoutJti = TestTokens.rs256(claims().jwtID(null).build());

        JwtAuthenticator strict = new JwtAuthenticator(
                config().revocationList(new InMemoryRevocationList(clock)).build());
        JwtAuthenticator lenient = new JwtAuthenticator(config().revocationList(new InMemoryRevocationList(clock))
                .revocationJtiRequired(false)
                .build());

        assertThat(error(strict.authenticate(withoutJti))).isEqualTo(BearerError.INVALID_TOKEN);
        assertThat(lenient.authenticate(withoutJti)).isInstanceOf(AuthenticationOutcome.Authenticated.class);
    }

    @Test
    void authenticateWhenRevocationStateUnavailableThen503OnMissAndHitButNeverAccepted() {
        AtomicBoolean down = new AtomicBoolean(true);
        RevocationCheck failing = jwt -> {
            if (down.get()) {
                throw new RevocationUnavailableException("Revocation list failed to check (SQL state 08001)", null);
            }
            return false;
        };
        JwtConfig config = config().build();
        NimbusTokenVerifier nimbus = new NimbusTokenVerifier(own(config));
        JwtAuthenticator authenticator = new JwtAuthenticator(
                config,
                token -> {
                    fullVerifications.incrementAndGet();
                    return nimbus.verify(token);
                },
                failing);
        String token = TestTokens.rs256();

        assertThat(error(authenticator.authenticate(token))).isEqualTo(BearerError.KEYS_UNAVAILABLE);
        down.set(false);
        assertThat(authenticator.authenticate(token)).isInstanceOf(AuthenticationOutcome.Authenticated.class);
        down.set(true);
        BearerError onHit = error(authenticator.authenticate(token));
        down.set(false);

        assertThat(onHit.status()).isEqualTo(503);
        assertThat(onHit.description()).isEqualTo("Authentication is temporarily unavailable");
        assertThat(authenticator.authenticate(token)).isInstanceOf(AuthenticationOutcome.Authenticated.class);
        assertThat(fullVerifications)
                .as("the outage did not drop the cached entry")
                .hasValue(2);
    }
}
