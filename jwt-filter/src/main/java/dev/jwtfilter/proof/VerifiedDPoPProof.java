package dev.jwtfilter.proof;

import java.time.Instant;
import java.util.Objects;

/**
 * A DPoP proof that passed every check of RFC 9449 section 4.3. Holds no proof string. Immutable.
 *
 * @param thumbprint the RFC 7638 SHA-256 thumbprint of the proof's {@code jwk}, base64url without padding: what
 *     a bound access token's {@code cnf.jkt} must equal (RFC 9449 section 6.1)
 * @param id the proof's {@code jti}
 * @param issuedAt the proof's {@code iat}
 * @param algorithm the {@code alg} the proof was signed with
 */
public record VerifiedDPoPProof(String thumbprint, String id, Instant issuedAt, String algorithm) {
    /**
     * Checks that no component is null.
     *
     * @param thumbprint the proof key's RFC 7638 SHA-256 thumbprint, base64url
     * @param id the proof's {@code jti}
     * @param issuedAt the proof's {@code iat}
     * @param algorithm the proof's {@code alg}
     */
    public VerifiedDPoPProof {
        Objects.requireNonNull(thumbprint, "thumbprint");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(issuedAt, "issuedAt");
        Objects.requireNonNull(algorithm, "algorithm");
    }
}
