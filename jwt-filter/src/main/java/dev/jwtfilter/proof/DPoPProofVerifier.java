package dev.jwtfilter.proof;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import dev.jwtfilter.internal.Sha256;
import dev.jwtfilter.proof.DPoPProofException.Reason;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Instant;
import java.util.Map;

/**
 * Checks a DPoP proof (RFC 9449 sections 4.2, 4.3 and 11) for one request and returns its key's thumbprint, which
 * the caller compares with the access token's {@code cnf.jkt} ({@link DPoPBinding}). The cheap rules run before
 * the signature, and a proof is recorded in the replay cache only once everything else, the signature included,
 * has passed, so that nobody can fill the cache with proofs that would be refused anyway. Immutable and thread
 * safe; make one with {@link #of(DPoPProofSettings)}.
 */
public final class DPoPProofVerifier {
    /** The only media type a proof may declare (RFC 9449 section 4.2). */
    public static final String TYPE = "dpop+jwt";

    private static final DefaultJWSVerifierFactory VERIFIERS = new DefaultJWSVerifierFactory();

    private final DPoPProofSettings settings;

    private DPoPProofVerifier(DPoPProofSettings settings) {
        this.settings = settings;
    }

    /**
     * @param settings the allowlist, window, clock and replay cache
     * @return a verifier for them
     */
    public static DPoPProofVerifier of(DPoPProofSettings settings) {
        return new DPoPProofVerifier(java.util.Objects.requireNonNull(settings, "settings"));
    }

    /** @return the settings this verifier checks against, for example to list the algorithms in a challenge */
    public DPoPProofSettings settings() {
        return settings;
    }

    /**
     * Checks a proof received with a request, without a binding to compare.
     *
     * @param proof the {@code DPoP} header value, or {@code null} when the request had none
     * @param method the request method, compared case-sensitively with {@code htm}
     * @param htu the request URI as the client addressed it (external scheme, host and port); query and fragment
     *     are ignored
     * @param accessToken the access token sent with the proof, whose hash {@code ath} must be; {@code null} at a
     *     token endpoint, where no {@code ath} is required
     * @return the verified proof: its key's thumbprint, {@code jti} and {@code iat}
     * @throws DPoPProofException why the proof was refused
     */
    public VerifiedDPoPProof verify(String proof, String method, URI htu, String accessToken)
            throws DPoPProofException {
        return verify(proof, method, htu, accessToken, null);
    }

    /**
     * Checks a proof and, before recording its {@code jti}, that its key is the one the access token is bound to:
     * the order that keeps proofs signed with a stranger's key out of the replay cache.
     *
     * @param proof the {@code DPoP} header value, or {@code null} when the request had none
     * @param method the request method
     * @param htu the request URI as the client addressed it
     * @param accessToken the access token sent with the proof, or {@code null} at a token endpoint
     * @param boundThumbprint the token's {@code cnf.jkt}, or {@code null} for no comparison
     * @return the verified proof
     * @throws DPoPProofException why the proof was refused ({@code WRONG_KEY} for another key than the bound one)
     */
    public VerifiedDPoPProof verify(String proof, String method, URI htu, String accessToken, String boundThumbprint)
            throws DPoPProofException {
        java.util.Objects.requireNonNull(method, "method");
        java.util.Objects.requireNonNull(htu, "htu");
        String[] parts = split(proof);
        Map<String, Object> header = json(parts[0]);
        JWSAlgorithm algorithm = algorithm(header);
        JWK key = ProofKey.publicKey(header.get("jwk"), algorithm);
        ProofClaims claims = new ProofClaims(json(parts[1]));
        Instant now = settings.clock().instant();
        Instant issuedAt = checkClaims(claims, method, htu, accessToken, now);
        String id = claims.requireId();
        // The key is compared before the signature is checked: a proof under a stranger's key costs a hash, not a
        // signature check.
        String thumbprint = ProofKey.thumbprint(key);
        if (boundThumbprint != null && !DPoPBinding.sameThumbprint(boundThumbprint, thumbprint)) {
            throw new DPoPProofException(Reason.WRONG_KEY, "DPoP proof key is not the key the token is bound to");
        }
        checkSignature(parts, header, key);
        recordFirstUse(thumbprint, id, issuedAt, now);
        return new VerifiedDPoPProof(thumbprint, id, issuedAt, algorithm.getName());
    }

    private String[] split(String proof) throws DPoPProofException {
        if (proof == null || proof.isEmpty()) {
            throw new DPoPProofException(Reason.MISSING, "No DPoP proof");
        }
        if (proof.length() > settings.maxProofLength() || !ProofEncoding.isCanonicalJws(proof)) {
            throw new DPoPProofException(Reason.MALFORMED, "DPoP proof is not a canonical compact JWS");
        }
        return proof.split("\\.", -1);
    }

    private static Map<String, Object> json(String part) throws DPoPProofException {
        try {
            String text = new Base64URL(part).decodeToString();
            // Nimbus' parser reads a JSON array such as [] as an empty object: only an object is a header or claims
            // set.
            if (!text.strip().startsWith("{")) {
                throw new ParseException("not a JSON object", 0);
            }
            return JSONObjectUtils.parse(text);
        } catch (ParseException | RuntimeException e) {
            throw new DPoPProofException(Reason.MALFORMED, "DPoP proof part is not a JSON object");
        }
    }

    private JWSAlgorithm algorithm(Map<String, Object> header) throws DPoPProofException {
        if (!TYPE.equals(header.get("typ"))) {
            throw new DPoPProofException(Reason.WRONG_TYPE, "DPoP proof typ is not dpop+jwt");
        }
        if (!(header.get("alg") instanceof String name)
                || !settings.algorithms().contains(JWSAlgorithm.parse(name))) {
            throw new DPoPProofException(Reason.BAD_ALGORITHM, "DPoP proof alg is not allowed");
        }
        if (header.containsKey("crit")) {
            throw new DPoPProofException(Reason.CRITICAL_HEADER, "DPoP proof names a critical header");
        }
        return JWSAlgorithm.parse(name);
    }

    private Instant checkClaims(ProofClaims claims, String method, URI htu, String accessToken, Instant now)
            throws DPoPProofException {
        claims.requireMethod(method);
        String target = TargetUri.normalize(htu)
                .orElseThrow(() -> new DPoPProofException(Reason.WRONG_URI, "Request URI is not absolute http(s)"));
        claims.requireUri(target);
        Instant issuedAt = claims.requireIssuedWithin(now, settings.window().plus(settings.skew()), settings.skew());
        claims.requireTokenHash(accessToken);
        if (settings.nonces().isPresent()) {
            claims.requireNonce(settings.nonces().get());
        }
        return issuedAt;
    }

    private static void checkSignature(String[] parts, Map<String, Object> header, JWK key) throws DPoPProofException {
        try {
            JWSHeader parsed = JWSHeader.parse(header, new Base64URL(parts[0]));
            byte[] signingInput = (parts[0] + '.' + parts[1]).getBytes(StandardCharsets.US_ASCII);
            boolean valid = VERIFIERS
                    .createJWSVerifier(parsed, ProofKey.toPublicKey(key))
                    .verify(parsed, signingInput, new Base64URL(parts[2]));
            if (!valid) {
                throw new DPoPProofException(Reason.BAD_SIGNATURE, "DPoP proof signature does not verify");
            }
        } catch (ParseException | JOSEException e) {
            throw new DPoPProofException(Reason.BAD_SIGNATURE, "DPoP proof signature could not be checked");
        }
    }

    /** Keyed by a digest of thumbprint and {@code jti}: fixed-size entries, and one client cannot block another's jti. */
    private void recordFirstUse(String thumbprint, String id, Instant issuedAt, Instant now) throws DPoPProofException {
        String key = Sha256.hex(thumbprint + '.' + id);
        // Accepted up to and including iat + window + skew: remembered one second longer than that.
        Instant expiresAt =
                issuedAt.plus(settings.window()).plus(settings.skew()).plusSeconds(1);
        if (!settings.replayCache().firstUse(key, expiresAt, now)) {
            throw new DPoPProofException(Reason.REPLAYED, "DPoP proof jti was already used");
        }
    }
}
