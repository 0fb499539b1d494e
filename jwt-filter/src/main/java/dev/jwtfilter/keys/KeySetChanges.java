package dev.jwtfilter.keys;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.CachingJWKSetSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.events.Event;
import com.nimbusds.jose.util.events.EventListener;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Tells subscribers when a key leaves a remote key set, so that anything verified with it (the
 * verified-token cache) can be dropped. Listens to Nimbus' JWKS cache refreshes; static key sources never
 * change and never fire. Thread safe.
 */
public final class KeySetChanges implements EventListener<CachingJWKSetSource<SecurityContext>, SecurityContext> {
    private final List<Runnable> subscribers = new CopyOnWriteArrayList<>();
    private volatile Set<JWK> known;

    /** Registers an action run (on the refreshing thread) whenever a known key disappears. */
    public void subscribe(Runnable onKeyRemoved) {
        subscribers.add(onKeyRemoved);
    }

    @Override
    public void notify(Event<CachingJWKSetSource<SecurityContext>, SecurityContext> event) {
        if (event instanceof CachingJWKSetSource.RefreshCompletedEvent<SecurityContext> refreshed) {
            refreshed(refreshed.getJWKSet());
        }
    }

    /** Compares a freshly fetched set with the last one; fires if any key is gone. */
    void refreshed(JWKSet set) {
        Set<JWK> current = new HashSet<>(set.getKeys());
        Set<JWK> previous = known;
        known = current;
        if (previous != null && !current.containsAll(previous)) {
            subscribers.forEach(Runnable::run);
        }
    }
}
