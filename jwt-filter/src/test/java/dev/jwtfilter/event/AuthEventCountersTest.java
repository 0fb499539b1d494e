package dev.jwtfilter.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuthEventCountersTest {
    private static AuthEvent event(AuthEventReason reason) {
        return new AuthEvent(reason, Instant.EPOCH, null, null);
    }

    @Test
    void onEventWhenEventsOfSeveralReasonsThenEachCountedUnderItsOwn() {
        AuthEventCounters counters = new AuthEventCounters();

        counters.onEvent(event(AuthEventReason.ACCEPTED));
        counters.onEvent(event(AuthEventReason.ACCEPTED));
        counters.onEvent(event(AuthEventReason.BAD_SIGNATURE));

        assertThat(counters.count(AuthEventReason.ACCEPTED)).isEqualTo(2);
        assertThat(counters.count(AuthEventReason.BAD_SIGNATURE)).isEqualTo(1);
        assertThat(counters.count(AuthEventReason.MISSING)).isZero();
    }

    @Test
    void snapshotWhenTakenThenEveryReasonInEnumOrderAndFrozen() {
        AuthEventCounters counters = new AuthEventCounters();
        counters.onEvent(event(AuthEventReason.EXPIRED));

        Map<AuthEventReason, Long> snapshot = counters.snapshot();
        counters.onEvent(event(AuthEventReason.EXPIRED));

        assertThat(snapshot.keySet()).containsExactly(AuthEventReason.values());
        assertThat(snapshot.get(AuthEventReason.EXPIRED)).isEqualTo(1L);
        assertThatThrownBy(() -> snapshot.put(AuthEventReason.EXPIRED, 0L))
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
