package dev.jwtfilter.event;

import java.util.Locale;

/**
 * Why a token was accepted or a request refused: a fixed list, so that counters and alerts can rely on it.
 * Every refusal the filter or the mechanism answers maps to exactly one reason; {@link #label()} is the
 * stable lower-case name used in logs and metrics. Reasons that say something about a token's claims are
 * only reported with the token's issuer and subject when its signature verified.
 */
public enum AuthEventReason {
    /** The token verified and the caller is authenticated. */
    ACCEPTED,
    /** No token on a resource that needs one (401 with a bare challenge). */
    MISSING,
    /**
     * Not a usable token or request: a malformed {@code Authorization} header, more than one token, a token
     * over the size limit, not a signed JWT, or a verified token lacking a required claim or a usable name
     * or roles claim.
     */
    MALFORMED,
    /** Past its {@code exp} plus the skew, or older than the maximum token age. */
    EXPIRED,
    /** Before its {@code nbf}, or issued ({@code iat}) in the future, beyond the skew. */
    NOT_YET_VALID,
    /** The signature does not verify with the key chosen for it, or the token is unsigned ({@code alg: none}). */
    BAD_SIGNATURE,
    /** No configured key matches the token's {@code kid} and algorithm (including an algorithm off the allowlist). */
    UNKNOWN_KEY,
    /** A correctly signed token whose {@code iss} is not the configured issuer. */
    WRONG_ISSUER,
    /** A correctly signed token whose {@code aud} names none of the configured audiences. */
    WRONG_AUDIENCE,
    /** A {@code typ} header that is not accepted (or missing where required), or nested content ({@code cty}). */
    WRONG_TYPE,
    /**
     * A certificate-bound token (RFC 8705 section 3, {@code cnf.x5t#S256}) whose request's TLS client certificate
     * is missing or has another thumbprint, or whose {@code cnf} claim is malformed.
     */
    WRONG_CERTIFICATE,
    /**
     * A DPoP-bound token ({@code cnf.jkt}) presented without a proof, as a plain bearer token: refused (RFC 9449
     * section 7.2), since whoever copied it must not be able to use it.
     */
    PROOF_REQUIRED,
    /**
     * A DPoP proof (RFC 9449 section 4.3) that is missing, malformed, signed with an algorithm off the allowlist,
     * carrying private key material, badly signed, for another method or URI, out of its time window, not matching
     * the access token's hash, or signed with another key than the token is bound to; or two proofs at once.
     */
    INVALID_PROOF,
    /** A DPoP proof whose {@code jti} was already used within its window: a replay (RFC 9449 section 11.1). */
    REPLAYED_PROOF,
    /** Server nonces are on and the DPoP proof carries none or a stale one: answered {@code use_dpop_nonce}. */
    NONCE_REQUIRED,
    /**
     * A token presented in a way its issuer's policy or its binding does not allow (RFC 9449 section 7): as
     * {@code DPoP} when the issuer accepts bearer tokens only or the token is not bound to a DPoP key, or as
     * {@code Bearer} when the issuer requires DPoP.
     */
    SCHEME_NOT_ALLOWED,
    /** A correctly signed, valid token that the revocation check refused. */
    REVOKED,
    /** An authenticated caller without any role the resource allows, or a resource nobody may use ({@code @DenyAll}). */
    INSUFFICIENT_ROLE,
    /**
     * A valid token whose {@code acr} or {@code auth_time} does not meet the resource's step-up requirement
     * (RFC 9470): 401 {@code insufficient_user_authentication}.
     */
    INSUFFICIENT_USER_AUTHENTICATION,
    /** No key could be had to verify with (JWKS endpoint down, nothing cached): our fault, answered with 503. */
    KEYS_UNAVAILABLE,
    /** The revocation state of a valid token could not be read (its store is down): our fault, answered with 503. */
    REVOCATION_UNAVAILABLE,
    /** A DPoP proof's first use could not be recorded (its replay store is down or full): our fault, 503. */
    PROOF_CHECK_UNAVAILABLE;

    private final String label = name().toLowerCase(Locale.ROOT);

    /** @return the lower-case name, e.g. {@code bad_signature}, as logs and metrics show it */
    public String label() {
        return label;
    }
}
