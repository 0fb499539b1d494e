package dev.jwtfilter.demo.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts failed logins per user name and per client address; after too many within the window the key
 * is locked until the window ends, and a locked key is answered with 429 before any password is hashed.
 * The table is bounded: expired entries are swept when it grows, and past its cap new keys are not
 * tracked (the per-address limit still stops one client flooding with invented names). Thread safe.
 */
public final class LoginThrottle {
    static final int MAX_ENTRIES = 10_000;

    private final int maxPerUser;
    private final int maxPerAddress;
    private final Duration window;
    private final Clock clock;
    private final Map<String, Failures> failures = new ConcurrentHashMap<>();

    /** One key's failures in its current window. */
    private record Failures(int count, Instant windowEnd) {
    }

    /**
     * @param maxPerUser failures per user name before a lockout
     * @param maxPerAddress failures per client address before a lockout
     * @param window how long failures count, and how long a lockout lasts
     * @param clock the time source
     */
    public LoginThrottle(int maxPerUser, int maxPerAddress, Duration window, Clock clock) {
        this.maxPerUser = maxPerUser;
        this.maxPerAddress = maxPerAddress;
        this.window = window;
        this.clock = clock;
    }

    /** @return how long the caller must wait, if either key is locked */
    public Optional<Duration> lockedFor(String user, String address) {
        Instant now = clock.instant();
        Duration wait = remaining("u:" + user, maxPerUser, now).orElse(Duration.ZERO);
        Duration addressWait = remaining("a:" + address, maxPerAddress, now).orElse(Duration.ZERO);
        Duration longest = wait.compareTo(addressWait) >= 0 ? wait : addressWait;
        return longest.isZero() ? Optional.empty() : Optional.of(longest);
    }

    /** Records a failed login for both keys. */
    public void failed(String user, String address) {
        Instant now = clock.instant();
        if (failures.size() >= MAX_ENTRIES) {
            failures.values().removeIf(f -> !f.windowEnd().isAfter(now));
        }
        count("u:" + user, now);
        count("a:" + address, now);
    }

    /** Forgets a user's failures after a successful login; the address keeps its count. */
    public void succeeded(String user) {
        failures.remove("u:" + user);
    }

    private void count(String key, Instant now) {
        if (failures.size() >= MAX_ENTRIES && !failures.containsKey(key)) {
            return;
        }
        failures.compute(key, (k, old) -> old == null || !old.windowEnd().isAfter(now)
                ? new Failures(1, now.plus(window)) : new Failures(old.count() + 1, old.windowEnd()));
    }

    private Optional<Duration> remaining(String key, int max, Instant now) {
        Failures f = failures.get(key);
        if (f == null || f.count() < max || !f.windowEnd().isAfter(now)) {
            return Optional.empty();
        }
        return Optional.of(Duration.between(now, f.windowEnd()));
    }
}
