package dev.jwtfilter.keys;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import java.util.List;

/**
 * The local fallback set behind a remote source: used only when the remote source has no keys to give (it
 * throws: the endpoint fails and nothing fetched is held within the outage tolerance, or discovery failed).
 * A refetch merely refused by the rate limit while fetched keys are held never gets here: {@link RemoteKeys}
 * answers it from those keys, so a few made-up {@code kid}s cannot open the door to a key that the provider
 * has since withdrawn but the shipped file still holds (Nimbus' own failover takes over on any exception).
 * Keys handed out are reported to {@link KeySetChanges}, so that tokens they verified are forgotten when the
 * first fetched set lacks them. Thread safe.
 */
final class FallbackKeys implements JWKSource<SecurityContext> {
    private final JWKSource<SecurityContext> primary;
    private final JWKSource<SecurityContext> fallback;
    private final KeySetChanges changes;

    /**
     * @param primary the remote source, or {@code null} when this is asked only once the primary has failed
     * @param fallback the local set
     * @param changes told which fallback keys were handed out
     */
    FallbackKeys(JWKSource<SecurityContext> primary, JWKSource<SecurityContext> fallback, KeySetChanges changes) {
        this.primary = primary;
        this.fallback = fallback;
        this.changes = changes;
    }

    @Override
    public List<JWK> get(JWKSelector selector, SecurityContext context) throws KeySourceException {
        if (primary != null) {
            try {
                return primary.get(selector, context);
            } catch (KeySourceException e) {
                // no keys to give: fall through to the local set
            }
        }
        List<JWK> keys = fallback.get(selector, context);
        changes.served(keys);
        return keys;
    }
}
