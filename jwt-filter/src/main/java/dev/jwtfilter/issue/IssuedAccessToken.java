package dev.jwtfilter.issue;

import java.time.Duration;
import java.time.Instant;

/**
 * A signed access token with what a token response (RFC 6749 section 5.1) needs to say about it.
 *
 * @param token the compact JWS; shown once, never logged
 * @param id its {@code jti}
 * @param issuedAt its {@code iat}
 * @param expiresAt its {@code exp}
 * @param dpopThumbprint its {@code cnf.jkt}, the thumbprint of the DPoP key it is bound to, or {@code null} for a
 *     bearer token
 */
public record IssuedAccessToken(String token, String id, Instant issuedAt, Instant expiresAt, String dpopThumbprint) {
    /** The {@code token_type} of a token bound to a DPoP key (RFC 9449 section 5). */
    public static final String DPOP = "DPoP";
    /** The {@code token_type} of a bearer token (RFC 6750 section 6.1.1). */
    public static final String BEARER = "Bearer";

    /**
     * A bearer token, bound to no key.
     *
     * @param token the compact JWS
     * @param id its {@code jti}
     * @param issuedAt its {@code iat}
     * @param expiresAt its {@code exp}
     */
    public IssuedAccessToken(String token, String id, Instant issuedAt, Instant expiresAt) {
        this(token, id, issuedAt, expiresAt, null);
    }

    /** @return seconds from issue to expiry, for {@code expires_in} */
    public long expiresInSeconds() {
        return Duration.between(issuedAt, expiresAt).toSeconds();
    }

    /** @return {@code DPoP} for a token bound to a DPoP key, else {@code Bearer}: the response's {@code token_type} */
    public String tokenType() {
        return dpopThumbprint == null ? BEARER : DPOP;
    }

    @Override
    public String toString() {
        return "IssuedAccessToken[id=" + id + ", expiresAt=" + expiresAt + ", type=" + tokenType() + "]";
    }
}
