package dev.jwtfilter.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jwtfilter.verify.VerifiedTokenCache.Cached;
import org.junit.jupiter.api.Test;

class VerifiedTokenCacheTest {
    private static final long NOW = 1_000_000L;

    private static Cached<String> live(String value) {
        return new Cached<>(value, Long.MIN_VALUE, NOW + 60_000, Long.MAX_VALUE);
    }

    @Test
    void putWhenFullThenBoundHoldsAndExpiredEntriesGoFirst() {
        VerifiedTokenCache<String> cache = new VerifiedTokenCache<>(10);
        cache.put("old", new Cached<>("old", Long.MIN_VALUE, NOW + 10, Long.MAX_VALUE), NOW);

        for (int i = 0; i < 1_000; i++) {
            cache.put("token-" + i, live("v" + i), NOW + 20);
        }

        assertThat(cache.size()).isLessThanOrEqualTo(10);
        assertThat(cache.get("old")).isNull();
        assertThat(cache.get("token-999")).isNotNull();
    }

    @Test
    void putWhenTokenTooLongOrAlreadyExpiredThenNotKept() {
        VerifiedTokenCache<String> cache = new VerifiedTokenCache<>(10);

        cache.put("x".repeat(VerifiedTokenCache.MAX_TOKEN_CHARS + 1), live("long"), NOW);
        cache.put("expired", new Cached<>("e", Long.MIN_VALUE, NOW, Long.MAX_VALUE), NOW);

        assertThat(cache.size()).isZero();
    }

    @Test
    void clearWhenCalledThenEverythingForgotten() {
        VerifiedTokenCache<String> cache = new VerifiedTokenCache<>(10);
        cache.put("a", live("a"), NOW);

        cache.clear();

        assertThat(cache.get("a")).isNull();
    }

    @Test
    void putWhenClearedWhileTheTokenWasBeingVerifiedThenNotKept() {
        VerifiedTokenCache<String> cache = new VerifiedTokenCache<>(10);
        long before = cache.generation();

        cache.clear(); // a key left the key set while the token was being verified with it
        cache.put("token", new VerifiedTokenCache.Cached<>("alice", Long.MIN_VALUE, 2_000, Long.MAX_VALUE), 1_000, before);

        assertThat(cache.get("token")).isNull();
        cache.put("token", new VerifiedTokenCache.Cached<>("alice", Long.MIN_VALUE, 2_000, Long.MAX_VALUE), 1_000,
                cache.generation());
        assertThat(cache.get("token")).isNotNull();
    }
}
