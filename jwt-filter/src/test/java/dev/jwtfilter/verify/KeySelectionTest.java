package dev.jwtfilter.verify;

import static dev.jwtfilter.TestConfigs.own;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import dev.jwtfilter.TestKeys;
import dev.jwtfilter.TestTokens;
import dev.jwtfilter.config.JwtConfig;
import dev.jwtfilter.config.JwtConfigBuilder;
import dev.jwtfilter.event.AuthEventReason;
import dev.jwtfilter.verify.JwtVerificationException.Failure;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One algorithm per key (RFC 8725 section 3.1), through the verifier with real keys and tokens. */
class KeySelectionTest {
    private static final RSAKey DECLARES_PS256 = withAlg(TestKeys.rsa("declares-ps256", 2048), JWSAlgorithm.PS256);
    private static final OctetSequenceKey LONG_SECRET = TestKeys.secret(64);

    private static RSAKey withAlg(RSAKey key, JWSAlgorithm alg) {
        return new RSAKey.Builder(key).algorithm(alg).build();
    }

    private static NimbusTokenVerifier verifier(JwtConfigBuilder builder) {
        return new NimbusTokenVerifier(builder.build().ownIssuer().orElseThrow());
    }

    private static String token(JWK key, JWSAlgorithm alg) {
        return TestTokens.sign(key, alg, TestTokens.claims().build());
    }

    private static void assertUnknownKey(NimbusTokenVerifier verifier, String token) {
        assertThatThrownBy(() -> verifier.verify(token)).isInstanceOfSatisfying(JwtVerificationException.class, e -> {
            assertThat(e.failure()).isEqualTo(Failure.INVALID);
            assertThat(e.reason()).isEqualTo(AuthEventReason.UNKNOWN_KEY);
        });
    }

    @Test
    void verifyWhenRsaPemWithoutAllowlistThenRs256OnlyNotPs256() throws Exception {
        NimbusTokenVerifier verifier = verifier(TestTokens.config().publicKeyPem(TestKeys.rsaPem()));

        assertThat(verifier.verify(token(TestKeys.RSA, JWSAlgorithm.RS256)).subject())
                .contains("alice");
        assertUnknownKey(verifier, token(TestKeys.RSA, JWSAlgorithm.PS256));
        assertUnknownKey(verifier, token(TestKeys.RSA, JWSAlgorithm.RS512));
    }

    @Test
    void verifyWhenAllowlistListsPs256ThenAKeyWithoutAlgVerifiesIt() throws Exception {
        NimbusTokenVerifier verifier = verifier(TestTokens.config()
                .jwkSet(TestKeys.publicJwks(TestKeys.RSA))
                .algorithms(List.of(JWSAlgorithm.RS256, JWSAlgorithm.PS256)));

        assertThat(verifier.verify(token(TestKeys.RSA, JWSAlgorithm.PS256)).subject())
                .contains("alice");
        assertThat(verifier.verify(token(TestKeys.RSA, JWSAlgorithm.RS256)).subject())
                .contains("alice");
        assertUnknownKey(verifier, token(TestKeys.RSA, JWSAlgorithm.RS384));
    }

    @Test
    void verifyWhenSetMixesKeysWithAndWithoutAlgThenEachKeepsToItsOwnAlgorithm() throws Exception {
        // The default allowlist holds PS256 (declared by one key) and RS256: the kid-less default must not spread.
        NimbusTokenVerifier verifier =
                verifier(TestTokens.config().jwkSet(TestKeys.publicJwks(TestKeys.RSA, DECLARES_PS256)));

        assertThat(verifier.verify(token(TestKeys.RSA, JWSAlgorithm.RS256)).keyId())
                .contains("rsa-1");
        assertThat(verifier.verify(token(DECLARES_PS256, JWSAlgorithm.PS256)).keyId())
                .contains("declares-ps256");
        assertUnknownKey(verifier, token(TestKeys.RSA, JWSAlgorithm.PS256));
        assertUnknownKey(verifier, token(DECLARES_PS256, JWSAlgorithm.RS256));
    }

    @Test
    void verifyWhenSecretIs64BytesThenHs512OnlyWhenListed() throws Exception {
        String hs512 = token(LONG_SECRET, JWSAlgorithm.HS512);

        assertUnknownKey(verifier(TestTokens.config().hmacSecret(LONG_SECRET.toByteArray())), hs512);
        assertThat(verifier(TestTokens.config()
                                .hmacSecret(LONG_SECRET.toByteArray())
                                .algorithms(List.of(JWSAlgorithm.HS256, JWSAlgorithm.HS512)))
                        .verify(hs512)
                        .subject())
                .contains("alice");
    }

    @Test
    void buildWhenSecretIs64BytesWithoutAllowlistThenOnlyHs256Allowed() {
        JwtConfig config =
                TestTokens.config().hmacSecret(LONG_SECRET.toByteArray()).build();

        assertThat(own(config).algorithms()).containsExactly(JWSAlgorithm.HS256);
        assertThat(own(config).algorithmsConfigured()).isFalse();
    }
}
