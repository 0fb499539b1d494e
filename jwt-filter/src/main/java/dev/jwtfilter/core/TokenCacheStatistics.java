package dev.jwtfilter.core;

/**
 * A read-only, live view of an authenticator's verified-token cache, for metrics: how many tokens it holds, and
 * since start-up how many lookups found a token (hits) or not (misses), and how many entries were dropped to make
 * room (evictions; expired entries dropped then count too). Reading costs a sum of counters; nothing here changes
 * the cache. Published by the servlet edge as the context attribute {@code dev.jwtfilter.core.TokenCacheStatistics}
 * when the cache is on. Thread safe.
 */
public interface TokenCacheStatistics {
    /** @return how many tokens are remembered now */
    long size();

    /** @return how many lookups found the token, since start-up */
    long hits();

    /** @return how many lookups did not find the token, since start-up */
    long misses();

    /** @return how many entries were dropped to make room, since start-up */
    long evictions();
}
