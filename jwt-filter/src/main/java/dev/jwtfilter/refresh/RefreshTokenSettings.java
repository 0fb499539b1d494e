package dev.jwtfilter.refresh;

import java.time.Duration;

/**
 * Lifetimes of refresh-token families.
 *
 * @param absoluteLifetime how long a family lives from login, however active (default 14 days)
 * @param idleTimeout how long a family may go unused before it dies (default 24 hours)
 */
public record RefreshTokenSettings(Duration absoluteLifetime, Duration idleTimeout) {

    /** Validates the lifetimes. */
    public RefreshTokenSettings {
        if (absoluteLifetime == null || absoluteLifetime.isNegative() || absoluteLifetime.isZero()
                || idleTimeout == null || idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("Refresh token lifetimes must be positive");
        }
    }

    /** @return 14 days absolute, 24 hours idle */
    public static RefreshTokenSettings defaults() {
        return new RefreshTokenSettings(Duration.ofDays(14), Duration.ofHours(24));
    }
}
