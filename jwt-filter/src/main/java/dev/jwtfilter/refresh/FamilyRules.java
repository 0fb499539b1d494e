package dev.jwtfilter.refresh;

import dev.jwtfilter.internal.Thumbprints;
import dev.jwtfilter.refresh.RotationOutcome.Reason;
import java.time.Duration;
import java.time.Instant;

/**
 * The one place that says whether a family may still rotate: not revoked, within its lifetime and idle timeout,
 * and not over its rotation limit.
 */
final class FamilyRules {
    private FamilyRules() {}

    /** @return why the family may not rotate now, or {@code null} if it may */
    static Reason refusal(Instant revokedAt, Instant expiresAt, Instant lastUsedAt, Instant now, Duration idleTimeout) {
        if (revokedAt != null) {
            return Reason.REVOKED;
        }
        if (!now.isBefore(expiresAt) || !now.isBefore(lastUsedAt.plus(idleTimeout))) {
            return Reason.EXPIRED;
        }
        return null;
    }

    /**
     * @param bound the family's DPoP key thumbprint, or {@code null} for an unbound family
     * @param proved the thumbprint of the key the request's proof was signed with, or {@code null} for no proof
     * @return whether a bound family is refreshed without a proof of its own key (RFC 9449 section 5)
     */
    static boolean wrongKey(String bound, String proved) {
        return bound != null && !Thumbprints.same(bound, proved);
    }

    /**
     * @param rotations the family's rotations within the window, this one included
     * @param oldest when the oldest of them happened
     * @return how long the family must wait before this rotation may happen, or {@code null} if it may now
     */
    static Duration throttle(int rotations, Instant oldest, Instant now, RefreshTokenSettings rules) {
        if (rotations <= rules.maxRotations()) {
            return null;
        }
        Duration wait = Duration.between(now, oldest.plus(rules.rotationWindow()));
        return wait.isNegative() || wait.isZero() ? Duration.ofNanos(1) : wait;
    }
}
