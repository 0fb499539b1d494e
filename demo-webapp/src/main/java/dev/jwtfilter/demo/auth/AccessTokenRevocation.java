package dev.jwtfilter.demo.auth;

import dev.jwtfilter.config.JwtConfig;
import dev.jwtfilter.principal.JwtPrincipal;
import dev.jwtfilter.revoke.RevocationList;
import dev.jwtfilter.revoke.RevocationUnavailableException;
import dev.jwtfilter.verify.IssuerRoutingVerifier;
import dev.jwtfilter.verify.JwtVerificationException;
import dev.jwtfilter.verify.NimbusTokenVerifier;
import dev.jwtfilter.verify.TokenVerifier;
import dev.jwtfilter.verify.TrustedIssuer;
import dev.jwtfilter.verify.VerifiedJwt;
import java.time.Duration;
import java.util.List;

/**
 * Revokes the demo's access tokens before their {@code exp}. A token is first verified under the filter's
 * own published configuration (signature, issuer, audience, time, claims: not how it is presented, so that a
 * DPoP-bound token can be revoked by whoever holds it, as RFC 7009 lets a holder revoke), so an unverified
 * {@code jti} is never trusted; its {@code iss} and {@code jti}
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

    private final TokenVerifier verifier;
    private final RevocationList list;
    private final Duration maxClockSkew;

    /** @param config the configuration the filter published */
    public AccessTokenRevocation(JwtConfig config) {
        List<TrustedIssuer> issuers = config.trustedIssuers();
        this.verifier =
                issuers.size() == 1 ? new NimbusTokenVerifier(issuers.get(0)) : new IssuerRoutingVerifier(issuers);
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
        try {
            return revoke(verifier.verify(token));
        } catch (JwtVerificationException e) {
            return e.failure() == JwtVerificationException.Failure.KEYS_UNAVAILABLE
                    ? Result.UNAVAILABLE
                    : Result.NOT_AN_ACCESS_TOKEN;
        }
    }

    private Result revoke(VerifiedJwt jwt) {
        return list != null && list.revoke(jwt, maxClockSkew) ? Result.REVOKED : Result.UNSUPPORTED;
    }
}
