package dev.jwtfilter.refresh;

import java.time.Duration;

/**
 * Lifetimes of refresh-token families and how often one family may rotate.
 *
 * @param absoluteLifetime how long a family lives from login, however active (default 14 days)
 * @param idleTimeout how long a family may go unused before it dies (default 24 hours)
 * @param maxRotations how many rotations one family may make within {@code rotationWindow} (default 10); a
 *        rotation beyond that is answered "try later" and leaves the presented token current
 * @param rotationWindow the sliding window {@code maxRotations} is counted in (default one minute)
 */
public record RefreshTokenSettings(
        Duration absoluteLifetime, Duration idleTimeout, int maxRotations, Duration rotationWindow) {
    /** Rotations per family per {@link #DEFAULT_ROTATION_WINDOW} unless configured. */
    public static final int DEFAULT_MAX_ROTATIONS = 10;
    /** The window of {@link #DEFAULT_MAX_ROTATIONS}. */
    public static final Duration DEFAULT_ROTATION_WINDOW = Duration.ofMinutes(1);

    /**
     * Validates the lifetimes and the rotation limit.
     *
     * @param absoluteLifetime how long a family lives from login, however active
     * @param idleTimeout how long a family may go unused before it dies
     * @param maxRotations how many rotations one family may make within {@code rotationWindow}; at least 1
     * @param rotationWindow the sliding window {@code maxRotations} is counted in
     */
    public RefreshTokenSettings {
        if (!positive(absoluteLifetime) || !positive(idleTimeout)) {
            throw new IllegalArgumentException("Refresh token lifetimes must be positive");
        }
        if (maxRotations < 1 || !positive(rotationWindow)) {
            throw new IllegalArgumentException(
                    "The refresh rotation limit must allow at least one rotation in a positive window");
        }
    }

    /**
     * Lifetimes with the default rotation limit: {@value #DEFAULT_MAX_ROTATIONS} per minute and family.
     *
     * @param absoluteLifetime how long a family lives from login, however active
     * @param idleTimeout how long a family may go unused before it dies
     */
    public RefreshTokenSettings(Duration absoluteLifetime, Duration idleTimeout) {
        this(absoluteLifetime, idleTimeout, DEFAULT_MAX_ROTATIONS, DEFAULT_ROTATION_WINDOW);
    }

    /** @return 14 days absolute, 24 hours idle, 10 rotations per minute and family */
    public static RefreshTokenSettings defaults() {
        return new RefreshTokenSettings(Duration.ofDays(14), Duration.ofHours(24));
    }

    /**
     * @param maxRotations how many rotations one family may make within {@code rotationWindow}; at least 1
     * @param rotationWindow the sliding window {@code maxRotations} is counted in
     * @return these settings with another rotation limit
     */
    public RefreshTokenSettings withRotationLimit(int maxRotations, Duration rotationWindow) {
        return new RefreshTokenSettings(absoluteLifetime, idleTimeout, maxRotations, rotationWindow);
    }

    private static boolean positive(Duration duration) {
        return duration != null && !duration.isNegative() && !duration.isZero();
    }
}
