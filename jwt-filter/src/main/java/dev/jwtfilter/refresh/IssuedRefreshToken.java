package dev.jwtfilter.refresh;

import java.time.Instant;

/**
 * A refresh token as handed to a client: shown once, stored only as a hash.
 *
 * @param token the opaque token (256 random bits, base64url); never logged
 * @param familyId the login it belongs to
 * @param familyExpiresAt when the family ends at the latest
 */
public record IssuedRefreshToken(String token, String familyId, Instant familyExpiresAt) {
    @Override
    public String toString() {
        return "IssuedRefreshToken[family=" + familyId + "]";
    }
}
