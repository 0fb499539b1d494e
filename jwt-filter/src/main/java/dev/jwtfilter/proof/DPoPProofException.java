package dev.jwtfilter.proof;

/**
 * A DPoP proof (RFC 9449) could not be accepted. {@link #reason()} says precisely why; every reason but
 * {@link Reason#REPLAY_CHECK_UNAVAILABLE} is the client's fault and is answered {@code 401} with
 * {@code invalid_dpop_proof} (RFC 9449 section 7.1). The message is a fixed phrase for debug logs: it never holds
 * the proof, the access token or a claim value, and the exception carries no stack trace.
 */
public final class DPoPProofException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why a proof was refused, one value per rule of RFC 9449 section 4.3. */
    public enum Reason {
        /** No proof was sent. */
        MISSING,
        /** Not a compact JWS of three canonical base64url parts holding JSON objects, or too long. */
        MALFORMED,
        /** {@code typ} is not exactly {@code dpop+jwt}. */
        WRONG_TYPE,
        /** {@code alg} is absent, symmetric, {@code none} or not in the allowlist. */
        BAD_ALGORITHM,
        /** {@code jwk} is absent, not a usable public key, or of another type than {@code alg} needs. */
        BAD_KEY,
        /** {@code jwk} holds private key material. */
        PRIVATE_KEY,
        /** The proof names a critical header extension ({@code crit}), which no proof needs. */
        CRITICAL_HEADER,
        /** The signature does not verify with the proof's own {@code jwk}. */
        BAD_SIGNATURE,
        /** A required claim ({@code htm}, {@code htu}, {@code iat}, {@code jti}, or {@code ath} with a token) is absent. */
        MISSING_CLAIM,
        /** {@code htm} is not the request's method. */
        WRONG_METHOD,
        /** {@code htu} is not the request's URI, after normalization. */
        WRONG_URI,
        /** {@code iat} is outside the accepted window, in the past or in the future. */
        STALE,
        /** The proof's {@code jti} was already used within the window. */
        REPLAYED,
        /** {@code ath} is not the hash of the access token sent with it. */
        WRONG_ATH,
        /** The proof's key is not the one the access token is bound to ({@code cnf.jkt}). */
        WRONG_KEY,
        /**
         * Server nonces are on and the proof carries none, or one that is not ours or has expired: answered
         * {@code use_dpop_nonce} with a fresh nonce (RFC 9449 section 9).
         */
        NONCE_REQUIRED,
        /** Ours, not the client's: the replay cache could not record the proof (full, or its store is down). */
        REPLAY_CHECK_UNAVAILABLE
    }

    /** The precise reason. */
    private final Reason reason;

    /**
     * @param reason why the proof was refused
     * @param detail a fixed debug phrase, without the proof, the token or any claim value
     */
    public DPoPProofException(Reason reason, String detail) {
        super(detail, null, false, false);
        this.reason = java.util.Objects.requireNonNull(reason, "reason");
    }

    /** @return why the proof was refused */
    public Reason reason() {
        return reason;
    }

    /** @return whether the client is at fault (answered 401), rather than us (503 with {@code Retry-After}) */
    public boolean clientError() {
        return reason != Reason.REPLAY_CHECK_UNAVAILABLE;
    }
}
