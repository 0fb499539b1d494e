package dev.jwtfilter.revoke;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A short-lived local memory in front of a shared {@link RevocationList}, so that a token sent again
 * and again costs a map lookup instead of a query. A "not revoked" answer is reused for the time to live
 * (default 5 s in the filter), so a revocation made on another node takes effect here within that time;
 * a revocation made through this object takes effect here at once. A "revoked" answer is kept for good,
 * since revocation cannot be undone. Failures of the list are never remembered. Bounded: at most
 * {@code maxEntries} ids (issuer and {@code jti}); when full, stale answers go first, then arbitrary ones down to 90 %. Thread safe.
 */
public final class CachingRevocationList implements RevocationList {
    private final RevocationList delegate;
    private final long ttlMillis;
    private final int maxEntries;
    private final Clock clock;
    private final ConcurrentHashMap<RevokedId, Answer> answers;

    /** One remembered answer; a revoked one never goes stale. */
    private record Answer(boolean revoked, long staleAtMillis) {
        boolean usableAt(long nowMillis) {
            return revoked || nowMillis < staleAtMillis;
        }
    }

    /**
     * @param delegate the shared list
     * @param ttl how long a "not revoked" answer is reused, positive
     * @param maxEntries the most ids remembered, at least 1
     * @param clock decides when an answer is stale
     */
    public CachingRevocationList(RevocationList delegate, Duration ttl, int maxEntries, Clock clock) {
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("A revocation cache needs a positive time to live");
        }
        if (maxEntries < 1) {
            throw new IllegalArgumentException("A revocation cache needs room for at least one entry");
        }
        this.delegate = delegate;
        this.ttlMillis = ttl.toMillis();
        this.maxEntries = maxEntries;
        this.clock = clock;
        this.answers = new ConcurrentHashMap<>(Math.min(maxEntries, 1024) * 2);
    }

    /** Remembers the revocation here first, so this node refuses the token even if the list then fails. */
    @Override
    public void revoke(String issuer, String jti, Instant keepUntil) {
        remember(RevokedId.of(issuer, jti), new Answer(true, Long.MAX_VALUE));
        delegate.revoke(issuer, jti, keepUntil);
    }

    @Override
    public boolean isRevoked(String issuer, String jti) {
        RevokedId id = new RevokedId(issuer, jti);
        long now = clock.millis();
        Answer known = answers.get(id);
        if (known != null && known.usableAt(now)) {
            return known.revoked();
        }
        boolean revoked = delegate.isRevoked(issuer, jti);
        remember(id, new Answer(revoked, now + ttlMillis));
        return revoked;
    }

    /** @return how many ids are remembered */
    public int size() {
        return answers.size();
    }

    private void remember(RevokedId id, Answer answer) {
        if (answers.size() >= maxEntries && !answers.containsKey(id)) {
            evict(clock.millis());
        }
        // A slow "not revoked" answer must never replace a revocation made meanwhile on this node.
        answers.merge(id, answer, (old, fresh) -> old.revoked() ? old : fresh);
    }

    private synchronized void evict(long nowMillis) {
        if (answers.size() < maxEntries) {
            return;
        }
        answers.values().removeIf(answer -> !answer.usableAt(nowMillis));
        int target = maxEntries - Math.max(1, maxEntries / 10);
        Iterator<RevokedId> ids = answers.keySet().iterator();
        while (answers.size() > target && ids.hasNext()) {
            ids.next();
            ids.remove();
        }
    }
}
