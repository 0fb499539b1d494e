package dev.jwtfilter.refresh;

/** The refresh-token store failed (database unavailable, say): our fault, answered with 503, never 400. */
public final class RefreshStoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * @param message what failed, without token values
     * @param cause the underlying failure
     */
    public RefreshStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
