package dev.jwtfilter.demo;

import static dev.jwtfilter.demo.DemoServer.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.auth0.jwt.JWT;
import com.auth0.jwt.algorithms.Algorithm;
import com.auth0.jwt.interfaces.DecodedJWT;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.JSONObjectUtils;
import java.math.BigInteger;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A second, independent check of the demo's DPoP-bound tokens: auth0 java-jwt verifies the token's signature with the
 * demo's published RSA key (rebuilt from the JWKS by hand), and the RFC 7638 thumbprint of the proof key is computed
 * by hand (the required members in lexicographic order, no whitespace, SHA-256, base64url) and compared with the
 * token's {@code cnf.jkt}. Nothing of Nimbus or of the library decides the outcome.
 */
class DemoDPoPInteropTest {
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64URL_DECODER = Base64.getUrlDecoder();

    @Test
    void loginWhenProofThenJavaJwtVerifiesTheTokenAndItsJktIsTheHandComputedThumbprint() throws Exception {
        ECKey clientKey = new ECKeyGenerator(Curve.P_256).generate();
        try (DemoServer demo = new DemoServer(Map.of(
                DemoSettings.DATA, Files.createTempDirectory("jwt-demo-interop").toString()))) {
            HttpResponse<String> response = DPoPClient.login(
                    demo.base(),
                    "alice",
                    "alice-demo-pass",
                    DPoPClient.proof(clientKey, JWSAlgorithm.ES256, demo.base().resolve("/auth/login")));
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            String token = (String) json(response).get("access_token");

            DecodedJWT verified = JWT.require(Algorithm.RSA256(publishedKey(demo), null))
                    .withIssuer(demo.issuer())
                    .withAudience("jwt-demo-api")
                    .withClaimPresence("cnf")
                    .build()
                    .verify(token);

            assertThat(verified.getClaim("cnf").asMap()).isEqualTo(Map.of("jkt", rfc7638(clientKey.toECPublicKey())));
            assertThat(json(response)).containsEntry("token_type", "DPoP");
        }
    }

    /** The demo's one RS256 public key, from {@code n} and {@code e} of its JWKS. */
    private static RSAPublicKey publishedKey(DemoServer demo) throws Exception {
        Map<String, Object> jwks =
                JSONObjectUtils.parse(demo.get("/.well-known/jwks.json").body());
        List<?> keys = (List<?>) jwks.get("keys");
        assertThat(keys).hasSize(1);
        Map<?, ?> jwk = (Map<?, ?>) keys.get(0);
        assertThat(jwk.get("kty")).isEqualTo("RSA");
        BigInteger n = new BigInteger(1, B64URL_DECODER.decode((String) jwk.get("n")));
        BigInteger e = new BigInteger(1, B64URL_DECODER.decode((String) jwk.get("e")));
        return (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(n, e));
    }

    /** RFC 7638 section 3.2 for a P-256 key: {"crv","kty","x","y"}, coordinates as 32 big-endian bytes. */
    private static String rfc7638(ECPublicKey key) throws Exception {
        String json = "{\"crv\":\"P-256\",\"kty\":\"EC\",\"x\":\""
                + coordinate(key.getW().getAffineX()) + "\",\"y\":\""
                + coordinate(key.getW().getAffineY()) + "\"}";
        return B64URL.encodeToString(
                MessageDigest.getInstance("SHA-256").digest(json.getBytes(StandardCharsets.UTF_8)));
    }

    private static String coordinate(BigInteger value) {
        byte[] bytes = value.toByteArray();
        byte[] fixed = new byte[32];
        int copy = Math.min(bytes.length, 32);
        System.arraycopy(bytes, bytes.length - copy, fixed, 32 - copy, copy);
        return B64URL.encodeToString(fixed);
    }
}
