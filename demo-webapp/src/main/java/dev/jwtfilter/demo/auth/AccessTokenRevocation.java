package dev.jwtfilter.demo.auth;

import dev.jwtfilter.config.JwtConfig;
import dev.jwtfilter.core.AuthenticationOutcome;
import dev.jwtfilter.core.JwtAuthenticator;
import dev.jwtfilter.principal.JwtPrincipal;
import dev.jwtfilter.revoke.RevocationList;
import dev.jwtfilter.revoke.RevocationUnavailableException;
import dev.jwtfilter.verify.VerifiedJwt;
import java.time.Duration;

/**
 * Revokes the demo's access tokens before their {@code exp}. A token is first verified under the filter's
 * own published configuration, so an unverified {@code jti} is never trusted; its {@code iss} and {@code jti}
 * then go on the filter's revocation list until {@code exp} plus the largest clock skew of any trusted
 * issuer (as long as the filter could accept it), through the list's local cache, so this node refuses it
 * at once and the others within {@code jwt.revocation.cache-ttl}. Thread safe.
 */
public final class AccessTokenRevocation {
    /** What became of a presented token. */
    public enum Result {
        /** A valid access token, now revoked. */
        REVOKED,
        /** Not a valid access token (none, unknown, expired, already revoked, or a refresh token). */
        NOT_AN_ACCESS_TOKEN,
        /** A valid access token that cannot be revoked: no revocation list, or no {@code jti}. */
        UNSUPPORTED,
        /** The token could not be checked (keys or revocation list unavailable): answer 503. */
        UNAVAILABLE
    }

    private final JwtAuthenticator authenticator;
    private final RevocationList list;
    private final Duration maxClockSkew;

    /** @param config the configuration the filter published */
    public AccessTokenRevocation(JwtConfig config) {
        this.authenticator = new JwtAuthenticator(config);
        this.list = config.revocationList().orElse(null);
        this.maxClockSkew = config.maxClockSkew();
    }

    /**
     * Revokes the token the filter already verified for this principal, without verifying it again.
     *
     * @return {@link Result#REVOKED}, or {@link Result#UNSUPPORTED} without a list or a {@code jti}
     * @throws RevocationUnavailableException if the list cannot be written
     */
    public Result revoke(JwtPrincipal principal) {
        return revoke(principal.getJwt());
    }

    /**
     * Revokes one token.
     *
     * @throws RevocationUnavailableException if the list cannot be written
     */
    public Result revoke(String token) {
        return revoke(authenticator.authenticate(token));
    }

    private Result revoke(AuthenticationOutcome outcome) {
        if (outcome instanceof AuthenticationOutcome.Failed failed
                && failed.error().status() == 503) {
            return Result.UNAVAILABLE;
        }
        if (!(outcome instanceof AuthenticationOutcome.Authenticated authenticated)) {
            return Result.NOT_AN_ACCESS_TOKEN;
        }
        return revoke(authenticated.principal().getJwt());
    }

    private Result revoke(VerifiedJwt jwt) {
        return list != null && list.revoke(jwt, maxClockSkew) ? Result.REVOKED : Result.UNSUPPORTED;
    }
}
