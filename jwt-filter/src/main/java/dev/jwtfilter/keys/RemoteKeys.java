package dev.jwtfilter.keys;

import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.CachingJWKSetSource;
import com.nimbusds.jose.jwk.source.JWKSetCacheRefreshEvaluator;
import com.nimbusds.jose.jwk.source.JWKSetSource;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.jwk.source.URLBasedJWKSetSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.ResourceRetriever;
import com.nimbusds.jose.util.events.Event;
import com.nimbusds.jose.util.events.EventListener;
import dev.jwtfilter.internal.LogText;
import java.io.IOException;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A remote JWK set behind Nimbus' cache, rate limit, retry and outage tolerance ({@link JWKSourceBuilder}),
 * with two rules of ours. Every fetched set is checked like a configured one ({@link KeyRules}): bad keys are
 * dropped, named in one warning per fetch. And a refetch refused by the rate limit is answered from the keys
 * held, so a token naming an unknown {@code kid} gets no key (401), only while keys are actually held: the
 * cached set is fresh, or the last fetch is within the outage tolerance. Before the first successful fetch,
 * or past the tolerance, the rate limit is an outage like the failed fetch it stands for: a
 * {@link KeySourceException} (503, or the local fallback set). Nimbus itself throws
 * {@link RateLimitReachedException} in both cases. Once a fetch has failed past the tolerance, the held keys
 * are given up until a fetch succeeds: a rate-limited refetch after a 503 is a 503 as well, never the old keys
 * again. Thread safe.
 */
final class RemoteKeys implements JWKSource<SecurityContext> {
    private static final System.Logger LOG = System.getLogger(RemoteKeys.class.getName());

    private final JWKSource<SecurityContext> nimbus;
    private final long cacheTtlMillis;
    private final long toleranceMillis;
    private final AtomicReference<Held> held = new AtomicReference<>();
    private final KeySetChanges changes;

    /** The last fetched set, when it was fetched and when the cache last took a set (fetched or outage-held). */
    private record Held(JWKSet set, long fetchedAt, long cachedAt) {}

    RemoteKeys(URL url, ResourceRetriever retriever, JwksOptions options, KeySetChanges changes) {
        this.cacheTtlMillis = options.cacheTtl().toMillis();
        this.toleranceMillis = options.outageTolerance().toMillis();
        this.changes = changes;
        this.nimbus = build(
                new Checked(new URLBasedJWKSetSource<>(url, retriever), url.toString()),
                options,
                cacheListener(changes));
    }

    private static JWKSource<SecurityContext> build(
            JWKSetSource<SecurityContext> checked,
            JwksOptions options,
            EventListener<CachingJWKSetSource<SecurityContext>, SecurityContext> listener) {
        var builder = JWKSourceBuilder.create(checked)
                .cache(options.cacheTtl().toMillis(), options.refreshTimeout().toMillis(), listener)
                .rateLimited(options.rateLimit().toMillis())
                .outageTolerant(options.outageTolerance().toMillis())
                .retrying(true);
        if (options.refreshAhead().isZero()) {
            builder.refreshAheadCache(false);
        } else {
            builder.refreshAheadCache(options.refreshAhead().toMillis(), false, listener);
        }
        return builder.build();
    }

    @Override
    public List<JWK> get(JWKSelector selector, SecurityContext context) throws KeySourceException {
        Held before = held.get();
        try {
            return nimbus.get(selector, context);
        } catch (RateLimitReachedException e) {
            JWKSet set = heldAt(System.currentTimeMillis());
            if (set == null) {
                throw new KeySourceException("JWKS refetch rate limited and no key set held (never fetched, or past the"
                        + " outage tolerance)");
            }
            return selector.select(set); // keys are there; the token names one they lack
        } catch (KeySourceException e) {
            // Nothing vouches for the held keys now (past the tolerance, or a set with no usable key). Unless a
            // fetch on another thread has just replaced them, give them up.
            held.compareAndSet(before, null);
            throw e;
        }
    }

    /** @return the fetched set while the cache or the outage tolerance still vouches for it, else {@code null} */
    JWKSet heldAt(long nowMillis) {
        Held current = held.get();
        if (current == null) {
            return null;
        }
        boolean fresh =
                nowMillis - current.cachedAt() < cacheTtlMillis || nowMillis - current.fetchedAt() < toleranceMillis;
        return fresh ? current.set() : null;
    }

    private EventListener<CachingJWKSetSource<SecurityContext>, SecurityContext> cacheListener(KeySetChanges changes) {
        return (Event<CachingJWKSetSource<SecurityContext>, SecurityContext> event) -> {
            if (event instanceof CachingJWKSetSource.RefreshCompletedEvent<SecurityContext>) {
                long now = System.currentTimeMillis();
                held.updateAndGet(
                        current -> current == null ? null : new Held(current.set(), current.fetchedAt(), now));
            }
            changes.notify(event);
        };
    }

    /** The endpoint, each fetched set checked key by key and remembered. */
    private final class Checked implements JWKSetSource<SecurityContext> {
        private final JWKSetSource<SecurityContext> endpoint;
        private final String where;
        private volatile List<String> lastDropped = List.of();

        Checked(JWKSetSource<SecurityContext> endpoint, String where) {
            this.endpoint = endpoint;
            this.where = where;
        }

        @Override
        public JWKSet getJWKSet(JWKSetCacheRefreshEvaluator evaluator, long time, SecurityContext context)
                throws KeySourceException {
            boolean succeeded = false;
            try {
                JWKSet set = checked(evaluator, time, context);
                succeeded = true;
                return set;
            } finally {
                changes.fetched(succeeded);
            }
        }

        private JWKSet checked(JWKSetCacheRefreshEvaluator evaluator, long time, SecurityContext context)
                throws KeySourceException {
            List<JWK> served = endpoint.getJWKSet(evaluator, time, context).getKeys();
            List<String> dropped = new ArrayList<>();
            JWKSet set = new JWKSet(KeyRules.usable(served, dropped));
            warnOnce(served.size(), dropped);
            if (set.isEmpty()) {
                // Nothing here can verify: an outage of ours (503, or the fallback set), not every client's fault
                // (401).
                throw new KeySourceException("The JWK set at " + where + " holds no usable signature key");
            }
            long now = System.currentTimeMillis();
            held.set(new Held(set, now, now));
            return set;
        }

        /** One warning when what is dropped changes, not one per refresh of the same set (debug level then). */
        private void warnOnce(int servedCount, List<String> dropped) {
            if (dropped.isEmpty() || dropped.equals(lastDropped) && !LOG.isLoggable(System.Logger.Level.DEBUG)) {
                lastDropped = dropped;
                return;
            }
            System.Logger.Level level =
                    dropped.equals(lastDropped) ? System.Logger.Level.DEBUG : System.Logger.Level.WARNING;
            lastDropped = dropped;
            LOG.log(
                    level,
                    "Ignored {0} of the {1} keys served by {2}: {3}",
                    dropped.size(),
                    servedCount,
                    where,
                    LogText.clean(String.join("; ", dropped)));
        }

        @Override
        public void close() throws IOException {
            endpoint.close();
        }
    }
}
