package dev.jwtfilter.testkit;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.util.Base64;
import java.util.Map;

/**
 * The kit's key pair, made once, and an attacker's pair of the same kind under the same key id, made on
 * first use. Signs header and payload maps exactly as given, so tests can send claims of any shape.
 * Thread safe.
 */
final class KitKeys {
    static final String KEY_ID = "jwt-test-kit";
    private static final int RSA_BITS = 2048;

    private final JWSAlgorithm algorithm;
    private final JWK key;
    private JWK attackerKey;

    KitKeys(JWSAlgorithm algorithm) {
        this.algorithm = algorithm;
        this.key = generate(algorithm);
    }

    JWSAlgorithm algorithm() {
        return algorithm;
    }

    /** @return the public JWK set JSON; the key declares its {@code alg}, so only that algorithm is allowed */
    String publicJwkSet() {
        return new JWKSet(key).toPublicJWKSet().toString();
    }

    /** @return the public key as a PEM {@code PUBLIC KEY} block */
    String publicKeyPem() {
        try {
            byte[] der = (key instanceof RSAKey rsa ? rsa.toPublicKey() : ((ECKey) key).toPublicKey()).getEncoded();
            String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(der);
            return "-----BEGIN PUBLIC KEY-----\n" + body + "\n-----END PUBLIC KEY-----\n";
        } catch (JOSEException e) {
            throw new IllegalStateException("Could not export the test key", e);
        }
    }

    /** @return the compact JWS of these header parameters and this payload, signed with ours or the attacker's key */
    String sign(Map<String, Object> header, String payloadJson, boolean byAttacker) {
        try {
            JWSObject jws = new JWSObject(JWSHeader.parse(header), new Payload(payloadJson));
            jws.sign(signer(byAttacker ? attackerKey() : key));
            return jws.serialize();
        } catch (ParseException | JOSEException e) {
            throw new IllegalArgumentException("Could not sign the test token: " + e.getMessage(), e);
        }
    }

    /** @return an unsecured JWT (RFC 7519 section 6) with {@code alg: none} and an empty signature */
    static String unsecured(Map<String, Object> header, String payloadJson) {
        return Base64URL.encode(JSONObjectUtils.toJSONString(header)) + "." + Base64URL.encode(payloadJson) + ".";
    }

    private synchronized JWK attackerKey() {
        if (attackerKey == null) {
            attackerKey = generate(algorithm);
        }
        return attackerKey;
    }

    private static JWK generate(JWSAlgorithm algorithm) {
        try {
            if (JWSAlgorithm.ES256.equals(algorithm)) {
                return new ECKeyGenerator(Curve.P_256)
                        .keyID(KEY_ID)
                        .algorithm(algorithm)
                        .keyUse(KeyUse.SIGNATURE)
                        .generate();
            }
            return new RSAKeyGenerator(RSA_BITS)
                    .keyID(KEY_ID)
                    .algorithm(algorithm)
                    .keyUse(KeyUse.SIGNATURE)
                    .generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("Could not generate the test key", e);
        }
    }

    private static JWSSigner signer(JWK key) throws JOSEException {
        return key instanceof RSAKey rsa ? new RSASSASigner(rsa) : new ECDSASigner((ECKey) key);
    }
}
