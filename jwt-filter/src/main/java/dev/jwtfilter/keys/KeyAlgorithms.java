package dev.jwtfilter.keys;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Which algorithms a key verifies with. One algorithm per key by default (RFC 8725 section 3.1): a key's own
 * {@code alg} when it declares one, else RS256 for RSA, the curve's ES algorithm for EC (P-256 ES256, P-384
 * ES384, P-521 ES512, secp256k1 ES256K) and HS256 for a secret. Any other algorithm the key is able to
 * verify with (PS256 with an RSA key, HS512 with a secret of 64 bytes) only when {@code jwt.algorithms}
 * lists it. Stateless.
 */
public final class KeyAlgorithms {
    private static final Set<JWSAlgorithm> DEFAULTS = Set.of(
            JWSAlgorithm.RS256,
            JWSAlgorithm.ES256,
            JWSAlgorithm.ES384,
            JWSAlgorithm.ES512,
            JWSAlgorithm.ES256K,
            JWSAlgorithm.HS256);
    private static final Set<JWSAlgorithm> RSA = Set.of(
            JWSAlgorithm.RS256,
            JWSAlgorithm.RS384,
            JWSAlgorithm.RS512,
            JWSAlgorithm.PS256,
            JWSAlgorithm.PS384,
            JWSAlgorithm.PS512);

    private KeyAlgorithms() {}

    /**
     * @param algorithm a JWS algorithm
     * @return whether a key of its type (and curve) that declares no {@code alg} verifies with it by default
     */
    public static boolean isDefault(JWSAlgorithm algorithm) {
        return DEFAULTS.contains(algorithm);
    }

    /** @return the one algorithm the key verifies with unless {@code jwt.algorithms} lists others */
    static JWSAlgorithm defaultFor(JWK key) {
        if (key.getAlgorithm() != null) {
            return JWSAlgorithm.parse(key.getAlgorithm().getName());
        }
        if (key instanceof ECKey ec) {
            return suitableFor(ec).iterator().next();
        }
        return key instanceof RSAKey ? JWSAlgorithm.RS256 : JWSAlgorithm.HS256;
    }

    /**
     * @return every algorithm the key is able to verify with: its declared {@code alg}, else those of its type
     *         (and curve; HMAC by secret length, RFC 7518 section 3.2)
     */
    static Set<JWSAlgorithm> suitableFor(JWK key) {
        if (key.getAlgorithm() != null) {
            return Set.of(JWSAlgorithm.parse(key.getAlgorithm().getName()));
        }
        if (key instanceof RSAKey) {
            return RSA;
        }
        if (key instanceof ECKey ec) {
            return Set.copyOf(JWSAlgorithm.Family.EC.stream()
                    .filter(alg -> Curve.forJWSAlgorithm(alg).contains(ec.getCurve()))
                    .toList());
        }
        if (key instanceof OctetSequenceKey oct) {
            return hmac(oct.size() / 8);
        }
        throw new IllegalArgumentException("Unsupported key type " + key.getKeyType());
    }

    /** @return HS256, and HS384 or HS512 when the secret is at least as long as their hash */
    static Set<JWSAlgorithm> hmac(int secretBytes) {
        Set<JWSAlgorithm> algs = new LinkedHashSet<>();
        algs.add(JWSAlgorithm.HS256);
        if (secretBytes >= 48) {
            algs.add(JWSAlgorithm.HS384);
        }
        if (secretBytes >= 64) {
            algs.add(JWSAlgorithm.HS512);
        }
        return algs;
    }
}
