package dev.jwtfilter.core;

import dev.jwtfilter.verify.Validity;
import java.util.Iterator;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Remembers what a fully verified token produced, keyed by the identical token string, so that the same
 * token sent again skips parsing and signature work. Bounded: at most {@code maxEntries} entries, and
 * tokens longer than {@link #MAX_TOKEN_CHARS} are never kept, so memory stays under roughly
 * {@code maxEntries x (token + value)}. An entry carries the instants outside which the token must not be
 * accepted; callers check them on every hit, and expired entries are dropped first when the map is full.
 * Only successes are ever stored. A small map of our own rather than a cache library: the workload (the
 * same tokens again, hard expiry, rare churn) needs no admission policy, and the jar keeps Nimbus as its
 * only runtime dependency. Counts its hits, misses and evictions for {@link TokenCacheStatistics}. Thread safe;
 * {@link #get} allocates nothing.
 *
 * @param <V> what a verified token produced
 */
final class VerifiedTokenCache<V> implements TokenCacheStatistics {
    /** Longer tokens are verified every time rather than kept. */
    public static final int MAX_TOKEN_CHARS = 4096;

    private final int maxEntries;
    private final ConcurrentHashMap<String, Cached<V>> entries;
    private final AtomicLong generation = new AtomicLong();
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder evictions = new LongAdder();

    /**
     * One remembered success.
     *
     * @param value what verification produced
     * @param validity the time window verification computed, checked again on every hit
     * @param <V> the value type
     */
    public record Cached<V>(V value, Validity validity) {}

    /** @param maxEntries the most tokens remembered at once, at least 1 */
    public VerifiedTokenCache(int maxEntries) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("A token cache needs room for at least one entry");
        }
        this.maxEntries = maxEntries;
        this.entries = new ConcurrentHashMap<>(Math.min(maxEntries, 1024) * 2);
    }

    /** @return the remembered success for exactly this token, or {@code null} */
    public Cached<V> get(String token) {
        Cached<V> cached = entries.get(token);
        (cached == null ? misses : hits).increment();
        return cached;
    }

    /** Remembers a success, unless the token is too long or already expired. */
    public void put(String token, Cached<V> cached, long nowMillis) {
        put(token, cached, nowMillis, generation.get());
    }

    /**
     * Remembers a success verified while the cache was at {@code verifiedAtGeneration}: if it has been
     * {@linkplain #clear() cleared} since (a key left the key set while the token was being verified), the
     * success is not kept, so a token of a withdrawn key cannot come back through a verification in flight.
     *
     * @param verifiedAtGeneration {@link #generation()} read before verification started
     */
    public void put(String token, Cached<V> cached, long nowMillis, long verifiedAtGeneration) {
        if (token.length() > MAX_TOKEN_CHARS
                || cached.validity().endedBy(nowMillis)
                || generation.get() != verifiedAtGeneration) {
            return;
        }
        if (entries.size() >= maxEntries) {
            evict(nowMillis);
        }
        entries.put(token, cached);
        if (generation.get() != verifiedAtGeneration) {
            entries.remove(token, cached); // cleared between the check and the put
        }
    }

    /** @return how many times the cache has been cleared; read it before verifying, pass it to {@link #put} */
    public long generation() {
        return generation.get();
    }

    /** Forgets one token. */
    public void remove(String token) {
        entries.remove(token);
    }

    /** Forgets everything, for example when a key has left the key set. */
    public void clear() {
        generation.incrementAndGet();
        entries.clear();
    }

    /** @return how many tokens are remembered */
    @Override
    public long size() {
        return entries.size();
    }

    @Override
    public long hits() {
        return hits.sum();
    }

    @Override
    public long misses() {
        return misses.sum();
    }

    @Override
    public long evictions() {
        return evictions.sum();
    }

    /** Drops expired entries; if that is not enough, arbitrary ones, down to 90 % of the bound. */
    private synchronized void evict(long nowMillis) {
        if (entries.size() < maxEntries) {
            return;
        }
        entries.values().removeIf(c -> expired(c, nowMillis));
        int target = maxEntries - Math.max(1, maxEntries / 10);
        Iterator<String> keys = entries.keySet().iterator();
        while (entries.size() > target && keys.hasNext()) {
            keys.next();
            keys.remove();
            evictions.increment();
        }
    }

    private boolean expired(Cached<V> cached, long nowMillis) {
        boolean expired = cached.validity().endedBy(nowMillis);
        if (expired) {
            evictions.increment();
        }
        return expired;
    }
}
