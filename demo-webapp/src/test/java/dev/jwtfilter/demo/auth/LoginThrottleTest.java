package dev.jwtfilter.demo.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {
    private static final Duration WINDOW = Duration.ofMinutes(15);
    private static final int THREADS = 32;
    private final TestClock clock = new TestClock(Instant.parse("2026-11-30T12:00:00Z"));

    /** A clock the test moves by hand. */
    private static final class TestClock extends Clock {
        private volatile Instant now;

        TestClock(Instant now) {
            this.now = now;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }

    private static long allowed(List<LoginThrottle.Decision> decisions) {
        return decisions.stream()
                .filter(LoginThrottle.Allowed.class::isInstance)
                .count();
    }

    private static List<LoginThrottle.Decision> burst(LoginThrottle throttle, boolean sameAddress) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<LoginThrottle.Decision>> attempts = new ArrayList<>();
            for (int i = 0; i < THREADS; i++) {
                String address = sameAddress ? "192.0.2.1" : "192.0.2." + i;
                String user = sameAddress ? "user-" + i : "alice";
                attempts.add(pool.submit(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    return throttle.reserve(user, address);
                }));
            }
            start.countDown();
            List<LoginThrottle.Decision> decisions = new ArrayList<>();
            for (Future<LoginThrottle.Decision> attempt : attempts) {
                decisions.add(attempt.get(10, TimeUnit.SECONDS));
            }
            return decisions;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void reserveWhenConcurrentAttemptsForOneUserThenExactlyTheLimitMayCheckAPassword() throws Exception {
        LoginThrottle throttle = new LoginThrottle(5, 1_000, WINDOW, clock);

        List<LoginThrottle.Decision> decisions = burst(throttle, false);

        assertThat(allowed(decisions)).isEqualTo(5);
        assertThat(decisions).filteredOn(LoginThrottle.Locked.class::isInstance).hasSize(THREADS - 5);
    }

    @Test
    void reserveWhenConcurrentAttemptsFromOneAddressThenExactlyItsLimitMayCheckAPassword() throws Exception {
        LoginThrottle throttle = new LoginThrottle(5, 20, WINDOW, clock);

        assertThat(allowed(burst(throttle, true))).isEqualTo(20);
    }

    @Test
    void succeededWhenPasswordRightThenUserClearedAndAddressGetsItsAttemptBack() {
        LoginThrottle throttle = new LoginThrottle(3, 3, WINDOW, clock);
        throttle.reserve("alice", "192.0.2.1");
        throttle.reserve("alice", "192.0.2.1");
        throttle.reserve("alice", "192.0.2.1");
        assertThat(throttle.reserve("alice", "192.0.2.2")).isInstanceOf(LoginThrottle.Locked.class);

        throttle.succeeded("alice", "192.0.2.1");

        assertThat(throttle.reserve("alice", "192.0.2.1")).isInstanceOf(LoginThrottle.Allowed.class);
        assertThat(throttle.reserve("bob", "192.0.2.1"))
                .as("two failures and this attempt on the address")
                .isInstanceOf(LoginThrottle.Locked.class);
    }

    @Test
    void abandonedWhenPasswordNeverCheckedThenNotCounted() {
        LoginThrottle throttle = new LoginThrottle(2, 2, WINDOW, clock);
        for (int i = 0; i < 10; i++) {
            assertThat(throttle.reserve("alice", "192.0.2.1")).isInstanceOf(LoginThrottle.Allowed.class);
            throttle.abandoned("alice", "192.0.2.1");
        }

        assertThat(throttle.reserve("alice", "192.0.2.1")).isInstanceOf(LoginThrottle.Allowed.class);
    }

    @Test
    void reserveWhenLockedThenLockedUntilTheWindowEnds() {
        LoginThrottle throttle = new LoginThrottle(2, 100, WINDOW, clock);
        throttle.reserve("alice", "192.0.2.1");
        clock.advance(Duration.ofMinutes(5));
        throttle.reserve("alice", "192.0.2.1");

        assertThat(throttle.reserve("alice", "192.0.2.1")).isEqualTo(new LoginThrottle.Locked(Duration.ofMinutes(10)));
        clock.advance(Duration.ofMinutes(10));
        assertThat(throttle.reserve("alice", "192.0.2.1")).isInstanceOf(LoginThrottle.Allowed.class);
    }

    @Test
    void reserveWhenTableFullThenNewNamesAreRefusedNotUncountedAndKnownOnesStillLimited() {
        LoginThrottle throttle = new LoginThrottle(5, Integer.MAX_VALUE, WINDOW, clock);
        for (int i = 0; i < LoginThrottle.MAX_ENTRIES - 1; i++) {
            assertThat(throttle.reserve("user-" + i, "192.0.2.1")).isInstanceOf(LoginThrottle.Allowed.class);
        }
        clock.advance(Duration.ofMinutes(1));

        for (int i = 0; i < 10; i++) {
            assertThat(throttle.reserve("newcomer", "192.0.2.1"))
                    .isEqualTo(new LoginThrottle.Full(Duration.ofMinutes(14)));
        }
        for (int i = 0; i < 4; i++) {
            assertThat(throttle.reserve("user-0", "192.0.2.1")).isInstanceOf(LoginThrottle.Allowed.class);
        }
        assertThat(throttle.reserve("user-0", "192.0.2.1")).isInstanceOf(LoginThrottle.Locked.class);

        clock.advance(Duration.ofMinutes(14));
        assertThat(throttle.reserve("newcomer", "192.0.2.1"))
                .as("expired entries make room")
                .isInstanceOf(LoginThrottle.Allowed.class);
    }
}
