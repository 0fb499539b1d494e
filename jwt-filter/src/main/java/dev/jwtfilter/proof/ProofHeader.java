package dev.jwtfilter.proof;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.crypto.impl.RSASSA;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.util.Base64URL;
import dev.jwtfilter.proof.DPoPProofException.Reason;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.text.ParseException;
import java.util.Base64;
import java.util.Map;
import java.util.Set;

/**
 * The JOSE header of a proof (RFC 9449 section 4.2) once every rule on it has passed: {@code typ} {@code dpop+jwt},
 * an allowed asymmetric {@code alg}, no {@code crit}, a public {@code jwk} that fits the {@code alg}. Holds what the
 * signature check needs (Nimbus' parsed header and a verifier for the key) and the key's RFC 7638 thumbprint, all
 * derived from the encoded header alone, so that the same encoded header always gives the same value
 * ({@link ProofHeaderCache}). Immutable and thread safe (Nimbus' RSA and EC verifiers are).
 */
final class ProofHeader {
    private static final DefaultJWSVerifierFactory VERIFIERS = new DefaultJWSVerifierFactory();

    private static final Base64.Decoder BASE64URL = Base64.getUrlDecoder();

    private final JWSAlgorithm algorithm;
    private final JWSHeader header;
    private final JWSVerifier verifier;
    private final PublicKey publicKey;
    private final String thumbprint;

    private ProofHeader(JWSHeader header, JWSVerifier verifier, PublicKey publicKey, String thumbprint) {
        this.algorithm = header.getAlgorithm();
        this.header = header;
        this.verifier = verifier;
        this.publicKey = publicKey;
        this.thumbprint = thumbprint;
    }

    /**
     * @param encoded the first part of the proof, canonical base64url
     * @param allowed the algorithms a proof may use
     * @return the header, every rule on it checked
     * @throws DPoPProofException {@code MALFORMED}, {@code WRONG_TYPE}, {@code BAD_ALGORITHM}, {@code CRITICAL_HEADER},
     *     {@code PRIVATE_KEY}, {@code BAD_KEY}, or {@code BAD_SIGNATURE} when Nimbus cannot make a verifier of it
     */
    static ProofHeader parse(String encoded, Set<JWSAlgorithm> allowed) throws DPoPProofException {
        Map<String, Object> json = ProofEncoding.json(encoded);
        JWSAlgorithm algorithm = algorithm(json, allowed);
        JWK key = ProofKey.publicKey(json.get("jwk"), algorithm);
        try {
            JWSHeader header = JWSHeader.parse(json, new Base64URL(encoded));
            PublicKey publicKey = ProofKey.toPublicKey(key);
            JWSVerifier verifier = VERIFIERS.createJWSVerifier(header, publicKey);
            return new ProofHeader(header, verifier, publicKey, ProofKey.thumbprint(key));
        } catch (ParseException | JOSEException e) {
            throw new DPoPProofException(Reason.BAD_SIGNATURE, "DPoP proof signature could not be checked");
        }
    }

    private static JWSAlgorithm algorithm(Map<String, Object> header, Set<JWSAlgorithm> allowed)
            throws DPoPProofException {
        if (!DPoPProofVerifier.TYPE.equals(header.get("typ"))) {
            throw new DPoPProofException(Reason.WRONG_TYPE, "DPoP proof typ is not dpop+jwt");
        }
        if (!(header.get("alg") instanceof String name) || !allowed.contains(JWSAlgorithm.parse(name))) {
            throw new DPoPProofException(Reason.BAD_ALGORITHM, "DPoP proof alg is not allowed");
        }
        if (header.containsKey("crit")) {
            throw new DPoPProofException(Reason.CRITICAL_HEADER, "DPoP proof names a critical header");
        }
        if (header.containsKey("b64")) {
            // RFC 7797 lets b64 change what is signed, and only under crit, which a proof may not carry.
            throw new DPoPProofException(Reason.CRITICAL_HEADER, "DPoP proof names the b64 header");
        }
        return JWSAlgorithm.parse(name);
    }

    /** @return the proof's {@code alg} */
    JWSAlgorithm algorithm() {
        return algorithm;
    }

    /** @return the RFC 7638 SHA-256 thumbprint of the proof's {@code jwk}, base64url without padding */
    String thumbprint() {
        return thumbprint;
    }

    /**
     * @param encodedHeader the first part of the proof, the one this header was parsed from
     * @param encodedClaims the second part
     * @param signature the third part, canonical base64url
     * @throws DPoPProofException {@code BAD_SIGNATURE} unless the signature verifies with the header's key
     */
    void checkSignature(String encodedHeader, String encodedClaims, String signature) throws DPoPProofException {
        byte[] signingInput = (encodedHeader + '.' + encodedClaims).getBytes(StandardCharsets.US_ASCII);
        boolean valid;
        try {
            valid = JWSAlgorithm.Family.RSA.contains(algorithm)
                    ? rsaVerifies(signingInput, BASE64URL.decode(signature))
                    : verifier.verify(header, signingInput, new Base64URL(signature));
        } catch (JOSEException | IllegalArgumentException e) {
            throw new DPoPProofException(Reason.BAD_SIGNATURE, "DPoP proof signature could not be checked");
        }
        if (!valid) {
            throw new DPoPProofException(Reason.BAD_SIGNATURE, "DPoP proof signature does not verify");
        }
    }

    /**
     * What Nimbus' {@code RSASSAVerifier.verify} does (the same JCA {@link Signature} and parameters, from Nimbus'
     * {@link RSASSA}; no {@code crit} to defer, a proof with one being refused before), but with the JDK's base64url
     * decoder: Nimbus' own, written to run in constant time for secrets, took about ten times as long on a 256-byte
     * signature, a visible share of an RS256 check, and a signature is no secret. EC proofs keep Nimbus' verifier, whose signature checks (length, the range of r and s)
     * matter more there and whose decoding is small beside an EC verification.
     */
    private boolean rsaVerifies(byte[] signingInput, byte[] signature) throws JOSEException {
        Signature jca = RSASSA.getSignerAndVerifier(algorithm, null);
        try {
            jca.initVerify(publicKey);
            jca.update(signingInput);
            return jca.verify(signature);
        } catch (InvalidKeyException e) {
            throw new JOSEException("Invalid public RSA key", e);
        } catch (SignatureException e) {
            return false;
        }
    }
}
