package dev.jwtfilter.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.ECKey;
import dev.jwtfilter.MutableClock;
import dev.jwtfilter.TestKeys;
import dev.jwtfilter.TestProofs;
import dev.jwtfilter.TestTokens;
import dev.jwtfilter.config.JwtConfig;
import dev.jwtfilter.config.JwtConfigBuilder;
import dev.jwtfilter.error.BearerError;
import dev.jwtfilter.error.BearerErrorCode;
import dev.jwtfilter.event.AuthEventReason;
import dev.jwtfilter.proof.DPoPProofException;
import dev.jwtfilter.proof.DPoPReplayCache;
import dev.jwtfilter.verify.DPoPPolicy;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * DPoP-bound tokens in the core (RFC 9449 section 7): the issuer's policy, the binding and the proof decide, on
 * every request, verified-token cache hits included; each refusal has its own answer and event.
 */
class JwtAuthenticatorDPoPTest {
    private static final String HTU = "https://api.example.com/orders";
    private static final Instant NOW = TestTokens.NOW;
    private static final byte[] NONCE_SECRET = "a-nonce-secret-of-at-least-32-bytes!!".getBytes();

    private final ECKey key = TestProofs.newKey();
    private final ECKey otherKey = TestProofs.newKey();

    private static JwtConfigBuilder config(DPoPPolicy policy) {
        return TestTokens.config().jwkSet(TestKeys.publicJwks(TestKeys.RSA)).dpop(policy);
    }

    private static Presentation dpop(String token, String proof) {
        return new Presentation(token, Presentation.Scheme.DPOP, proof, "GET", URI.create(HTU), null);
    }

    private String proof(String token) {
        return TestProofs.proof(key, "GET", HTU, token, NOW);
    }

    private static BearerError error(AuthenticationOutcome outcome) {
        assertThat(outcome).isInstanceOf(AuthenticationOutcome.Failed.class);
        return ((AuthenticationOutcome.Failed) outcome).error();
    }

    @Test
    void authenticateWhenBoundTokenComesWithAValidProofThenAuthenticated() {
        JwtAuthenticator authenticator =
                new JwtAuthenticator(config(DPoPPolicy.DPOP_ALLOWED).build());
        String token = TestProofs.boundToken(key, NOW);

        AuthenticationOutcome outcome = authenticator.authenticate(dpop(token, proof(token)));

        assertThat(outcome).isInstanceOf(AuthenticationOutcome.Authenticated.class);
        assertThat(authenticator.counters().count(AuthEventReason.ACCEPTED)).isEqualTo(1);
    }

    @Test
    void authenticateWhenTheSameProofComesTwiceThenTheSecondIsAReplay() {
        JwtAuthenticator authenticator =
                new JwtAuthenticator(config(DPoPPolicy.DPOP_ALLOWED).build());
        String token = TestProofs.boundToken(key, NOW);
        String proof = proof(token);

        authenticator.authenticate(dpop(token, proof));
        BearerError second = error(authenticator.authenticate(dpop(token, proof)));

        assertThat(second.status()).isEqualTo(401);
        assertThat(second.code()).isEqualTo(BearerErrorCode.INVALID_DPOP_PROOF);
        assertThat(second.description()).isEqualTo("DPoP proof jti was already used");
        assertThat(authenticator.counters().count(AuthEventReason.REPLAYED_PROOF))
                .isEqualTo(1);
    }

    @Test
    void authenticateWhenTheTokenIsCachedThenTheProofIsStillCheckedOnEveryRequest() {
        JwtAuthenticator authenticator =
                new JwtAuthenticator(config(DPoPPolicy.DPOP_ALLOWED).build());
        String token = TestProofs.boundToken(key, NOW);
        assertThat(authenticator.authenticate(dpop(token, proof(token))))
                .isInstanceOf(AuthenticationOutcome.Authenticated.class);

        BearerError noProof = error(authenticator.authenticate(dpop(token, null)));
        BearerError strangersProof =
                error(authenticator.authenticate(dpop(token, TestProofs.proof(otherKey, "GET", HTU, token, NOW))));
        BearerError asBearer = error(authenticator.authenticate(Presentation.bearer(token, null)));

        assertThat(noProof.code()).isEqualTo(BearerErrorCode.INVALID_DPOP_PROOF);
        assertThat(noProof.description()).isEqualTo("No DPoP proof");
        assertThat(strangersProof.description()).isEqualTo("DPoP proof key is not the key the token is bound to");
        assertThat(asBearer).isEqualTo(BearerError.PROOF_REQUIRED);
        assertThat(authenticator.authenticate(dpop(token, proof(token))))
                .isInstanceOf(AuthenticationOutcome.Authenticated.class);
        assertThat(authenticator.counters().count(AuthEventReason.INVALID_PROOF))
                .isEqualTo(2);
        assertThat(authenticator.counters().count(AuthEventReason.PROOF_REQUIRED))
                .isEqualTo(1);
    }

    @Test
    void authenticateWhenTheProofIsForAnotherRequestThenRefusedByItsRule() {
        JwtAuthenticator authenticator =
                new JwtAuthenticator(config(DPoPPolicy.DPOP_ALLOWED).build());
        String token = TestProofs.boundToken(key, NOW);
        String otherToken = TestProofs.boundToken(key, NOW);

        assertThat(error(authenticator.authenticate(dpop(token, TestProofs.proof(key, "POST", HTU, token, NOW))))
                        .description())
                .isEqualTo("DPoP proof htm is not the request method");
        assertThat(error(authenticator.authenticate(dpop(token, TestProofs.proof(key, "GET", HTU + "/1", token, NOW))))
                        .description())
                .isEqualTo("DPoP proof htu is not the request URI");
        assertThat(error(authenticator.authenticate(dpop(token, TestProofs.proof(key, "GET", HTU, otherToken, NOW))))
                        .description())
                .isEqualTo("DPoP proof ath is not the hash of the access token");
        assertThat(error(authenticator.authenticate(
                                dpop(token, TestProofs.proof(key, "GET", HTU, token, NOW.minusSeconds(121)))))
                        .description())
                .isEqualTo("DPoP proof iat is outside the accepted window");
        assertThat(error(authenticator.authenticate(
                                new Presentation(token, Presentation.Scheme.DPOP, proof(token), "GET", null, null)))
                        .code())
                .isEqualTo(BearerErrorCode.INVALID_DPOP_PROOF);
        assertThat(authenticator.counters().count(AuthEventReason.INVALID_PROOF))
                .isEqualTo(5);
    }

    @Test
    void authenticateWhenAnUnboundTokenComesAsDPoPThenRefused() {
        JwtAuthenticator authenticator =
                new JwtAuthenticator(config(DPoPPolicy.DPOP_ALLOWED).build());
        String unbound = TestTokens.rs256(TestTokens.claims().build());

        assertThat(error(authenticator.authenticate(dpop(unbound, proof(unbound)))))
                .isEqualTo(BearerError.UNBOUND_TOKEN);
        assertThat(authenticator.authenticate(Presentation.bearer(unbound, null)))
                .isInstanceOf(AuthenticationOutcome.Authenticated.class);
        assertThat(authenticator.counters().count(AuthEventReason.SCHEME_NOT_ALLOWED))
                .isEqualTo(1);
    }

    @Test
    void authenticateWhenTheIssuerAcceptsBearerTokensOnlyThenDPoPIsRefused() {
        JwtAuthenticator authenticator =
                new JwtAuthenticator(config(DPoPPolicy.BEARER).build());
        String token = TestProofs.boundToken(key, NOW);

        assertThat(error(authenticator.authenticate(dpop(token, proof(token)))))
                .isEqualTo(BearerError.DPOP_NOT_ACCEPTED);
        assertThat(error(authenticator.authenticate(Presentation.bearer(token, null))))
                .isEqualTo(BearerError.PROOF_REQUIRED);
    }

    @Test
    void authenticateWhenTheIssuerRequiresDPoPThenABearerTokenIsRefused() {
        JwtAuthenticator authenticator =
                new JwtAuthenticator(config(DPoPPolicy.DPOP_REQUIRED).build());
        String unbound = TestTokens.rs256(TestTokens.claims().build());
        String bound = TestProofs.boundToken(key, NOW);

        assertThat(error(authenticator.authenticate(Presentation.bearer(unbound, null))))
                .isEqualTo(BearerError.DPOP_REQUIRED);
        assertThat(error(authenticator.authenticate(Presentation.bearer(unbound, null))))
                .isEqualTo(BearerError.DPOP_REQUIRED); // cached, refused again
        assertThat(authenticator.authenticate(dpop(bound, proof(bound))))
                .isInstanceOf(AuthenticationOutcome.Authenticated.class);
    }

    @Test
    void authenticateWhenEachIssuerHasItsOwnPolicyThenEachTokenFollowsItsIssuers() {
        JwtConfig config = JwtConfig.builder()
                .clock(TestTokens.CLOCK)
                .trustedIssuer(
                        "bearer",
                        b -> b.issuer(TestTokens.ISSUER)
                                .audiences(TestTokens.AUDIENCE)
                                .jwkSet(TestKeys.publicJwks(TestKeys.RSA)))
                .trustedIssuer(
                        "dpop",
                        b -> b.issuer("https://dpop.example")
                                .audiences(TestTokens.AUDIENCE)
                                .jwkSet(TestKeys.publicJwks(TestKeys.RSA_SECOND))
                                .dpop(DPoPPolicy.DPOP_REQUIRED))
                .build();
        JwtAuthenticator authenticator = new JwtAuthenticator(config);
        String bearerIssuers = TestProofs.boundToken(key, NOW);
        String dpopIssuers = TestTokens.sign(
                TestKeys.RSA_SECOND,
                com.nimbusds.jose.JWSAlgorithm.RS256,
                TestTokens.claims()
                        .issuer("https://dpop.example")
                        .claim("cnf", Map.of("jkt", TestProofs.thumbprint(key)))
                        .build());

        assertThat(error(authenticator.authenticate(dpop(bearerIssuers, proof(bearerIssuers)))))
                .isEqualTo(BearerError.DPOP_NOT_ACCEPTED);
        assertThat(authenticator.authenticate(dpop(dpopIssuers, proof(dpopIssuers))))
                .isInstanceOf(AuthenticationOutcome.Authenticated.class);
    }

    @Test
    void authenticateWhenNoncesAreOnThenAProofWithoutACurrentNonceIsAskedForOne() {
        MutableClock clock = new MutableClock(NOW);
        JwtConfig config = config(DPoPPolicy.DPOP_ALLOWED)
                .clock(clock)
                .dpopNonces(true)
                .dpopNonceSecret(NONCE_SECRET)
                .dpopNonceLifetime(Duration.ofSeconds(60))
                .build();
        JwtAuthenticator authenticator = new JwtAuthenticator(config);
        String token = TestProofs.boundToken(key, NOW);
        String nonce =
                config.dpopProofSettings().orElseThrow().nonces().orElseThrow().current();

        BearerError without = error(authenticator.authenticate(dpop(token, proof(token))));
        AuthenticationOutcome with = authenticator.authenticate(
                dpop(token, TestProofs.proof(key, "GET", HTU, token, NOW, c -> c.claim("nonce", nonce))));
        clock.advance(Duration.ofSeconds(120));
        Instant later = clock.instant();
        BearerError stale = error(authenticator.authenticate(
                dpop(token, TestProofs.proof(key, "GET", HTU, token, later, c -> c.claim("nonce", nonce)))));

        assertThat(without).isEqualTo(BearerError.USE_DPOP_NONCE);
        assertThat(with).isInstanceOf(AuthenticationOutcome.Authenticated.class);
        assertThat(stale).isEqualTo(BearerError.USE_DPOP_NONCE);
        assertThat(authenticator.counters().count(AuthEventReason.NONCE_REQUIRED))
                .isEqualTo(2);
    }

    @Test
    void authenticateWhenTheReplayCacheCannotAnswerThen503AndNeverAnAcceptance() {
        DPoPReplayCache down = (digest, expiresAt, now) -> {
            throw new DPoPProofException(DPoPProofException.Reason.REPLAY_CHECK_UNAVAILABLE, "store down");
        };
        JwtAuthenticator authenticator = new JwtAuthenticator(
                config(DPoPPolicy.DPOP_ALLOWED).dpopReplayCache(down).build());
        String token = TestProofs.boundToken(key, NOW);

        BearerError answer = error(authenticator.authenticate(dpop(token, proof(token))));

        assertThat(answer).isEqualTo(BearerError.PROOF_CHECK_UNAVAILABLE);
        assertThat(answer.status()).isEqualTo(503);
        assertThat(authenticator.counters().count(AuthEventReason.PROOF_CHECK_UNAVAILABLE))
                .isEqualTo(1);
    }

    @Test
    void authenticateWhenTwoNodesShareAReplayCacheThenAProofUsedOnOneIsRefusedOnTheOther() {
        DPoPReplayCache shared = new dev.jwtfilter.proof.InMemoryDPoPReplayCache();
        JwtAuthenticator first = new JwtAuthenticator(
                config(DPoPPolicy.DPOP_ALLOWED).dpopReplayCache(shared).build());
        JwtAuthenticator second = new JwtAuthenticator(
                config(DPoPPolicy.DPOP_ALLOWED).dpopReplayCache(shared).build());
        String token = TestProofs.boundToken(key, NOW);
        String proof = proof(token);

        assertThat(first.authenticate(dpop(token, proof))).isInstanceOf(AuthenticationOutcome.Authenticated.class);
        assertThat(error(second.authenticate(dpop(token, proof))).description())
                .isEqualTo("DPoP proof jti was already used");
    }

    @Test
    void authenticateWhenTheRevocationStoreIsDownThen503AndTheProofIsNotSpent() {
        java.util.concurrent.atomic.AtomicBoolean down = new java.util.concurrent.atomic.AtomicBoolean(true);
        JwtConfig config = config(DPoPPolicy.DPOP_ALLOWED)
                .revocationCheck(jwt -> {
                    if (down.get()) {
                        throw new dev.jwtfilter.revoke.RevocationUnavailableException("store down", null);
                    }
                    return false;
                })
                .build();
        JwtAuthenticator authenticator = new JwtAuthenticator(config);
        String token = TestProofs.boundToken(key, NOW);
        String proof = proof(token);

        BearerError duringOutage = error(authenticator.authenticate(dpop(token, proof)));
        down.set(false);
        AuthenticationOutcome retried = authenticator.authenticate(dpop(token, proof));

        assertThat(duringOutage).isEqualTo(BearerError.REVOCATION_UNAVAILABLE);
        assertThat(retried).isInstanceOf(AuthenticationOutcome.Authenticated.class);
    }
}
