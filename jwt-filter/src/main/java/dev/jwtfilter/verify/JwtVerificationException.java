package dev.jwtfilter.verify;

/**
 * A token could not be accepted. {@link #failure()} says whose fault it was: the client's
 * ({@link Failure#INVALID}, {@link Failure#EXPIRED}) or ours ({@link Failure#KEYS_UNAVAILABLE}).
 * The message is for debug logs only; it never contains the token and never reaches a client.
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

    private final Failure failure;

    /**
     * @param failure the kind of failure
     * @param detail a short debug message without the token
     */
    public JwtVerificationException(Failure failure, String detail) {
        super(detail, null, false, false);
        this.failure = failure;
    }

    /** @return the kind of failure */
    public Failure failure() {
        return failure;
    }
}
