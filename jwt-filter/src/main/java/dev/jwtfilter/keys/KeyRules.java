package dev.jwtfilter.keys;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.KeyOperation;
import com.nimbusds.jose.jwk.KeyType;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import dev.jwtfilter.internal.LogText;
import java.util.ArrayList;
import java.util.List;

/**
 * The rules every verification key meets, configured or fetched: a signature key ({@code use} absent or
 * {@code sig}, RFC 7517 section 4.2; {@code key_ops} absent or with {@code verify}, section 4.3), RSA of at
 * least 2048 bits, a secret of at least 256 bits, EC on a curve of its own, no OKP (EdDSA would need Tink),
 * and a declared {@code alg} that is a signature algorithm its type can verify with. A configured key that
 * breaks one stops start-up; a fetched one is dropped from the set. Messages name the key by {@code kid}, never
 * its material. Stateless.
 */
final class KeyRules {
    private KeyRules() {}

    /** @return why this key can never verify a token here, or {@code null} when it can */
    static String problem(JWK key) {
        String use = useProblem(key);
        if (use != null) {
            return use;
        }
        if (key instanceof RSAKey rsa && rsa.size() < KeySources.MIN_RSA_BITS) {
            return "RSA key " + describe(key) + " has " + rsa.size() + " bits; at least 2048 are required";
        }
        if (key instanceof OctetSequenceKey oct && oct.size() < KeySources.MIN_HMAC_SECRET_BYTES * 8) {
            return "Secret key " + describe(key) + " is shorter than " + KeySources.MIN_HMAC_SECRET_BYTES * 8 + " bits";
        }
        if (!(key instanceof RSAKey || key instanceof ECKey || key instanceof OctetSequenceKey)) {
            return "Key " + describe(key) + " is an " + key.getKeyType()
                    + " key, which this verifier does not support (RSA, EC or an HMAC secret)";
        }
        return algorithmProblem(key);
    }

    /**
     * Drops from a fetched set every key that breaks a rule, and every secret key (a secret served by an
     * endpoint is no secret).
     *
     * @param fetched the set as the endpoint served it
     * @param dropped receives why each dropped key was dropped, naming it by {@code kid}
     * @return the public keys that may verify
     */
    static List<JWK> usable(List<JWK> fetched, List<String> dropped) {
        List<JWK> usable = new ArrayList<>();
        for (JWK key : fetched) {
            String problem = key.getKeyType() == KeyType.OCT
                    ? "Secret key " + describe(key) + " is never taken from a remote set"
                    : problem(key);
            if (problem == null) {
                usable.add(key.toPublicJWK());
            } else {
                dropped.add(problem);
            }
        }
        return usable;
    }

    private static String useProblem(JWK key) {
        if (key.getKeyUse() != null && !KeyUse.SIGNATURE.equals(key.getKeyUse())) {
            return "Key " + describe(key) + " has use '" + key.getKeyUse().identifier()
                    + "'; only signature keys (use sig) verify tokens";
        }
        if (key.getKeyOperations() != null && !key.getKeyOperations().contains(KeyOperation.VERIFY)) {
            return "Key " + describe(key) + " has key_ops "
                    + key.getKeyOperations().stream()
                            .map(KeyOperation::identifier)
                            .sorted()
                            .toList() + " without 'verify'";
        }
        return null;
    }

    private static String algorithmProblem(JWK key) {
        if (key.getAlgorithm() == null) {
            return null;
        }
        JWSAlgorithm alg = JWSAlgorithm.parse(key.getAlgorithm().getName());
        boolean suits = key instanceof RSAKey
                ? JWSAlgorithm.Family.RSA.contains(alg)
                : key instanceof ECKey ec
                        ? JWSAlgorithm.Family.EC.contains(alg)
                                && Curve.forJWSAlgorithm(alg).contains(ec.getCurve())
                        : KeyAlgorithms.hmac(((OctetSequenceKey) key).size() / 8)
                                .contains(alg);
        return suits
                ? null
                : "Key " + describe(key) + " declares alg " + LogText.clean(alg.getName())
                        + ", which is not a signature algorithm it can verify with";
    }

    static String describe(JWK key) {
        return key.getKeyID() == null ? "(no kid)" : "'" + LogText.clean(key.getKeyID()) + "'";
    }
}
