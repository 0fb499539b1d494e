package dev.jwtfilter.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import dev.jwtfilter.TestKeys;
import org.junit.jupiter.api.Test;

class KeySourcesTest {

    @Test
    void pemWhenRsaPublicKeyThenRsaAlgorithmsAndKidIgnored() {
        VerificationKeys keys = KeySources.pem(TestKeys.rsaPem());

        assertThat(keys.algorithms()).containsExactlyInAnyOrder(JWSAlgorithm.RS256, JWSAlgorithm.RS384,
                JWSAlgorithm.RS512, JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512);
        assertThat(keys.matchKeyIds()).isFalse();
    }

    @Test
    void pemWhenEcKeysOfTwoCurvesThenEachCurvesAlgorithm() throws Exception {
        String pem = TestKeys.pem(TestKeys.EC.toPublicKey()) + TestKeys.pem(TestKeys.ec("p384", Curve.P_384).toPublicKey());

        assertThat(KeySources.pem(pem).algorithms()).containsExactlyInAnyOrder(JWSAlgorithm.ES256, JWSAlgorithm.ES384);
    }

    @Test
    void pemWhenNoBlockOrGarbageThenRefused() {
        assertThatThrownBy(() -> KeySources.pem("not a key")).hasMessageContaining("No PEM block");
        assertThatThrownBy(() -> KeySources.pem("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----"))
                .hasMessageContaining("neither RSA nor EC");
    }

    @Test
    void jwkSetWhenKeyDeclaresAlgThenOnlyThatAlgorithm() throws Exception {
        String json = "{\"keys\":[" + new com.nimbusds.jose.jwk.RSAKey.Builder(TestKeys.RSA.toRSAPublicKey())
                .keyID("k").algorithm(JWSAlgorithm.PS256).build().toJSONString() + "]}";

        assertThat(KeySources.jwkSet(json).algorithms()).containsExactly(JWSAlgorithm.PS256);
    }

    @Test
    void jwkSetWhenOnlyEncryptionKeysThenRefused() throws Exception {
        String json = "{\"keys\":[" + new com.nimbusds.jose.jwk.RSAKey.Builder(TestKeys.RSA.toRSAPublicKey())
                .keyUse(com.nimbusds.jose.jwk.KeyUse.ENCRYPTION).build().toJSONString() + "]}";

        assertThatThrownBy(() -> KeySources.jwkSet(json)).hasMessageContaining("no signature key");
    }

    @Test
    void jwkSetWhenNotJsonThenRefused() {
        assertThatThrownBy(() -> KeySources.jwkSet("{nope")).hasMessageContaining("Not a valid JWK");
    }

    @Test
    void hmacWhenSecretIs64BytesThenAllHmacAlgorithms() {
        assertThat(KeySources.hmac(new byte[64]).algorithms())
                .containsExactlyInAnyOrder(JWSAlgorithm.HS256, JWSAlgorithm.HS384, JWSAlgorithm.HS512);
    }
}
