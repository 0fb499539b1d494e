package dev.jwtfilter.error;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One failed authentication or authorization as it is answered over HTTP: the status, the RFC 6750
 * error code (absent when the request simply carried no token, RFC 6750 section 3.1) and a short
 * description from a fixed set of our own phrases, so that no library message reaches a client.
 * Immutable; use the constants.
 *
 * @param status the HTTP status
 * @param code the RFC 6750 error code, or {@code null} for a bare challenge
 * @param description the {@code error_description}, one of our fixed phrases
 * @param parameters further auth-params of the challenge that carries the error, in order: {@code scope} (RFC 6750
 *     section 3), {@code acr_values} and {@code max_age} (RFC 9470 section 3); values are quoted-string-safe
 */
public record BearerError(int status, BearerErrorCode code, String description, Map<String, String> parameters) {
    /** No token on a protected resource: 401 with a bare challenge. */
    public static final BearerError MISSING_TOKEN = new BearerError(401, null, "Authentication required");
    /** Bad signature, wrong issuer or audience, malformed or otherwise unacceptable token: 401. */
    public static final BearerError INVALID_TOKEN =
            new BearerError(401, BearerErrorCode.INVALID_TOKEN, "Invalid token");
    /** A token whose {@code exp} has passed: 401. */
    public static final BearerError EXPIRED_TOKEN =
            new BearerError(401, BearerErrorCode.INVALID_TOKEN, "Token has expired");
    /**
     * A certificate-bound token (RFC 8705 section 3) sent over a connection without its client certificate, with
     * another one, or with a malformed {@code cnf} claim: 401.
     */
    public static final BearerError WRONG_CERTIFICATE =
            new BearerError(401, BearerErrorCode.INVALID_TOKEN, "Token is bound to another client certificate");
    /** A DPoP-bound token ({@code cnf.jkt}) sent as a bearer token without its proof (RFC 9449 section 7.2): 401. */
    public static final BearerError PROOF_REQUIRED =
            new BearerError(401, BearerErrorCode.INVALID_TOKEN, "Token is bound to a DPoP key");
    /**
     * A DPoP proof that is missing, malformed or fails a rule of RFC 9449 section 4.3, or a replayed one: 401
     * {@code invalid_dpop_proof}. The core answers with the precise rule in the description; this constant is the
     * general one (two {@code DPoP} headers, say).
     */
    public static final BearerError INVALID_DPOP_PROOF =
            new BearerError(401, BearerErrorCode.INVALID_DPOP_PROOF, "Invalid DPoP proof");
    /** Server nonces are on and the proof lacks a current one: 401 {@code use_dpop_nonce} with {@code DPoP-Nonce}. */
    public static final BearerError USE_DPOP_NONCE =
            new BearerError(401, BearerErrorCode.USE_DPOP_NONCE, "Resource server requires nonce in DPoP proof");
    /** A token sent with the {@code DPoP} scheme whose issuer accepts bearer tokens only: 401. */
    public static final BearerError DPOP_NOT_ACCEPTED =
            new BearerError(401, BearerErrorCode.INVALID_TOKEN, "DPoP is not accepted for this token's issuer");
    /** A token sent with the {@code DPoP} scheme that is not bound to a DPoP key ({@code cnf.jkt}): 401. */
    public static final BearerError UNBOUND_TOKEN =
            new BearerError(401, BearerErrorCode.INVALID_TOKEN, "Token is not bound to a DPoP key");
    /** A bearer token of an issuer whose policy is {@code dpop-required}: 401, with a {@code DPoP} challenge. */
    public static final BearerError DPOP_REQUIRED =
            new BearerError(401, BearerErrorCode.INVALID_TOKEN, "Token must be DPoP-bound and sent with a proof");
    /** A malformed {@code Authorization} header: 400. */
    public static final BearerError MALFORMED_HEADER =
            new BearerError(400, BearerErrorCode.INVALID_REQUEST, "Malformed Authorization header");
    /**
     * A request path that the container and the application could read differently ({@code ..}, encoded
     * slashes and the other rules of {@code jwt.firewall.allow}): 400, refused before any access decision.
     */
    public static final BearerError REJECTED_PATH =
            new BearerError(400, BearerErrorCode.INVALID_REQUEST, "Request path not accepted");
    /** More than one token, or tokens sent by more than one method (RFC 6750 section 2): 400. */
    public static final BearerError MULTIPLE_TOKENS =
            new BearerError(400, BearerErrorCode.INVALID_REQUEST, "More than one token in the request");
    /**
     * A token read from a cookie on an unsafe method without a matching double-submit CSRF header: 403. Not
     * 400 as RFC 6750 section 3.1 suggests for {@code invalid_request}: the request is well formed but
     * refused, as a CSRF defence answers; and not 401, which would send a browser client to log in again.
     */
    public static final BearerError CSRF_CHECK_FAILED =
            new BearerError(403, BearerErrorCode.INVALID_REQUEST, "Missing or invalid CSRF token");
    /** Authenticated, but without any of the roles the resource allows: 403. */
    public static final BearerError INSUFFICIENT_ROLE =
            new BearerError(403, BearerErrorCode.INSUFFICIENT_SCOPE, "Insufficient role");
    /**
     * A valid token whose authentication does not meet the resource's step-up requirement (RFC 9470 section 3):
     * 401 {@code insufficient_user_authentication}. Answered with {@code acr_values} and {@code max_age} added by
     * {@link #withParameter}.
     */
    public static final BearerError INSUFFICIENT_USER_AUTHENTICATION = new BearerError(
            401,
            BearerErrorCode.INSUFFICIENT_USER_AUTHENTICATION,
            "A stronger or more recent authentication is required");
    /** A resource that no caller may use ({@code @DenyAll}): 403. */
    public static final BearerError ACCESS_DENIED =
            new BearerError(403, BearerErrorCode.INSUFFICIENT_SCOPE, "Access denied");
    /** The authentication configuration could not be built: our fault, logged at start, refused closed. */
    public static final BearerError MISCONFIGURED =
            new BearerError(500, BearerErrorCode.SERVER_ERROR, "Authentication is not configured correctly");
    /** No key could be had to verify with (JWKS endpoint down, nothing cached): 503. */
    public static final BearerError KEYS_UNAVAILABLE =
            new BearerError(503, BearerErrorCode.TEMPORARILY_UNAVAILABLE, "Authentication is temporarily unavailable");
    /**
     * The revocation state of a valid token could not be read (its store is down): 503, answered exactly as
     * {@link #KEYS_UNAVAILABLE} is, since a client can do nothing different about either.
     */
    public static final BearerError REVOCATION_UNAVAILABLE =
            new BearerError(503, BearerErrorCode.TEMPORARILY_UNAVAILABLE, "Authentication is temporarily unavailable");

    /**
     * A DPoP proof whose first use could not be recorded (the replay store is down or full): 503, answered as
     * {@link #KEYS_UNAVAILABLE} is.
     */
    public static final BearerError PROOF_CHECK_UNAVAILABLE =
            new BearerError(503, BearerErrorCode.TEMPORARILY_UNAVAILABLE, "Authentication is temporarily unavailable");

    /**
     * Checks and copies the parameters, keeping their order.
     *
     * @param status the HTTP status
     * @param code the RFC 6750 error code, or {@code null} for a bare challenge
     * @param description the {@code error_description}, one of our fixed phrases
     * @param parameters further auth-params of the challenge, in order
     */
    public BearerError {
        Map<String, String> copy = new LinkedHashMap<>();
        parameters.forEach((name, value) -> {
            if (!name.matches("[a-z_]+") || !quotable(value)) {
                throw new IllegalArgumentException("Challenge parameter not allowed: " + name);
            }
            copy.put(name, value);
        });
        parameters = Collections.unmodifiableMap(copy);
    }

    /**
     * An error whose challenge carries no further parameters.
     *
     * @param status the HTTP status
     * @param code the RFC 6750 error code, or {@code null} for a bare challenge
     * @param description the {@code error_description}, one of our fixed phrases
     */
    public BearerError(int status, BearerErrorCode code, String description) {
        this(status, code, description, Map.of());
    }

    /**
     * @param name the auth-param's name, lower case letters and {@code _}
     * @param value its value: printable ASCII without {@code "} and {@code \}, so that it needs no escaping
     * @return this error with the parameter added to its challenge (replacing one of the same name)
     */
    public BearerError withParameter(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(parameters);
        more.put(name, value);
        return new BearerError(status, code, description, more);
    }

    /**
     * @param value a candidate auth-param value
     * @return whether it can stand in a quoted-string unescaped: printable ASCII or space, no {@code "} or
     *     {@code \}
     */
    public static boolean quotable(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
                return false;
            }
        }
        return true;
    }

    /** @return the {@code error} member of the JSON body: the code, or {@code unauthorized} for a bare challenge */
    public String bodyError() {
        return code == null ? "unauthorized" : code.wireValue();
    }
}
