package dev.jwtfilter.refresh;

import dev.jwtfilter.refresh.RotationOutcome.Reason;
import java.time.Duration;
import java.time.Instant;

/** The one place that says whether a family may still rotate: not revoked, within its lifetime and idle timeout. */
final class FamilyRules {
    private FamilyRules() {
    }

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
}
