package dev.jwtfilter.revoke;

import dev.jwtfilter.verify.VerifiedJwt;

/**
 * Decides whether a verified token has been revoked before its {@code exp} (a logout, say). Runs on
 * every request, cache hits included. Implementations must be fast and thread safe; one that cannot
 * answer throws {@link RevocationUnavailableException}, and the request is refused with 503.
 */
@FunctionalInterface
public interface RevocationCheck {
    /** Revokes nothing: the default. */
    RevocationCheck NONE = jwt -> false;

    /**
     * @param jwt the verified token
     * @return whether the token must be refused although its signature and claims are good
     * @throws RevocationUnavailableException if the revocation state cannot be had
     */
    boolean isRevoked(VerifiedJwt jwt);
}
