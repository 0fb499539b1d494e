package dev.jwtfilter.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jwtfilter.LogCapture;
import dev.jwtfilter.TestTokens;
import dev.jwtfilter.event.AuthEvent;
import dev.jwtfilter.event.AuthEventReason;
import dev.jwtfilter.event.LoggingAuthEventListener;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

class AuthEventReporterTest {
    /** Counts how often an event's time is read, i.e. how many events were made. */
    private static final class CountingClock extends Clock {
        final AtomicInteger reads = new AtomicInteger();

        @Override
        public Instant instant() {
            reads.incrementAndGet();
            return TestTokens.NOW;
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

    @Test
    void reportWhenNeitherLogLineNorListenerReadsItThenCountedWithoutMakingAnEvent() {
        CountingClock clock = new CountingClock();
        Logger logger = Logger.getLogger(LoggingAuthEventListener.class.getName());
        Level previous = logger.getLevel();
        logger.setLevel(Level.INFO);
        try {
            AuthEventReporter reporter = new AuthEventReporter(clock, true, List.of());

            reporter.report(AuthEventReason.ACCEPTED, "iss", "alice"); // debug: not logged at INFO

            assertThat(reporter.counters().count(AuthEventReason.ACCEPTED)).isEqualTo(1);
            assertThat(clock.reads).hasValue(0);
        } finally {
            logger.setLevel(previous);
        }
    }

    @Test
    void reportWhenListenerOrLogLineReadsThenEventMadeForThemInOrder() {
        List<AuthEvent> seen = new ArrayList<>();
        AuthEventReporter reporter = new AuthEventReporter(new CountingClock(), true, List.of(seen::add));

        try (LogCapture log = new LogCapture(LoggingAuthEventListener.class.getName())) {
            reporter.report(AuthEventReason.EXPIRED, "iss", "alice");

            assertThat(log.records()).hasSize(1);
        }
        assertThat(seen).containsExactly(new AuthEvent(AuthEventReason.EXPIRED, TestTokens.NOW, "iss", "alice"));
    }

    @Test
    void listenerWhenAnEventIsMadeElsewhereThenCountedLoggedAndHeard() {
        List<AuthEvent> seen = new ArrayList<>();
        AuthEventReporter reporter = new AuthEventReporter(new CountingClock(), false, List.of(seen::add));
        AuthEvent event = new AuthEvent(AuthEventReason.INSUFFICIENT_ROLE, TestTokens.NOW, "iss", "alice");

        reporter.listener().onEvent(event);

        assertThat(reporter.counters().count(AuthEventReason.INSUFFICIENT_ROLE)).isEqualTo(1);
        assertThat(seen).containsExactly(event);
    }
}
