package dev.jwtfilter.core;

import static dev.jwtfilter.TestTokens.claims;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

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
import dev.jwtfilter.keys.VerificationKeys;
import dev.jwtfilter.revoke.RevocationCheck;
import dev.jwtfilter.verify.NimbusTokenVerifier;
import dev.jwtfilter.verify.TokenVerifier;
import dev.jwtfilter.verify.VerifiedJwt;
import java.time.Duration;
import java.util.Date;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The time window of a token, computed once: by our verifier with the issuer's rules, or by the core for a verifier
 * of your own; held on every cache hit. Found by a review of the restructuring (issue 15).
 */
class JwtAuthenticatorWindowTest {
    private final MutableClock clock = new MutableClock(TestTokens.NOW);

    private JwtConfigBuilder config() {
        JWKSet keys = new JWKSet(TestKeys.RSA.toPublicJWK());
        return TestTokens.config()
                .clock(clock)
                .keys(new VerificationKeys(
                        new ImmutableJWKSet<>(keys), Set.of(JWSAlgorithm.RS256), true, new KeySetChanges()));
    }

    /**
     * A verifier of your own (the public {@code JwtAuthenticator(config, verifier, revocations)} with the
     * three-argument {@code VerifiedJwt}) computes no window: the core holds its remembered tokens to the issuer's
     * maximum age and skew, as it always did.
     */
    @Test
    void authenticateWhenCustomVerifierAndCachedTokenPastMaxAgeThenRefused() {
        JwtConfig config = config().maxTokenAge(Duration.ofSeconds(60)).build();
        NimbusTokenVerifier nimbus = new NimbusTokenVerifier(config.ownIssuer().orElseThrow());
        // A verifier of one's own: checks what it checks, then builds its VerifiedJwt with the public constructor.
        TokenVerifier custom = token -> {
            VerifiedJwt jwt = nimbus.verify(token);
            return new VerifiedJwt(jwt.claims(), jwt.algorithm(), jwt.keyId().orElse(null));
        };
        JwtAuthenticator authenticator = new JwtAuthenticator(config, custom, RevocationCheck.NONE);
        String token = TestTokens.rs256(claims().expirationTime(Date.from(TestTokens.NOW.plusSeconds(3600)))
                .build());

        assertThat(authenticator.authenticate(token)).isInstanceOf(AuthenticationOutcome.Authenticated.class);
        clock.advance(Duration.ofSeconds(200)); // past iat + 60 s max age + 60 s skew, before exp

        assertThat(authenticator.authenticate(token)).isInstanceOf(AuthenticationOutcome.Failed.class);
    }

    /**
     * A maximum age or skew the builder accepts but that overflows milliseconds counts as "no limit" rather than
     * throwing out of every request.
     */
    @Test
    void authenticateWhenMaxAgeOrSkewOverflowsMillisThenNoUncheckedExceptionPerRequest() {
        Duration huge = Duration.ofSeconds(Long.MAX_VALUE / 1000 + 1);
        JwtAuthenticator aged = new JwtAuthenticator(config().maxTokenAge(huge).build());
        JwtAuthenticator skewed = new JwtAuthenticator(config().clockSkew(huge).build());

        assertThat(aged.authenticate(TestTokens.rs256())).isInstanceOf(AuthenticationOutcome.Authenticated.class);
        assertThatCode(() -> skewed.authenticate(TestTokens.rs256())).doesNotThrowAnyException();
    }

    /**
     * RFC 7519 section 4.1.5: a token is acceptable on or after {@code nbf}, here less the skew. Nimbus' own claims
     * verifier refused that one millisecond (its comparison is strict) while the cache accepted it; the one window
     * now answers the same on both paths, as the RFC says. One millisecond earlier is refused.
     */
    @Test
    void authenticateWhenNowExactlyNbfMinusSkewThenAcceptedAndAMillisecondEarlierRefused() {
        JwtAuthenticator authenticator =
                new JwtAuthenticator(config().cacheEnabled(false).build());
        String token = TestTokens.rs256(claims().notBeforeTime(Date.from(TestTokens.NOW.plusSeconds(60)))
                .build());

        assertThat(authenticator.authenticate(token)).isInstanceOf(AuthenticationOutcome.Authenticated.class);
        clock.advance(Duration.ofMillis(-1));
        assertThat(authenticator.authenticate(token))
                .isEqualTo(new AuthenticationOutcome.Failed(BearerError.INVALID_TOKEN));
    }
}
