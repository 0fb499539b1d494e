package dev.jwtfilter.proof;

import dev.jwtfilter.internal.Sha256;
import dev.jwtfilter.proof.DPoPProofException.Reason;
import java.net.URI;
import java.time.Instant;

/**
 * Checks a DPoP proof (RFC 9449 sections 4.2, 4.3 and 11) for one request and returns its key's thumbprint, which
 * the caller compares with the access token's {@code cnf.jkt} ({@link DPoPBinding}). The cheap rules run before
 * the signature, and a proof is recorded in the replay cache only once everything else, the signature included,
 * has passed, so that nobody can fill the cache with proofs that would be refused anyway. Thread safe; make one
 * with {@link #of(DPoPProofSettings)}. Besides its settings it holds only a bounded cache of the encoded headers of
 * the proofs it accepted, so that a client's next proof, signed with the same key and so carrying the same header
 * string, skips parsing the key and computing its thumbprint: what the header rules decide depends on that string
 * alone, and the claims, the signature and the replay rule are checked on every proof.
 */
public final class DPoPProofVerifier {
    /** The only media type a proof may declare (RFC 9449 section 4.2). */
    public static final String TYPE = "dpop+jwt";

    private final DPoPProofSettings settings;
    private final ProofHeaderCache headers = new ProofHeaderCache();

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
        ProofHeader header = header(parts[0]);
        ProofClaims claims = new ProofClaims(ProofEncoding.json(parts[1]));
        Instant now = settings.clock().instant();
        Instant issuedAt = checkClaims(claims, method, htu, accessToken, now);
        String id = claims.requireId();
        // The key is compared before the signature is checked: a proof under a stranger's key costs a hash, not a
        // signature check.
        String thumbprint = header.thumbprint();
        if (boundThumbprint != null && !DPoPBinding.sameThumbprint(boundThumbprint, thumbprint)) {
            throw new DPoPProofException(Reason.WRONG_KEY, "DPoP proof key is not the key the token is bound to");
        }
        header.checkSignature(parts[0], parts[1], parts[2]);
        recordFirstUse(thumbprint, id, issuedAt, now);
        headers.remember(parts[0], header);
        return new VerifiedDPoPProof(
                thumbprint, id, issuedAt, header.algorithm().getName());
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

    /** @return how many encoded headers of accepted proofs are remembered, for tests */
    int rememberedHeaders() {
        return headers.size();
    }

    /** The header of this client's earlier accepted proofs when it is the same string, else parsed and checked. */
    private ProofHeader header(String encoded) throws DPoPProofException {
        ProofHeader known = headers.get(encoded);
        return known != null ? known : ProofHeader.parse(encoded, settings.algorithms());
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
