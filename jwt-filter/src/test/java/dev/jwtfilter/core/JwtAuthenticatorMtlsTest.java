package dev.jwtfilter.core;

import static dev.jwtfilter.TestConfigs.own;
import static dev.jwtfilter.TestTokens.claims;
import static org.assertj.core.api.Assertions.assertThat;

import dev.jwtfilter.TestCertificates;
import dev.jwtfilter.TestTokens;
import dev.jwtfilter.config.JwtConfig;
import dev.jwtfilter.error.BearerError;
import dev.jwtfilter.event.AuthEventReason;
import dev.jwtfilter.proof.CertificateBinding;
import dev.jwtfilter.revoke.RevocationCheck;
import dev.jwtfilter.verify.NimbusTokenVerifier;
import dev.jwtfilter.verify.TokenVerifier;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Certificate-bound tokens (RFC 8705 section 3) in the core: the binding is checked on every request, verified-token
 * cache hits included, and a refusal is never remembered.
 */
class JwtAuthenticatorMtlsTest {
    private static final X509Certificate HOLDER =
            TestCertificates.selfSigned("holder").certificate();
    private static final X509Certificate OTHER =
            TestCertificates.selfSigned("other").certificate();

    private final AtomicInteger fullVerifications = new AtomicInteger();

    private JwtAuthenticator authenticator() {
        JwtConfig config = TestTokens.rsaConfig();
        NimbusTokenVerifier nimbus = new NimbusTokenVerifier(own(config));
        TokenVerifier counting = token -> {
            fullVerifications.incrementAndGet();
            return nimbus.verify(token);
        };
        RevocationCheck none = jwt -> false;
        return new JwtAuthenticator(config, counting, none);
    }

    private static String boundTo(X509Certificate certificate) throws Exception {
        return TestTokens.rs256(TestTokens.claims()
                .claim("cnf", Map.of("x5t#S256", CertificateBinding.thumbprint(certificate)))
                .build());
    }

    @Test
    void authenticateWhenTheTokenIsBoundToADPoPKeyThenRefusedAsABearerTokenEvenWithACertificate() {
        JwtAuthenticator authenticator = authenticator();
        String dpopBound =
                TestTokens.rs256(claims().claim("cnf", Map.of("jkt", "0ZcOCORZNYy-DWpqq30jZyJGHTN0d2HglBV3uiguA4I"))
                        .build());
        String oddlyBound =
                TestTokens.rs256(claims().claim("cnf", Map.of("jkt", 42)).build());

        assertThat(error(authenticator.authenticate(dpopBound, HOLDER))).isEqualTo(BearerError.PROOF_REQUIRED);
        assertThat(error(authenticator.authenticate(dpopBound))).isEqualTo(BearerError.PROOF_REQUIRED); // cache: never
        assertThat(error(authenticator.authenticate(oddlyBound))).isEqualTo(BearerError.PROOF_REQUIRED);
    }

    @Test
    void authenticateWhenTheCertificateThumbprintIsJsonNullThenRefusedNotTakenAsUnbound() {
        java.util.Map<String, Object> cnf = new java.util.HashMap<>();
        cnf.put("x5t#S256", null);
        String token = TestTokens.rs256(claims().claim("cnf", cnf).build());

        assertThat(error(authenticator().authenticate(token, HOLDER))).isEqualTo(BearerError.WRONG_CERTIFICATE);
    }

    private static BearerError error(AuthenticationOutcome outcome) {
        assertThat(outcome).isInstanceOf(AuthenticationOutcome.Failed.class);
        return ((AuthenticationOutcome.Failed) outcome).error();
    }

    @Test
    void authenticateWhenBoundTokenAndItsCertificateThenAuthenticatedAndRemembered() throws Exception {
        JwtAuthenticator authenticator = authenticator();
        String token = boundTo(HOLDER);

        assertThat(authenticator.authenticate(token, HOLDER)).isInstanceOf(AuthenticationOutcome.Authenticated.class);
        assertThat(authenticator.authenticate(token, HOLDER)).isInstanceOf(AuthenticationOutcome.Authenticated.class);
        assertThat(fullVerifications).hasValue(1);
        assertThat(authenticator.counters().count(AuthEventReason.ACCEPTED)).isEqualTo(2);
    }

    @Test
    void authenticateWhenCacheHitWithAnotherOrNoCertificateThenWrongCertificate() throws Exception {
        JwtAuthenticator authenticator = authenticator();
        String token = boundTo(HOLDER);
        authenticator.authenticate(token, HOLDER);

        assertThat(error(authenticator.authenticate(token, OTHER))).isEqualTo(BearerError.WRONG_CERTIFICATE);
        assertThat(error(authenticator.authenticate(token, null))).isEqualTo(BearerError.WRONG_CERTIFICATE);
        assertThat(error(authenticator.authenticate(token))).isEqualTo(BearerError.WRONG_CERTIFICATE);
        assertThat(fullVerifications).as("all three were cache hits").hasValue(1);
        assertThat(authenticator.counters().count(AuthEventReason.WRONG_CERTIFICATE))
                .isEqualTo(3);
        assertThat(authenticator.authenticate(token, HOLDER))
                .as("the entry stays for the holder")
                .isInstanceOf(AuthenticationOutcome.Authenticated.class);
        assertThat(fullVerifications).hasValue(1);
    }

    @Test
    void authenticateWhenBoundTokenFirstSentByAnotherThenRefusedAndNothingRemembered() throws Exception {
        JwtAuthenticator authenticator = authenticator();
        String token = boundTo(HOLDER);

        assertThat(error(authenticator.authenticate(token, OTHER))).isEqualTo(BearerError.WRONG_CERTIFICATE);
        assertThat(error(authenticator.authenticate(token, OTHER))).isEqualTo(BearerError.WRONG_CERTIFICATE);
        assertThat(fullVerifications).as("a refusal is not remembered").hasValue(2);
        assertThat(authenticator.authenticate(token, HOLDER)).isInstanceOf(AuthenticationOutcome.Authenticated.class);
        assertThat(fullVerifications).hasValue(3);
    }

    @Test
    void authenticateWhenWrongCertificateThenInvalidTokenWithItsOwnPhrase() throws Exception {
        BearerError error = error(authenticator().authenticate(boundTo(HOLDER), OTHER));

        assertThat(error.status()).isEqualTo(401);
        assertThat(error.bodyError()).isEqualTo("invalid_token");
        assertThat(error.description()).isEqualTo("Token is bound to another client certificate");
    }

    @Test
    void authenticateWhenCnfMalformedThenWrongCertificateNeverAnException() {
        JwtAuthenticator authenticator = authenticator();
        for (Object cnf : List.of(42, List.of("x"), Map.of("x5t#S256", 42), Map.of("x5t#S256", List.of("x")))) {
            String token =
                    TestTokens.rs256(TestTokens.claims().claim("cnf", cnf).build());

            assertThat(error(authenticator.authenticate(token, HOLDER)))
                    .as(String.valueOf(cnf))
                    .isEqualTo(BearerError.WRONG_CERTIFICATE);
        }
    }

    @Test
    void authenticateWhenUnboundTokenThenAuthenticatedWithOrWithoutCertificate() {
        JwtAuthenticator authenticator = authenticator();
        String plain = TestTokens.rs256();
        String jktOnly = TestTokens.rs256(
                TestTokens.claims().claim("cnf", Map.of("other", "member")).build());

        assertThat(authenticator.authenticate(plain)).isInstanceOf(AuthenticationOutcome.Authenticated.class);
        assertThat(authenticator.authenticate(plain, HOLDER)).isInstanceOf(AuthenticationOutcome.Authenticated.class);
        assertThat(authenticator.authenticate(jktOnly, OTHER)).isInstanceOf(AuthenticationOutcome.Authenticated.class);
        assertThat(authenticator.counters().count(AuthEventReason.WRONG_CERTIFICATE))
                .isZero();
    }
}
