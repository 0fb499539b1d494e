package dev.jwtfilter.error;

/**
 * The error codes of RFC 6750 section 3.1, the two of RFC 9449 (DPoP), the one of RFC 9470 (step-up), and the ones we answer with when keys are
 * unavailable or the configuration is broken.
 */
public enum BearerErrorCode {
    /** The request is malformed (RFC 6750 section 3.1): 400. */
    INVALID_REQUEST("invalid_request"),
    /** The token is expired, revoked, malformed or otherwise invalid (RFC 6750 section 3.1): 401. */
    INVALID_TOKEN("invalid_token"),
    /** The token lacks the privileges the resource needs (RFC 6750 section 3.1): 403. */
    INSUFFICIENT_SCOPE("insufficient_scope"),
    /** The DPoP proof is missing or invalid (RFC 9449 section 7.1): 401 with a {@code DPoP} challenge. */
    INVALID_DPOP_PROOF("invalid_dpop_proof"),
    /** The DPoP proof must carry the server nonce given in {@code DPoP-Nonce} (RFC 9449 section 9): 401. */
    USE_DPOP_NONCE("use_dpop_nonce"),
    /**
     * The token is valid but its authentication is too weak or too old for the resource (RFC 9470 section 3): 401
     * with {@code acr_values} and/or {@code max_age}.
     */
    INSUFFICIENT_USER_AUTHENTICATION("insufficient_user_authentication"),
    /** We could not verify because no key could be had (RFC 6749 section 4.1.2.1's wording): 503. */
    TEMPORARILY_UNAVAILABLE("temporarily_unavailable"),
    /** Our configuration is broken (RFC 6749 section 4.1.2.1's wording): 500. */
    SERVER_ERROR("server_error");

    private final String wireValue;

    BearerErrorCode(String wireValue) {
        this.wireValue = wireValue;
    }

    /** @return the code as written in headers and bodies */
    public String wireValue() {
        return wireValue;
    }
}
