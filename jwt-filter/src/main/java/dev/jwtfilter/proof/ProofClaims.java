package dev.jwtfilter.proof;

import dev.jwtfilter.proof.DPoPProofException.Reason;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The claims of a proof (RFC 9449 sections 4.2 and 4.3), read from its parsed JSON payload: {@code htm},
 * {@code htu}, {@code iat}, {@code jti} and {@code ath}. Each rule throws its own reason. Stateless.
 */
final class ProofClaims {
    private static final java.util.Base64.Encoder BASE64URL =
            java.util.Base64.getUrlEncoder().withoutPadding();

    private final Map<String, Object> claims;

    ProofClaims(Map<String, Object> claims) {
        this.claims = claims;
    }

    /** {@code htm} must equal the request method, case-sensitively (RFC 9110 section 9.1). */
    void requireMethod(String method) throws DPoPProofException {
        if (!required("htm").equals(method)) {
            throw new DPoPProofException(Reason.WRONG_METHOD, "DPoP proof htm is not the request method");
        }
    }

    /** {@code htu} must equal the request URI, both normalized by {@link TargetUri}. */
    void requireUri(String normalizedTarget) throws DPoPProofException {
        Optional<String> htu = TargetUri.normalize(required("htu"));
        if (htu.isEmpty() || !htu.get().equals(normalizedTarget)) {
            throw new DPoPProofException(Reason.WRONG_URI, "DPoP proof htu is not the request URI");
        }
    }

    /** @return {@code iat}, which must lie in {@code [now - past, now + future]} */
    Instant requireIssuedWithin(Instant now, java.time.Duration past, java.time.Duration future)
            throws DPoPProofException {
        if (!(claims.get("iat") instanceof Number iat)) {
            throw new DPoPProofException(Reason.MISSING_CLAIM, "DPoP proof has no numeric iat");
        }
        long seconds = iat.longValue();
        // Compared in epoch seconds, so that an absurd iat (1e300) is stale rather than an Instant overflow.
        if (seconds < now.minus(past).getEpochSecond()
                || seconds > now.plus(future).getEpochSecond()) {
            throw new DPoPProofException(Reason.STALE, "DPoP proof iat is outside the accepted window");
        }
        return Instant.ofEpochSecond(seconds);
    }

    /** @return {@code jti}, which must be a non-blank string */
    String requireId() throws DPoPProofException {
        return required("jti");
    }

    /** With an access token, {@code ath} must be base64url(SHA-256(ASCII(token))) (RFC 9449 section 4.2). */
    void requireTokenHash(String accessToken) throws DPoPProofException {
        if (accessToken == null) {
            return;
        }
        byte[] expected = tokenHash(accessToken).getBytes(StandardCharsets.US_ASCII);
        byte[] actual = required("ath").getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(expected, actual)) {
            throw new DPoPProofException(Reason.WRONG_ATH, "DPoP proof ath is not the hash of the access token");
        }
    }

    /** With server nonces on, {@code nonce} must be one they accept (RFC 9449 section 9). */
    void requireNonce(DPoPNonces nonces) throws DPoPProofException {
        if (!(claims.get("nonce") instanceof String nonce) || !nonces.accepts(nonce)) {
            throw new DPoPProofException(Reason.NONCE_REQUIRED, "DPoP proof has no current server nonce");
        }
    }

    /**
     * @param accessToken the access token
     * @return base64url(SHA-256(ASCII(token))), the {@code ath} a proof sent with the token must carry
     */
    static String tokenHash(String accessToken) {
        try {
            byte[] digest =
                    MessageDigest.getInstance("SHA-256").digest(accessToken.getBytes(StandardCharsets.US_ASCII));
            return BASE64URL.encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java runtime", e);
        }
    }

    private String required(String name) throws DPoPProofException {
        if (claims.get(name) instanceof String value && !value.isBlank()) {
            return value;
        }
        throw new DPoPProofException(Reason.MISSING_CLAIM, "DPoP proof lacks the string claim " + name);
    }
}
