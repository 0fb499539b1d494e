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
 * Review of issue 15 (the core's cache and validity window): behaviours that changed from 550b1d0.
 * Each test passes on 550b1d0's semantics and fails on the restructured code.
 */
class ReviewFindingsTest {
    private final MutableClock clock = new MutableClock(TestTokens.NOW);

    private JwtConfigBuilder config() {
        JWKSet keys = new JWKSet(TestKeys.RSA.toPublicJWK());
        return TestTokens.config().clock(clock)
                .keys(new VerificationKeys(new ImmutableJWKSet<>(keys), Set.of(JWSAlgorithm.RS256), true,
                        new KeySetChanges()));
    }

    /**
     * 550b1d0 re-checked a cache hit against the issuer's maximum age and skew whatever verifier made the
     * {@link VerifiedJwt}; now a verifier of the user's own (the public {@code JwtAuthenticator(config, verifier,
     * revocations)} with the public 3-argument {@code VerifiedJwt}) gets a window without maximum age, so a cached
     * token is accepted past {@code jwt.max-token-age} until its {@code exp}.
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
        String token = TestTokens.rs256(claims().expirationTime(Date.from(TestTokens.NOW.plusSeconds(3600))).build());

        assertThat(authenticator.authenticate(token)).isInstanceOf(AuthenticationOutcome.Authenticated.class);
        clock.advance(Duration.ofSeconds(200)); // past iat + 60 s max age + 60 s skew, before exp

        assertThat(authenticator.authenticate(token)).isInstanceOf(AuthenticationOutcome.Failed.class);
    }

    /**
     * A maximum age that the builder accepts but that overflows milliseconds: 550b1d0 failed at start-up
     * (IssuerRules computed toMillis in the constructor); now the authenticator starts and every token with an
     * {@code iat} throws an unchecked ArithmeticException out of authenticate (a 500 from the container, not
     * a clear start-up failure). Same with {@code jwt.clock-skew} of that size.
     */
    @Test
    void authenticateWhenMaxAgeOverflowsMillisThenNoUncheckedExceptionPerRequest() {
        JwtConfig config = config().maxTokenAge(Duration.ofSeconds(Long.MAX_VALUE / 1000 + 1)).build();
        JwtAuthenticator authenticator = new JwtAuthenticator(config);

        assertThatCode(() -> authenticator.authenticate(TestTokens.rs256())).doesNotThrowAnyException();
    }

    /**
     * Nimbus' DefaultJWTClaimsVerifier refused a token while {@code now <= nbf - skew} (DateUtils.isBefore is
     * strict); Validity accepts at {@code now == nbf - skew}. One millisecond, arguably closer to RFC 7519 4.1.5;
     * shown here because the promise was "nothing accepted that was refused before".
     */
    @Test
    void authenticateWhenNowExactlyNbfMinusSkewThenRefusedAsNimbusDid() {
        JwtAuthenticator authenticator = new JwtAuthenticator(config().cacheEnabled(false).build());
        String token = TestTokens.rs256(claims().notBeforeTime(Date.from(TestTokens.NOW.plusSeconds(60))).build());

        AuthenticationOutcome outcome = authenticator.authenticate(token); // skew 60 s: now == nbf - skew

        assertThat(outcome).isInstanceOf(AuthenticationOutcome.Failed.class);
        assertThat(((AuthenticationOutcome.Failed) outcome).error()).isEqualTo(BearerError.INVALID_TOKEN);
    }
}
