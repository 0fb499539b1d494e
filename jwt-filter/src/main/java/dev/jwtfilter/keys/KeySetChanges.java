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
import java.util.concurrent.atomic.LongAdder;

/**
 * Tells subscribers when a key that has verified tokens leaves a remote key set, so that anything verified
 * with it (the verified-token cache) can be dropped. Listens to Nimbus' JWKS cache refreshes and compares each
 * fetched set with every key that served before it: the previously fetched set, and the keys of the local
 * fallback set that verified while nothing could be fetched (so the first fetch after a cold-start outage is
 * compared too). Static key sources never change and never fire. Also counts, for metrics, the fetches of a remote
 * set that succeeded and those that failed (an endpoint that cannot be reached or answers no usable key: an outage
 * unless cached keys or the fallback set cover it); static sets fetch nothing. Thread safe.
 */
public final class KeySetChanges implements EventListener<CachingJWKSetSource<SecurityContext>, SecurityContext> {
    private final List<Runnable> subscribers = new CopyOnWriteArrayList<>();
    private volatile Set<JWK> known;
    private final LongAdder fetches = new LongAdder();
    private final LongAdder fetchFailures = new LongAdder();

    /**
     * Registers an action run (on the refreshing thread) whenever a known key disappears.
     *
     * @param onKeyRemoved the action to run
     */
    public void subscribe(Runnable onKeyRemoved) {
        subscribers.add(onKeyRemoved);
    }

    /** @return how many fetches of the remote key set succeeded since start-up; 0 for a static set */
    public long fetches() {
        return fetches.sum();
    }

    /** @return how many fetches of the remote key set failed since start-up; 0 for a static set */
    public long fetchFailures() {
        return fetchFailures.sum();
    }

    /** Counts one fetch of the remote set. */
    void fetched(boolean succeeded) {
        (succeeded ? fetches : fetchFailures).increment();
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

    /**
     * Keys of the local fallback set were handed out to verify: subscribers are told at once, so that nothing
     * they verify is remembered (the verified-token cache refuses an entry whose verification saw a change), and
     * the keys are remembered for the next comparison. A token verified by the fallback is then verified again
     * on every request, so it stops passing as soon as a fetch succeeds without its key, even when no new token
     * arrives to cause that fetch sooner.
     */
    void served(Collection<JWK> keys) {
        if (keys.isEmpty()) {
            return;
        }
        Set<JWK> current = known;
        if (current == null || !current.containsAll(keys)) {
            synchronized (this) {
                Set<JWK> merged = known == null ? new HashSet<>() : new HashSet<>(known);
                merged.addAll(keys);
                known = merged;
            }
        }
        subscribers.forEach(Runnable::run);
    }
}
