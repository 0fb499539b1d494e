package dev.jwtfilter.issue;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.JWKGenerator;
import com.nimbusds.jose.jwk.gen.OctetSequenceKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import dev.jwtfilter.keys.KeySources;
import dev.jwtfilter.keys.VerificationKeys;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The keys an issuer signs with: one active key (with its private part) and any number of retiring keys
 * whose public parts stay published so that tokens in flight keep verifying after a rotation. Each key
 * carries its {@code alg} and a {@code kid} (its RFC 7638 thumbprint when generated here). Immutable and
 * thread safe; {@link #rotate()} and {@link #withoutKey(String)} return new sets.
 */
public final class SigningKeySet {
    /** RSA modulus generated for RS and PS algorithms. */
    public static final int RSA_BITS = 2048;

    private final List<JWK> keys;

    private SigningKeySet(List<JWK> keys) {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("A signing key set needs at least one key");
        }
        for (JWK key : keys) {
            if (key.getAlgorithm() == null || key.getKeyID() == null) {
                throw new IllegalArgumentException("Every signing key needs 'alg' and 'kid'");
            }
        }
        if (!keys.get(0).isPrivate()) {
            throw new IllegalArgumentException("The active (first) signing key must include its private part");
        }
        this.keys = List.copyOf(keys);
    }

    /**
     * A set from JWKs: the first is the active key and must be private; the others are retiring.
     *
     * @param keys JWKs with {@code alg} and {@code kid}
     * @return the set, the first key active
     */
    public static SigningKeySet of(List<JWK> keys) {
        return new SigningKeySet(keys);
    }

    /**
     * @param json the JWK set JSON document
     * @return a set parsed from a JWK set JSON document whose first key is active
     */
    public static SigningKeySet parse(String json) {
        try {
            return of(JWKSet.parse(json).getKeys());
        } catch (ParseException e) {
            throw new IllegalArgumentException("Not a valid JWK set document", e);
        }
    }

    /**
     * @param algorithm the signing algorithm
     * @return a set holding one new key for the algorithm (RSA 2048, EC of the matching curve, or an HMAC secret)
     */
    public static SigningKeySet generate(JWSAlgorithm algorithm) {
        return of(List.of(newKey(algorithm)));
    }

    /**
     * A set holding one shared HMAC secret; nothing is ever published for it.
     *
     * @param secret at least {@link KeySources#MIN_HMAC_SECRET_BYTES} bytes, and at least the hash size of the algorithm
     * @param algorithm the HMAC algorithm (HS256, HS384 or HS512)
     * @return the set holding the one secret key
     */
    public static SigningKeySet hmac(byte[] secret, JWSAlgorithm algorithm) {
        if (!JWSAlgorithm.Family.HMAC_SHA.contains(algorithm)) {
            throw new IllegalArgumentException(algorithm + " is not an HMAC algorithm");
        }
        int needed = Math.max(
                KeySources.MIN_HMAC_SECRET_BYTES,
                Integer.parseInt(algorithm.getName().substring(2)) / 8);
        if (secret.length < needed) {
            throw new IllegalArgumentException(algorithm + " needs a secret of at least " + needed + " bytes");
        }
        return of(List.of(new OctetSequenceKey.Builder(secret)
                .algorithm(algorithm)
                .keyID("hmac")
                .keyUse(KeyUse.SIGNATURE)
                .build()));
    }

    /** @return a new set whose active key is a fresh key of the same algorithm, the current keys retiring */
    public SigningKeySet rotate() {
        List<JWK> rotated = new ArrayList<>();
        rotated.add(newKey(algorithm()));
        rotated.addAll(keys);
        return of(rotated);
    }

    /**
     * @param keyId the {@code kid} of the retiring key to remove
     * @return a new set without a retiring key; the active key cannot be removed
     */
    public SigningKeySet withoutKey(String keyId) {
        if (activeKey().getKeyID().equals(keyId)) {
            throw new IllegalArgumentException("The active key cannot be removed; rotate first");
        }
        return of(keys.stream().filter(k -> !k.getKeyID().equals(keyId)).toList());
    }

    /** @return the key new tokens are signed with */
    public JWK activeKey() {
        return keys.get(0);
    }

    /** @return the algorithm of the active key */
    public JWSAlgorithm algorithm() {
        return JWSAlgorithm.parse(activeKey().getAlgorithm().getName());
    }

    /** @return every key, the active one first, with private parts: for saving, never for publishing */
    public List<JWK> keys() {
        return keys;
    }

    /** @return the public JWK set to publish at {@code /.well-known/jwks.json}; secret keys are never included */
    public JWKSet publicJwkSet() {
        return new JWKSet(keys).toPublicJWKSet();
    }

    /** @return the private JWK set JSON, for the owner's key file only */
    public String toPrivateJson() {
        return new JWKSet(keys).toString(false);
    }

    /** @return keys that verify every token this set signed, by {@code kid} (by secret for HMAC) */
    public VerificationKeys verificationKeys() {
        JWK active = activeKey();
        if (active instanceof OctetSequenceKey) {
            return new VerificationKeys(new ImmutableJWKSet<>(new JWKSet(active)), Set.of(algorithm()), false);
        }
        Set<JWSAlgorithm> algorithms = new java.util.LinkedHashSet<>();
        keys.forEach(k -> algorithms.add(JWSAlgorithm.parse(k.getAlgorithm().getName())));
        return new VerificationKeys(new ImmutableJWKSet<>(publicJwkSet()), algorithms, true);
    }

    static JWK newKey(JWSAlgorithm algorithm) {
        Objects.requireNonNull(algorithm, "algorithm");
        try {
            return generator(algorithm)
                    .algorithm(algorithm)
                    .keyUse(KeyUse.SIGNATURE)
                    .keyIDFromThumbprint(true)
                    .generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("Key generation failed for " + algorithm, e);
        }
    }

    private static JWKGenerator<? extends JWK> generator(JWSAlgorithm algorithm) {
        if (JWSAlgorithm.Family.RSA.contains(algorithm)) {
            return new RSAKeyGenerator(RSA_BITS);
        }
        if (JWSAlgorithm.Family.EC.contains(algorithm) && !JWSAlgorithm.ES256K.equals(algorithm)) {
            return new ECKeyGenerator(
                    Curve.forJWSAlgorithm(algorithm).iterator().next());
        }
        if (JWSAlgorithm.Family.HMAC_SHA.contains(algorithm)) {
            return new OctetSequenceKeyGenerator(Math.max(
                    KeySources.MIN_HMAC_SECRET_BYTES * 8,
                    Integer.parseInt(algorithm.getName().substring(2))));
        }
        throw new IllegalArgumentException("Unsupported signing algorithm " + algorithm
                + ": use RS256/384/512, PS256/384/512, ES256/384/512 or HS256/384/512");
    }

    @Override
    public String toString() {
        return "SigningKeySet[active=" + activeKey().getKeyID() + ", keys=" + keys.size() + "]";
    }
}
