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
 */
public record IssuedAccessToken(String token, String id, Instant issuedAt, Instant expiresAt) {

    /** @return seconds from issue to expiry, for {@code expires_in} */
    public long expiresInSeconds() {
        return Duration.between(issuedAt, expiresAt).toSeconds();
    }

    @Override
    public String toString() {
        return "IssuedAccessToken[id=" + id + ", expiresAt=" + expiresAt + "]";
    }
}
