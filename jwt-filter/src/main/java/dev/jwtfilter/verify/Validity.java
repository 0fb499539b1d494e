package dev.jwtfilter.verify;

import dev.jwtfilter.event.AuthEventReason;
import dev.jwtfilter.verify.JwtVerificationException.Failure;
import java.time.Duration;
import java.util.Map;

/**
 * The time window in which a verified token may be accepted, from its {@code exp}, {@code nbf} and {@code iat}
 * with the issuer's skew and maximum age (RFC 7519 sections 4.1.4 to 4.1.6, RFC 8725 section 3.10). Computed
 * once, when the token is verified, and checked again against the clock on every cache hit, so that both paths
 * refuse exactly the same instants. Bounds are epoch milliseconds. Immutable and thread safe.
 */
public final class Validity {
    /** Longer skews and ages count as this: past any epoch-second claim a token can carry, without overflow. */
    private static final Duration LONGEST = Duration.ofMillis(Long.MAX_VALUE / 4);

    private final long notBefore;
    private final long expiresAt;
    private final long tooOldAfter;

    private Validity(long notBefore, long expiresAt, long tooOldAfter) {
        this.notBefore = notBefore;
        this.expiresAt = expiresAt;
        this.tooOldAfter = tooOldAfter;
    }

    /**
     * The window of a token's claims (JSON values; time claims in epoch seconds).
     *
     * @param claims the verified claims; {@code exp} must be a number
     * @param skew the tolerance added on every side
     * @param maxAge the longest time since {@code iat} accepted, or {@code null} for no limit
     * @return the window: from {@code nbf} (and an {@code iat} in the future) less the skew, up to {@code exp}
     *         plus the skew, and up to {@code iat} plus the maximum age plus the skew
     */
    public static Validity of(Map<String, Object> claims, Duration skew, Duration maxAge) {
        long skewMillis = millis(skew);
        long expiresAt = plus(millis(claims.get("exp"), Long.MAX_VALUE), skewMillis);
        long issuedAt = millis(claims.get("iat"), Long.MIN_VALUE);
        long notBefore = plus(Math.max(millis(claims.get("nbf"), Long.MIN_VALUE), issuedAt), -skewMillis);
        long tooOldAfter = maxAge == null || issuedAt == Long.MIN_VALUE
                ? Long.MAX_VALUE
                : plus(plus(issuedAt, millis(maxAge)), skewMillis);
        return new Validity(notBefore, expiresAt, tooOldAfter);
    }

    /**
     * Checks the window at an instant, in the order verification does: expired, not yet valid, too old.
     *
     * @param nowMillis the current epoch millisecond
     * @throws JwtVerificationException {@link Failure#EXPIRED} past {@code exp}; {@link Failure#INVALID} before
     *         {@code nbf} or its {@code iat} ({@link AuthEventReason#NOT_YET_VALID}) or past the maximum age
     *         ({@link AuthEventReason#EXPIRED})
     */
    public void check(long nowMillis) throws JwtVerificationException {
        if (nowMillis >= expiresAt) {
            throw new JwtVerificationException(Failure.EXPIRED, AuthEventReason.EXPIRED, "Expired JWT");
        }
        if (nowMillis < notBefore) {
            throw new JwtVerificationException(Failure.INVALID, AuthEventReason.NOT_YET_VALID, "JWT before use time");
        }
        if (nowMillis > tooOldAfter) {
            throw new JwtVerificationException(
                    Failure.INVALID, AuthEventReason.EXPIRED, "JWT older than the maximum token age");
        }
    }

    /**
     * @param nowMillis the instant, in milliseconds since the epoch
     * @return whether the window is over at this instant: expired or past the maximum age, never to pass again
     */
    public boolean endedBy(long nowMillis) {
        return nowMillis >= expiresAt || nowMillis > tooOldAfter;
    }

    /** Adds, keeping the open ends open: an absent bound ({@code Long.MIN_VALUE}/{@code MAX_VALUE}) stays absent. */
    private static long plus(long bound, long millis) {
        if (bound == Long.MIN_VALUE || bound == Long.MAX_VALUE) {
            return bound;
        }
        return bound + millis; // bounds are within +-Long.MAX_VALUE / 2, durations far smaller
    }

    /** A duration in milliseconds, capped far below overflow: a configured age of a billion years is "no limit". */
    private static long millis(Duration duration) {
        return duration.compareTo(LONGEST) > 0 ? LONGEST.toMillis() : duration.toMillis();
    }

    private static long millis(Object seconds, long absent) {
        if (!(seconds instanceof Number number)) {
            return absent;
        }
        // Overflow on absurd values must not wrap around into an accepted window.
        long value = number.longValue();
        return value > Long.MAX_VALUE / 2000
                ? Long.MAX_VALUE / 2
                : value < Long.MIN_VALUE / 2000 ? Long.MIN_VALUE / 2 : value * 1000;
    }
}
