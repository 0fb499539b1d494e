package dev.jwtfilter;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.OctetSequenceKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.util.Base64;

/** Real keys generated once per test JVM: the server's, and an attacker's of the same kinds. */
public final class TestKeys {
    public static final RSAKey RSA = rsa("rsa-1", 2048);
    public static final RSAKey RSA_OTHER = rsa("rsa-1", 2048); // same kid, different key: an attacker's
    public static final RSAKey RSA_SECOND = rsa("rsa-2", 2048);
    public static final ECKey EC = ec("ec-1", Curve.P_256);
    public static final String HMAC_SECRET = "a-shared-secret-of-at-least-32-bytes!!";
    public static final OctetSequenceKey HMAC =
            new OctetSequenceKey.Builder(HMAC_SECRET.getBytes(StandardCharsets.UTF_8)).build();

    private TestKeys() {}

    public static RSAKey rsa(String kid, int bits) {
        try {
            return new RSAKeyGenerator(bits, true).keyID(kid).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    public static ECKey ec(String kid, Curve curve) {
        try {
            return new ECKeyGenerator(curve).keyID(kid).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    public static OctetSequenceKey secret(int bytes) {
        try {
            return new OctetSequenceKeyGenerator(bytes * 8).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return the public key as a PEM {@code PUBLIC KEY} block */
    public static String pem(PublicKey key) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(key.getEncoded());
        return "-----BEGIN PUBLIC KEY-----\n" + body + "\n-----END PUBLIC KEY-----\n";
    }

    public static String rsaPem() {
        try {
            return pem(RSA.toPublicKey());
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** @return the public JWK set JSON of some keys */
    public static String publicJwks(com.nimbusds.jose.jwk.JWK... keys) {
        return new JWKSet(java.util.List.of(keys)).toPublicJWKSet().toString();
    }
}
