package dev.jwtfilter.event;

import java.time.Instant;
import java.util.Objects;

/**
 * One authentication decision: a token accepted, or a request refused, with why. Holds the issuer and the
 * subject only when they are known and trustworthy (taken from a token whose signature verified); never the
 * token and never its other claims. Immutable.
 *
 * @param reason why; {@link AuthEventReason#ACCEPTED} for an accepted token
 * @param time when the decision was taken, by the configured clock
 * @param issuer the verified token's {@code iss}, or {@code null}
 * @param subject the verified token's {@code sub}, or {@code null}
 */
public record AuthEvent(AuthEventReason reason, Instant time, String issuer, String subject) {
    /**
     * Checks that reason and time are present.
     *
     * @param reason why; {@link AuthEventReason#ACCEPTED} for an accepted token
     * @param time when the decision was taken, by the configured clock
     * @param issuer the verified token's {@code iss}, or {@code null}
     * @param subject the verified token's {@code sub}, or {@code null}
     */
    public AuthEvent {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(time, "time");
    }

    /** @return whether the token was accepted */
    public boolean accepted() {
        return reason == AuthEventReason.ACCEPTED;
    }
}
