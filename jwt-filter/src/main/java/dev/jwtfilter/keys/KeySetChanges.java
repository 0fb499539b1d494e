package dev.jwtfilter.keys;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.CachingJWKSetSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.events.Event;
import com.nimbusds.jose.util.events.EventListener;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Tells subscribers when a key that has verified tokens leaves a remote key set, so that anything verified
 * with it (the verified-token cache) can be dropped. Listens to Nimbus' JWKS cache refreshes and compares each
 * fetched set with every key that served before it: the previously fetched set, and the keys of the local
 * fallback set that verified while nothing could be fetched (so the first fetch after a cold-start outage is
 * compared too). Static key sources never change and never fire. Thread safe.
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

    /** Compares a freshly fetched set with the keys that served before it; fires if any of them is gone. */
    void refreshed(JWKSet set) {
        Set<JWK> current = new HashSet<>(set.getKeys());
        Set<JWK> previous;
        synchronized (this) {
            previous = known;
            known = current;
        }
        if (previous != null && !current.containsAll(previous)) {
            subscribers.forEach(Runnable::run);
        }
    }

    /** Remembers keys of the local fallback set that were handed out to verify, for the next comparison. */
    void served(Collection<JWK> keys) {
        Set<JWK> current = known;
        if (keys.isEmpty() || current != null && current.containsAll(keys)) {
            return; // the usual case during an outage: nothing new, no lock
        }
        synchronized (this) {
            Set<JWK> merged = known == null ? new HashSet<>() : new HashSet<>(known);
            merged.addAll(keys);
            known = merged;
        }
    }
}
