package dev.jwtfilter.refresh;

import java.time.Duration;

/** The answer to a refresh request: a new refresh token for the same user, a refusal, or "not so often". */
public sealed interface RefreshResult {

    /**
     * The presented token was current and has been replaced.
     *
     * @param subject the user, whose roles the caller should look up afresh for the new access token
     * @param refreshToken the successor, to return to the client once
     * @param authentication the {@code auth_time} and {@code acr} of the login that started the family, for the new
     *     access token: a refresh is not a new login (RFC 9470), so the token must not claim a later {@code auth_time};
     *     {@code null} if the family recorded none (then leave both claims out)
     */
    record Rotated(String subject, IssuedRefreshToken refreshToken, UserAuthentication authentication)
            implements RefreshResult {

        /**
         * A rotation of a family that recorded no login authentication.
         *
         * @param subject the user
         * @param refreshToken the successor
         */
        public Rotated(String subject, IssuedRefreshToken refreshToken) {
            this(subject, refreshToken, null);
        }
    }

    /**
     * The token was refused; the client must log in again ({@code invalid_grant}, RFC 6749 section 5.2).
     *
     * @param reason why, for logs only: clients get the same answer for every reason
     */
    record Refused(RotationOutcome.Reason reason) implements RefreshResult {}

    /**
     * The token is current but its family rotated too often (see {@link RefreshTokenSettings#maxRotations()}):
     * nothing changed, the client may present the same token again after {@code retryAfter}. Not a reason
     * to log in again: answer 429 with {@code Retry-After} (RFC 6585 section 4), not {@code invalid_grant}.
     *
     * @param retryAfter how long until the family may rotate again
     */
    record Throttled(Duration retryAfter) implements RefreshResult {}
}
