package dev.jwtfilter.event;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts events per reason since start-up, with one {@link LongAdder} per reason, so counting costs no
 * lock and no allocation. Every filter and mechanism keeps one; the filter publishes it as the servlet-context
 * attribute {@code dev.jwtfilter.event.AuthEventCounters}. Thread safe.
 */
public final class AuthEventCounters implements AuthEventListener {
    private static final AuthEventReason[] REASONS = AuthEventReason.values();
    private final LongAdder[] counts = new LongAdder[REASONS.length];

    /** Starts every count at zero. */
    public AuthEventCounters() {
        for (int i = 0; i < counts.length; i++) {
            counts[i] = new LongAdder();
        }
    }

    @Override
    public void onEvent(AuthEvent event) {
        increment(event.reason());
    }

    /**
     * Counts one event of this reason without making an event, for the authenticator's hot path.
     *
     * @param reason the reason to count
     */
    public void increment(AuthEventReason reason) {
        counts[reason.ordinal()].increment();
    }

    /**
     * @param reason the reason counted
     * @return the count of one reason
     */
    public long count(AuthEventReason reason) {
        return counts[reason.ordinal()].sum();
    }

    /** @return every reason with its count, in the enum's order, as an unmodifiable copy */
    public Map<AuthEventReason, Long> snapshot() {
        Map<AuthEventReason, Long> copy = new EnumMap<>(AuthEventReason.class);
        for (AuthEventReason reason : REASONS) {
            copy.put(reason, count(reason));
        }
        return Collections.unmodifiableMap(copy);
    }
}
