package dev.jwtfilter.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.KeyOperation;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import dev.jwtfilter.TestKeys;
import java.net.URI;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KeySourcesTest {

    @Test
    void pemWhenRsaPublicKeyThenRs256ByDefaultOtherRsaAlgorithmsWhenListedAndKidIgnored() {
        VerificationKeys keys = KeySources.pem(TestKeys.rsaPem());

        assertThat(keys.defaultAlgorithms()).containsExactly(JWSAlgorithm.RS256);
        assertThat(keys.algorithms())
                .containsExactlyInAnyOrder(
                        JWSAlgorithm.RS256,
                        JWSAlgorithm.RS384,
                        JWSAlgorithm.RS512,
                        JWSAlgorithm.PS256,
                        JWSAlgorithm.PS384,
                        JWSAlgorithm.PS512);
        assertThat(keys.matchKeyIds()).isFalse();
    }

    @Test
    void pemWhenEcKeysOfThreeCurvesThenEachCurvesOneAlgorithm() throws Exception {
        String pem = TestKeys.pem(TestKeys.EC.toPublicKey())
                + TestKeys.pem(TestKeys.ec("p384", Curve.P_384).toPublicKey())
                + TestKeys.pem(TestKeys.ec("p521", Curve.P_521).toPublicKey());

        assertThat(KeySources.pem(pem).defaultAlgorithms())
                .containsExactlyInAnyOrder(JWSAlgorithm.ES256, JWSAlgorithm.ES384, JWSAlgorithm.ES512);
        assertThat(KeySources.pem(pem).algorithms())
                .containsExactlyInAnyOrder(JWSAlgorithm.ES256, JWSAlgorithm.ES384, JWSAlgorithm.ES512);
    }

    @Test
    void pemWhenNoBlockOrGarbageThenRefused() {
        assertThatThrownBy(() -> KeySources.pem("not a key")).hasMessageContaining("No PEM block");
        assertThatThrownBy(() -> KeySources.pem("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----"))
                .hasMessageContaining("neither RSA nor EC");
    }

    @Test
    void jwkSetWhenKeyDeclaresAlgThenOnlyThatAlgorithm() throws Exception {
        String json = "{\"keys\":["
                + new com.nimbusds.jose.jwk.RSAKey.Builder(TestKeys.RSA.toRSAPublicKey())
                        .keyID("k")
                        .algorithm(JWSAlgorithm.PS256)
                        .build()
                        .toJSONString()
                + "]}";

        assertThat(KeySources.jwkSet(json).algorithms()).containsExactly(JWSAlgorithm.PS256);
        assertThat(KeySources.jwkSet(json).defaultAlgorithms()).containsExactly(JWSAlgorithm.PS256);
    }

    @Test
    void jwkSetWhenAKeyIsForEncryptionThenRefusedNamingItsKid() throws Exception {
        String json = TestKeys.publicJwks(
                TestKeys.RSA,
                new RSAKey.Builder(TestKeys.RSA_SECOND.toRSAPublicKey())
                        .keyID("enc-1")
                        .keyUse(KeyUse.ENCRYPTION)
                        .build());

        assertThatThrownBy(() -> KeySources.jwkSet(json))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'enc-1' has use 'enc'")
                .hasMessageContaining("use sig");
    }

    @Test
    void jwkSetWhenKeyOpsLackVerifyThenRefusedNamingTheKidAndWithVerifyAccepted() throws Exception {
        String encrypting = TestKeys.publicJwks(new RSAKey.Builder(TestKeys.RSA.toRSAPublicKey())
                .keyID("wrap-1")
                .keyOperations(Set.of(KeyOperation.ENCRYPT, KeyOperation.WRAP_KEY))
                .build());
        String verifying = TestKeys.publicJwks(new RSAKey.Builder(TestKeys.RSA.toRSAPublicKey())
                .keyID("sig-1")
                .keyOperations(Set.of(KeyOperation.VERIFY))
                .build());

        assertThatThrownBy(() -> KeySources.jwkSet(encrypting))
                .hasMessageContaining("'wrap-1' has key_ops [encrypt, wrapKey]")
                .hasMessageContaining("without 'verify'");
        assertThat(KeySources.jwkSet(verifying).defaultAlgorithms()).containsExactly(JWSAlgorithm.RS256);
    }

    @Test
    void jwkSetWhenDeclaredAlgDoesNotSuitTheKeyThenRefused() throws Exception {
        String json = TestKeys.publicJwks(new RSAKey.Builder(TestKeys.RSA.toRSAPublicKey())
                .keyID("odd")
                .algorithm(JWSAlgorithm.ES256)
                .build());

        assertThatThrownBy(() -> KeySources.jwkSet(json)).hasMessageContaining("'odd' declares alg ES256");
    }

    @Test
    void remoteWhenFallbackSetHoldsAnEncryptionKeyThenRefusedNamingItsKid() throws Exception {
        String fallback = TestKeys.publicJwks(new RSAKey.Builder(TestKeys.RSA.toRSAPublicKey())
                .keyID("enc-2")
                .keyUse(KeyUse.ENCRYPTION)
                .build());

        assertThatThrownBy(() -> KeySources.remote(
                        URI.create("https://idp.example/jwks"),
                        JwksOptions.defaults(),
                        Set.of(JWSAlgorithm.RS256),
                        fallback))
                .hasMessageContaining("'enc-2' has use 'enc'");
    }

    @Test
    void jwkSetWhenNotJsonThenRefused() {
        assertThatThrownBy(() -> KeySources.jwkSet("{nope")).hasMessageContaining("Not a valid JWK");
    }

    @Test
    void hmacWhenSecretIs64BytesThenHs256ByDefaultAndEveryHmacAlgorithmWhenListed() {
        VerificationKeys keys = KeySources.hmac(new byte[64]);

        assertThat(keys.defaultAlgorithms()).containsExactly(JWSAlgorithm.HS256);
        assertThat(keys.algorithms())
                .containsExactlyInAnyOrder(JWSAlgorithm.HS256, JWSAlgorithm.HS384, JWSAlgorithm.HS512);
    }
}
