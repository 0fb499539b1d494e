package dev.jwtfilter.verify;

import dev.jwtfilter.event.AuthEventReason;
import java.util.Optional;

/**
 * A token could not be accepted. {@link #failure()} says whose fault it was and so how it is answered: the
 * client's ({@link Failure#INVALID}, {@link Failure#EXPIRED}) or ours ({@link Failure#KEYS_UNAVAILABLE});
 * {@link #reason()} says precisely why, for events and counters. {@link #issuer()} and {@link #subject()} are
 * present only when the token's signature verified, so they never repeat what an attacker wrote. The message
 * is for debug logs only; it never contains the token and never reaches a client.
 */
public final class JwtVerificationException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why a token was not accepted. */
    public enum Failure {
        /** Malformed, badly signed, or failing a claims rule. */
        INVALID,
        /** Correctly signed but past its {@code exp} (plus skew). */
        EXPIRED,
        /** No key could be had to verify with, for example the JWKS endpoint is down with nothing cached. */
        KEYS_UNAVAILABLE
    }

    /** The kind of failure. */
    private final Failure failure;
    /** The precise reason, reported in events. */
    private final AuthEventReason reason;
    /** The {@code iss} of a token whose signature verified, else null. */
    private final String issuer;
    /** The {@code sub} of a token whose signature verified, else null. */
    private final String subject;

    /**
     * A failure whose reason follows from its kind: {@code MALFORMED}, {@code EXPIRED} or {@code KEYS_UNAVAILABLE}.
     *
     * @param failure the kind of failure
     * @param detail a short debug message without the token
     */
    public JwtVerificationException(Failure failure, String detail) {
        this(failure, reasonOf(failure), detail);
    }

    /**
     * @param failure the kind of failure, which decides the answer
     * @param reason the precise reason, reported in events
     * @param detail a short debug message without the token
     */
    public JwtVerificationException(Failure failure, AuthEventReason reason, String detail) {
        this(failure, reason, detail, null, null);
    }

    private JwtVerificationException(
            Failure failure, AuthEventReason reason, String detail, String issuer, String subject) {
        super(detail, null, false, false);
        this.failure = failure;
        this.reason = reason;
        this.issuer = issuer;
        this.subject = subject;
    }

    /**
     * @param verifiedIssuer {@code iss} of a token whose signature verified, or {@code null}
     * @param verifiedSubject {@code sub} of that token, or {@code null}
     * @return the same failure, naming the token's issuer and subject
     */
    public JwtVerificationException withVerifiedParties(String verifiedIssuer, String verifiedSubject) {
        return new JwtVerificationException(failure, reason, getMessage(), verifiedIssuer, verifiedSubject);
    }

    /** @return the kind of failure */
    public Failure failure() {
        return failure;
    }

    /** @return the precise reason */
    public AuthEventReason reason() {
        return reason;
    }

    /** @return {@code iss}, only if the token's signature verified */
    public Optional<String> issuer() {
        return Optional.ofNullable(issuer);
    }

    /** @return {@code sub}, only if the token's signature verified */
    public Optional<String> subject() {
        return Optional.ofNullable(subject);
    }

    private static AuthEventReason reasonOf(Failure failure) {
        return switch (failure) {
            case EXPIRED -> AuthEventReason.EXPIRED;
            case KEYS_UNAVAILABLE -> AuthEventReason.KEYS_UNAVAILABLE;
            case INVALID -> AuthEventReason.MALFORMED;
        };
    }
}
