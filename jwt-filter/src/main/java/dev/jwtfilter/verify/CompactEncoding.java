package dev.jwtfilter.verify;

import dev.jwtfilter.event.AuthEventReason;
import dev.jwtfilter.internal.CanonicalBase64Url;
import dev.jwtfilter.verify.JwtVerificationException.Failure;

/**
 * The one encoding a compact JWS may have (RFC 7515 section 2 and 7.1): each part base64url (RFC 4648
 * section 5) without padding, whose unused low bits in the last character are zero (RFC 4648 section 3.5).
 * Nimbus' decoder is lenient (it skips unknown characters, takes {@code +}, {@code /} and {@code =}, and
 * ignores unused bits), so one token could otherwise be written as many strings, and logs, caches and
 * denylists keyed by the string would be fooled. One pass over the characters, nothing allocated.
 */
final class CompactEncoding {
    private CompactEncoding() {}

    /**
     * The check every verifier makes before any parsing: a token that is present and canonical. Its size is
     * limited once, at the entry of the authentication core.
     *
     * @throws JwtVerificationException {@code invalid_token}, reason {@code malformed}
     */
    static void requireWellFormed(String token) throws JwtVerificationException {
        if (token == null || token.isEmpty()) {
            throw new JwtVerificationException(Failure.INVALID, AuthEventReason.MALFORMED, "Token empty");
        }
        if (!CanonicalBase64Url.isCanonical(token)) {
            // One token, one string (RFC 7515 section 2), whatever Nimbus' decoder would accept.
            throw new JwtVerificationException(
                    Failure.INVALID, AuthEventReason.MALFORMED, "Token parts are not canonical base64url");
        }
    }
}
