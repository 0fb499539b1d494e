package dev.jwtfilter.proof;

import dev.jwtfilter.proof.DPoPProofException.Reason;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * The replay cache of one JVM, bounded: it holds at most {@code capacity} proofs (default 100,000, a few tens of
 * megabytes at most), each only until its window closes. Expired entries are dropped in expiry order on every call
 * (a priority queue), so each entry costs a logarithmic insert and removal, and no call scans the whole cache. When a flood of valid, distinct, unexpired proofs
 * has filled it, it fails closed: new proofs are refused with {@code REPLAY_CHECK_UNAVAILABLE} (503) until entries
 * expire, rather than forgetting a proof that could then be replayed. Thread safe (one lock).
 */
public final class InMemoryDPoPReplayCache implements DPoPReplayCache {
    /** The default number of proofs remembered at once. */
    public static final int DEFAULT_CAPACITY = 100_000;

    private final int capacity;
    private final Map<String, Instant> expiries = new HashMap<>();
    private final PriorityQueue<Entry> byExpiry = new PriorityQueue<>();

    private record Entry(Instant expiresAt, String key) implements Comparable<Entry> {
        @Override
        public int compareTo(Entry other) {
            return expiresAt.compareTo(other.expiresAt);
        }
    }

    /** A cache of {@link #DEFAULT_CAPACITY} entries. */
    public InMemoryDPoPReplayCache() {
        this(DEFAULT_CAPACITY);
    }

    /** @param capacity the most proofs remembered at once, at least 1 */
    public InMemoryDPoPReplayCache(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1");
        }
        this.capacity = capacity;
    }

    @Override
    public synchronized boolean firstUse(String key, Instant expiresAt, Instant now) throws DPoPProofException {
        dropExpired(now);
        if (expiries.containsKey(key)) {
            return false;
        }
        if (expiries.size() >= capacity) {
            throw new DPoPProofException(Reason.REPLAY_CHECK_UNAVAILABLE, "DPoP replay cache full");
        }
        expiries.put(key, expiresAt);
        byExpiry.add(new Entry(expiresAt, key));
        return true;
    }

    /** @return the number of proofs remembered now, expired ones included until the next call drops them */
    public synchronized int size() {
        return expiries.size();
    }

    private void dropExpired(Instant now) {
        Entry oldest = byExpiry.peek();
        while (oldest != null && !oldest.expiresAt().isAfter(now)) {
            byExpiry.poll();
            expiries.remove(oldest.key());
            oldest = byExpiry.peek();
        }
    }
}
