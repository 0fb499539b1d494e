package dev.jwtfilter.refresh;

/** The answer to a refresh request: a new refresh token for the same user, or a refusal. */
public sealed interface RefreshResult {

    /**
     * The presented token was current and has been replaced.
     *
     * @param subject the user, whose roles the caller should look up afresh for the new access token
     * @param refreshToken the successor, to return to the client once
     */
    record Rotated(String subject, IssuedRefreshToken refreshToken) implements RefreshResult {
    }

    /**
     * The token was refused; the client must log in again ({@code invalid_grant}, RFC 6749 section 5.2).
     *
     * @param reason why, for logs only: clients get the same answer for every reason
     */
    record Refused(RotationOutcome.Reason reason) implements RefreshResult {
    }
}
