package dev.jwtfilter.verify;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.KeyTypeException;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.SecurityContext;
import dev.jwtfilter.keys.VerificationKeys;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.SecretKey;

/**
 * The Nimbus verifier of each key of one trusted issuer's key set, made once per key rather than once per token:
 * converting a JWK to a Java key (an RSA key factory and its DER encoding, an EC point check) and building a
 * {@link JWSVerifier} cost more than an HMAC check and a good part of an RSA one. Nimbus' verifiers are immutable and
 * thread safe, so one serves every request. Keyed by the whole JWK (its {@code equals}: type, material, {@code kid},
 * {@code alg}, {@code use} and every other parameter), so a rotated key, or the same {@code kid} with new material,
 * gets a verifier of its own, and a key refetched unchanged keeps its verifier. A local set's keys are prepared when
 * the verifier is built; a remote set's on the first token each key verifies. Everything is forgotten when a key leaves
 * the set ({@link dev.jwtfilter.keys.KeySetChanges}, the same signal that clears the verified-token cache), and when
 * more than {@link #MAX_KEYS} keys have been seen (a source of your own that makes new keys all the time), so a key
 * that has left never verifies through a kept verifier and memory stays bounded. One per trusted issuer: no verifier
 * is shared between issuers. Which key may verify which token is decided before (by {@link KeySelection}); this only
 * spares the conversion. Thread safe.
 */
final class KeyVerifiers {
    /** More keys than any real key set holds; past it everything is forgotten and made again on demand. */
    static final int MAX_KEYS = 64;

    private final ConcurrentHashMap<JWK, JWSVerifier> verifiers = new ConcurrentHashMap<>();

    /**
     * Prepares a local set's keys now, and forgets all when a key leaves a remote set.
     *
     * @param keys the trusted issuer's keys
     */
    KeyVerifiers(VerificationKeys keys) {
        keys.changes().subscribe(verifiers::clear);
        if (keys.source() instanceof ImmutableJWKSet<SecurityContext> local) {
            for (JWK key : local.getJWKSet().getKeys()) {
                try {
                    verifierFor(key);
                } catch (JOSEException e) {
                    // Not a verification key; selection never hands it out, or verification fails then as before.
                }
            }
        }
    }

    /**
     * @param key a key the key selection chose for a token
     * @return the key's verifier, made now if this key has not been seen; {@code null} when the key cannot be made
     *     into a Java key (Nimbus' key converter leaves such a key out)
     * @throws JOSEException Nimbus refuses to make a verifier of the key (a secret too short, an unsupported curve)
     */
    JWSVerifier verifierFor(JWK key) throws JOSEException {
        JWSVerifier verifier = verifiers.get(key);
        if (verifier != null) {
            return verifier;
        }
        verifier = newVerifier(key);
        if (verifier == null) {
            return null;
        }
        if (verifiers.size() >= MAX_KEYS) {
            verifiers.clear();
        }
        JWSVerifier raced = verifiers.putIfAbsent(key, verifier);
        return raced != null ? raced : verifier;
    }

    /** @return how many keys have a verifier now */
    int size() {
        return verifiers.size();
    }

    /**
     * What Nimbus' key converter and verifier factory make of a JWK for verification: its public (or secret) Java
     * key inside the verifier of its type.
     */
    private static JWSVerifier newVerifier(JWK key) throws JOSEException {
        if (key instanceof OctetSequenceKey secret) {
            return new MACVerifier(secret.toSecretKey());
        }
        PublicKey publicKey = publicKey(key);
        if (publicKey instanceof RSAPublicKey rsa) {
            return new RSASSAVerifier(rsa);
        }
        if (publicKey instanceof ECPublicKey ec) {
            return new ECDSAVerifier(ec);
        }
        if (publicKey == null) {
            return null;
        }
        throw new KeyTypeException(RSAPublicKey.class, ECPublicKey.class, SecretKey.class);
    }

    private static PublicKey publicKey(JWK key) {
        try {
            return key instanceof RSAKey rsa
                    ? rsa.toRSAPublicKey()
                    : key instanceof ECKey ec ? ec.toECPublicKey() : null;
        } catch (JOSEException e) {
            return null;
        }
    }
}
