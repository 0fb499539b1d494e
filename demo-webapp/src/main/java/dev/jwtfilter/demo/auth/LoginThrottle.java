package dev.jwtfilter.demo.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Counts login attempts per user name and per client address; after too many failures within the window
 * the key is locked until the window ends. An attempt is counted before its password is hashed
 * ({@link #reserve}), so that a burst of concurrent attempts gets no more guesses than the limit; a correct
 * password then clears the user's count and gives the address its attempt back, and an attempt that was
 * never checked (hashing busy) is given back to both. The table is bounded: expired entries are swept when
 * it is full, and while it is still full an attempt that would need a new entry is refused, never left
 * uncounted. Thread safe (one lock: each call is a few map operations next to a password hash).
 */
public final class LoginThrottle {
    static final int MAX_ENTRIES = 10_000;

    private final int maxPerUser;
    private final int maxPerAddress;
    private final Duration window;
    private final Clock clock;
    private final Map<String, Attempts> attempts = new HashMap<>();
    private Instant nextExpiry = Instant.MIN;

    /** One key's counted attempts in its current window. */
    private record Attempts(int count, Instant windowEnd) {}

    /** What {@link #reserve} decided. */
    public sealed interface Decision {}

    /** The password may be checked; report the result with {@link #succeeded} or {@link #abandoned}. */
    public record Allowed() implements Decision {}

    /**
     * The user name or the address has used up its attempts: answer 429.
     *
     * @param retryAfter until the lockout ends
     */
    public record Locked(Duration retryAfter) implements Decision {}

    /**
     * The table is full and this attempt would need a new entry: it cannot be counted, so it is refused
     * (our capacity, answered 503).
     *
     * @param retryAfter until the first entry expires
     */
    public record Full(Duration retryAfter) implements Decision {}

    /**
     * @param maxPerUser failed attempts per user name before a lockout
     * @param maxPerAddress failed attempts per client address before a lockout
     * @param window how long failures count, and how long a lockout lasts
     * @param clock the time source
     */
    public LoginThrottle(int maxPerUser, int maxPerAddress, Duration window, Clock clock) {
        this.maxPerUser = maxPerUser;
        this.maxPerAddress = maxPerAddress;
        this.window = window;
        this.clock = clock;
    }

    /** Counts an attempt for both keys before its password is checked, unless either is locked or it cannot be counted. */
    public synchronized Decision reserve(String user, String address) {
        Instant now = clock.instant();
        String userKey = "u:" + user;
        String addressKey = "a:" + address;
        Duration locked = longer(remaining(userKey, maxPerUser, now), remaining(addressKey, maxPerAddress, now));
        if (!locked.isZero()) {
            return new Locked(locked);
        }
        int newEntries = (live(userKey, now) ? 0 : 1) + (live(addressKey, now) ? 0 : 1);
        if (newEntries > 0 && !roomFor(newEntries, now)) {
            return new Full(Duration.between(now, nextExpiry));
        }
        count(userKey, now);
        count(addressKey, now);
        return new Allowed();
    }

    /** The password was right: the user's failures are forgotten, the address gets this attempt back. */
    public synchronized void succeeded(String user, String address) {
        attempts.remove("u:" + user);
        refund("a:" + address);
    }

    /** The password was never checked (hashing busy): both keys get this attempt back. */
    public synchronized void abandoned(String user, String address) {
        refund("u:" + user);
        refund("a:" + address);
    }

    private boolean live(String key, Instant now) {
        Attempts a = attempts.get(key);
        return a != null && a.windowEnd().isAfter(now);
    }

    private boolean roomFor(int newEntries, Instant now) {
        if (attempts.size() + newEntries <= MAX_ENTRIES) {
            return true;
        }
        if (now.isBefore(nextExpiry)) {
            return false; // nothing has expired since the last sweep
        }
        attempts.values().removeIf(a -> !a.windowEnd().isAfter(now));
        nextExpiry = attempts.values().stream()
                .map(Attempts::windowEnd)
                .min(Instant::compareTo)
                .orElse(now);
        return attempts.size() + newEntries <= MAX_ENTRIES;
    }

    private void count(String key, Instant now) {
        attempts.compute(
                key,
                (k, old) -> old == null || !old.windowEnd().isAfter(now)
                        ? new Attempts(1, now.plus(window))
                        : new Attempts(old.count() + 1, old.windowEnd()));
    }

    private void refund(String key) {
        attempts.computeIfPresent(
                key, (k, old) -> old.count() <= 1 ? null : new Attempts(old.count() - 1, old.windowEnd()));
    }

    private Duration remaining(String key, int max, Instant now) {
        Attempts a = attempts.get(key);
        if (a == null || a.count() < max || !a.windowEnd().isAfter(now)) {
            return Duration.ZERO;
        }
        return Duration.between(now, a.windowEnd());
    }

    private static Duration longer(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
