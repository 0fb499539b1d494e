package dev.jwtfilter.demo;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The system clock shifted by an offset a test sets: given to the demo as {@link DemoBootstrap#LOGIN_CLOCK_ATTRIBUTE},
 * it makes a login's {@code auth_time} lie in the past while its tokens are issued and checked on real time.
 */
final class LoginClock extends Clock {
    private volatile Duration offset = Duration.ZERO;

    /** @param ago how long before now the next logins happened; zero for now */
    void loginsHappen(Duration ago) {
        offset = ago.negated();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Instant instant() {
        return Instant.now().plus(offset);
    }
}
