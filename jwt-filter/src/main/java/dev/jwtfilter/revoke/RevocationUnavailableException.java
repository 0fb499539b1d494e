package dev.jwtfilter.revoke;

/**
 * The revocation state could not be read or written (its database is down, say): our fault, never the
 * client's. A request whose token cannot be checked is refused with 503, never accepted and never a 500.
 * The message is for logs only; it never contains a token or a token id.
 */
public final class RevocationUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, without token values or ids
     * @param cause the underlying failure
     */
    public RevocationUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
