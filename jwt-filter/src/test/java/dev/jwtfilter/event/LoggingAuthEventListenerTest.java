package dev.jwtfilter.event;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jwtfilter.LogCapture;
import java.time.Instant;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

class LoggingAuthEventListenerTest {
    private final LoggingAuthEventListener listener = new LoggingAuthEventListener();

    @Test
    void lineWhenRefusedThenReasonIssuerAndSubjectOnOneLine() {
        AuthEvent event =
                new AuthEvent(AuthEventReason.WRONG_AUDIENCE, Instant.EPOCH, "https://login.example.com", "alice");

        assertThat(LoggingAuthEventListener.line(event))
                .isEqualTo("JWT refused: reason=wrong_audience issuer=\"https://login.example.com\" subject=\"alice\"");
    }

    @Test
    void lineWhenAcceptedOrPartiesUnknownThenShortForms() {
        assertThat(LoggingAuthEventListener.line(new AuthEvent(AuthEventReason.ACCEPTED, Instant.EPOCH, "iss", "bob")))
                .isEqualTo("JWT accepted: issuer=\"iss\" subject=\"bob\"");
        assertThat(LoggingAuthEventListener.line(
                        new AuthEvent(AuthEventReason.BAD_SIGNATURE, Instant.EPOCH, null, null)))
                .isEqualTo("JWT refused: reason=bad_signature issuer=- subject=-");
    }

    @Test
    void lineWhenSubjectHoldsLineBreaksAndQuotesThenItCannotForgeALineOrAField() {
        AuthEvent event =
                new AuthEvent(AuthEventReason.REVOKED, Instant.EPOCH, "iss", "eve\"\nJWT accepted: subject=\"admin");

        assertThat(LoggingAuthEventListener.line(event))
                .isEqualTo("JWT refused: reason=revoked issuer=\"iss\" subject=\"eve'?JWT accepted: subject='admin\"");
    }

    @Test
    void onEventWhenRoutineThenDebugAndWhenNoteworthyThenInfo() {
        try (LogCapture log = new LogCapture(LoggingAuthEventListener.class.getName())) {
            listener.onEvent(new AuthEvent(AuthEventReason.ACCEPTED, Instant.EPOCH, "iss", "alice"));
            listener.onEvent(new AuthEvent(AuthEventReason.EXPIRED, Instant.EPOCH, "iss", "alice"));
            listener.onEvent(new AuthEvent(AuthEventReason.BAD_SIGNATURE, Instant.EPOCH, null, null));
            listener.onEvent(new AuthEvent(AuthEventReason.INSUFFICIENT_ROLE, Instant.EPOCH, "iss", "alice"));

            assertThat(log.records())
                    .extracting(LogRecord::getLevel)
                    .containsExactly(Level.FINE, Level.FINE, Level.INFO, Level.INFO);
        }
    }

    @Test
    void onEventWhenAFloodOfForgedTokensThenOneInfoLinePerReasonASecondCountingTheRest() {
        long[] now = {0};
        LoggingAuthEventListener bounded = new LoggingAuthEventListener(() -> now[0]);
        try (LogCapture log = new LogCapture(LoggingAuthEventListener.class.getName())) {
            for (int i = 0; i < 1_000; i++) {
                bounded.onEvent(new AuthEvent(AuthEventReason.BAD_SIGNATURE, Instant.EPOCH, null, null));
            }
            bounded.onEvent(new AuthEvent(AuthEventReason.UNKNOWN_KEY, Instant.EPOCH, null, null));
            now[0] += 1_000_000_000L;
            bounded.onEvent(new AuthEvent(AuthEventReason.BAD_SIGNATURE, Instant.EPOCH, null, null));

            assertThat(log.records())
                    .extracting(LogRecord::getMessage)
                    .containsExactly(
                            "JWT refused: reason=bad_signature issuer=- subject=-",
                            "JWT refused: reason=unknown_key issuer=- subject=-",
                            "JWT refused: reason=bad_signature issuer=- subject=- (999 more like it left out)");
        }
    }
}
