package dev.jwtfilter.proof;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import dev.jwtfilter.proof.DPoPProofException.Reason;
import java.util.Map;
import java.util.Set;

/**
 * The {@code jwk} header of a proof (RFC 9449 section 4.2): a public key only, of the type its {@code alg} needs,
 * an RSA key of 2048 to 4096 bits with a public exponent of at most 33 bits (an exponent as long as the modulus would
 * make every check cost tens of milliseconds, for anyone holding a token). Private members are looked for in the JSON itself, before any parsing, so that
 * the refusal is ours and typed. Stateless.
 */
final class ProofKey {
    /** Every private JWK member of RFC 7518 section 6 (EC, RSA, oct) and RFC 8037 (OKP). */
    private static final Set<String> PRIVATE_MEMBERS = Set.of("d", "p", "q", "dp", "dq", "qi", "oth", "k");

    private static final int MIN_RSA_BITS = 2048;
    private static final int MAX_RSA_BITS = 4096;
    private static final int MAX_EXPONENT_BITS = 33;

    private ProofKey() {}

    /**
     * @param jwk the {@code jwk} header value as parsed JSON, or {@code null}
     * @param algorithm the proof's {@code alg}, already in the allowlist
     * @return the public key to verify with
     * @throws DPoPProofException {@code PRIVATE_KEY} or {@code BAD_KEY}
     */
    static JWK publicKey(Object jwk, JWSAlgorithm algorithm) throws DPoPProofException {
        if (!(jwk instanceof Map<?, ?> members)) {
            throw new DPoPProofException(Reason.BAD_KEY, "DPoP proof has no jwk header object");
        }
        for (String member : PRIVATE_MEMBERS) {
            if (members.containsKey(member)) {
                throw new DPoPProofException(Reason.PRIVATE_KEY, "DPoP proof jwk holds private key material");
            }
        }
        JWK key = parse(members);
        if (key.isPrivate() || !fits(key, algorithm)) {
            throw new DPoPProofException(Reason.BAD_KEY, "DPoP proof jwk does not fit its alg");
        }
        return key;
    }

    /**
     * @param key a proof's public key
     * @return its RFC 7638 SHA-256 thumbprint, base64url without padding
     * @throws DPoPProofException {@code BAD_KEY} when it cannot be computed
     */
    static String thumbprint(JWK key) throws DPoPProofException {
        try {
            return key.computeThumbprint("SHA-256").toString();
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new DPoPProofException(Reason.BAD_KEY, "DPoP proof jwk has no thumbprint");
        }
    }

    /**
     * @param key a proof's EC or RSA public key
     * @return it as a JCA key
     * @throws DPoPProofException {@code BAD_KEY} when it is not a valid key
     */
    static java.security.PublicKey toPublicKey(JWK key) throws DPoPProofException {
        try {
            return key instanceof ECKey ec ? ec.toECPublicKey() : key.toRSAKey().toRSAPublicKey();
        } catch (com.nimbusds.jose.JOSEException | RuntimeException e) {
            throw new DPoPProofException(Reason.BAD_KEY, "DPoP proof jwk is not a valid public key");
        }
    }

    @SuppressWarnings("unchecked")
    private static JWK parse(Map<?, ?> members) throws DPoPProofException {
        try {
            return JWK.parse((Map<String, Object>) members);
        } catch (java.text.ParseException | RuntimeException e) {
            throw new DPoPProofException(Reason.BAD_KEY, "DPoP proof jwk is not a valid JWK");
        }
    }

    private static boolean fits(JWK key, JWSAlgorithm algorithm) {
        if (JWSAlgorithm.Family.EC.contains(algorithm)) {
            return key instanceof ECKey ec && Curve.forJWSAlgorithm(algorithm).contains(ec.getCurve());
        }
        return JWSAlgorithm.Family.RSA.contains(algorithm)
                && key instanceof RSAKey rsa
                && rsa.size() >= MIN_RSA_BITS
                && rsa.size() <= MAX_RSA_BITS
                && rsa.getPublicExponent().decodeToBigInteger().bitLength() <= MAX_EXPONENT_BITS;
    }
}
