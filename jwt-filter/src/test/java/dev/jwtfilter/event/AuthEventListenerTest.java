package dev.jwtfilter.event;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jwtfilter.LogCapture;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

class AuthEventListenerTest {
    private static final AuthEvent EVENT = new AuthEvent(AuthEventReason.ACCEPTED, Instant.EPOCH, "iss", "alice");

    @Test
    void allWhenOneListenerThrowsThenTheOthersStillRunAndNothingEscapes() {
        List<AuthEvent> seen = new ArrayList<>();
        AuthEventListener all = AuthEventListener.all(List.of(
                event -> {
                    throw new IllegalStateException("listener bug");
                },
                seen::add));

        all.onEvent(EVENT);
        all.onEvent(EVENT);

        assertThat(seen).containsExactly(EVENT, EVENT);
    }

    @Test
    void allWhenListenerThrowsRepeatedlyThenWarnedOnceWithoutItsMessage() {
        AuthEventListener all = AuthEventListener.all(List.of(event -> {
            throw new IllegalStateException("secret detail");
        }));

        try (LogCapture log = new LogCapture(IsolatingListeners.class.getName())) {
            all.onEvent(EVENT);
            all.onEvent(EVENT);
            all.onEvent(EVENT);

            assertThat(log.records())
                    .extracting(LogRecord::getLevel)
                    .containsExactly(Level.WARNING, Level.FINE, Level.FINE);
            assertThat(log.lines())
                    .allSatisfy(line ->
                            assertThat(line).contains("IllegalStateException").doesNotContain("secret detail"));
        }
    }
}
