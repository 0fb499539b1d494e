package dev.jwtfilter.keys;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.proc.SecurityContext;
import java.util.List;

/**
 * The local fallback set behind a remote source: used only when the remote source has no keys to give (the
 * endpoint fails and nothing fetched is cached within the outage tolerance), never when a refetch was merely
 * refused by the rate limit. Nimbus' own failover takes over on any exception, rate limiting included, so a
 * few made-up {@code kid}s would open the door to a key that the provider has since withdrawn but the
 * shipped file still holds. Thread safe.
 */
final class FallbackKeys implements JWKSource<SecurityContext> {
    private final JWKSource<SecurityContext> primary;
    private final JWKSource<SecurityContext> fallback;

    FallbackKeys(JWKSource<SecurityContext> primary, JWKSource<SecurityContext> fallback) {
        this.primary = primary;
        this.fallback = fallback;
    }

    @Override
    public List<JWK> get(JWKSelector selector, SecurityContext context) throws KeySourceException {
        try {
            return primary.get(selector, context);
        } catch (RateLimitReachedException e) {
            throw e; // the remote set is there; the token names a key it lacks
        } catch (KeySourceException e) {
            return fallback.get(selector, context);
        }
    }
}
