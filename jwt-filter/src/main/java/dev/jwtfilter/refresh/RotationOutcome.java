package dev.jwtfilter.refresh;

import java.time.Duration;
import java.time.Instant;

/** What a {@link RefreshTokenStore} did with a presented refresh token. */
public sealed interface RotationOutcome {

    /**
     * The token was current: it is now used, and the new token belongs to the same family.
     *
     * @param familyId the family
     * @param subject the family's user
     * @param familyExpiresAt the family's absolute end
     * @param authentication the {@code auth_time} and {@code acr} of the login that started the family, or
     *     {@code null} if it did not record them
     */
    record Rotated(String familyId, String subject, Instant familyExpiresAt, UserAuthentication authentication)
            implements RotationOutcome {

        /**
         * A rotation of a family that recorded no login authentication.
         *
         * @param familyId the family
         * @param subject the family's user
         * @param familyExpiresAt the family's absolute end
         */
        public Rotated(String familyId, String subject, Instant familyExpiresAt) {
            this(familyId, subject, familyExpiresAt, null);
        }
    }

    /**
     * The token was refused.
     *
     * @param reason why
     */
    record Rejected(Reason reason) implements RotationOutcome {}

    /**
     * The token was current, but its family has used up its rotations for now: nothing changed, the same
     * token may be presented again after {@code retryAfter}.
     *
     * @param retryAfter when the family may rotate again, from the time of the request
     */
    record Throttled(Duration retryAfter) implements RotationOutcome {}

    /** Why a refresh token was refused. */
    enum Reason {
        /** Never issued here (or purged). */
        UNKNOWN,
        /** Already used: the family has now been revoked (RFC 9700 section 4.14.2). */
        REUSED,
        /** Its family was revoked by logout, revoke-all or earlier reuse. */
        REVOKED,
        /** Its family passed its absolute lifetime or its idle timeout. */
        EXPIRED,
        /**
         * Its family is bound to a DPoP key (RFC 9449 section 5) and the request proved another key or none. Nothing
         * changed: the token stays as it was (current or used) and the family is not revoked, so that whoever holds
         * a stolen token without the key can neither use it nor end the rightful client's session.
         */
        WRONG_DPOP_KEY
    }
}
