package dev.jwtfilter.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.jwtfilter.core.VerifiedTokenCache.Cached;
import dev.jwtfilter.verify.Validity;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VerifiedTokenCacheTest {
    private static final long NOW = 1_000_000_000L;

    private static Cached<String> live(String value) {
        return expiringAt(value, NOW + 60_000);
    }

    /** A success whose token expires at this epoch millisecond (whole seconds, as {@code exp} is). */
    private static Cached<String> expiringAt(String value, long expMillis) {
        return new Cached<>(value, Validity.of(Map.of("exp", expMillis / 1000), Duration.ZERO, null));
    }

    @Test
    void putWhenFullThenBoundHoldsAndExpiredEntriesGoFirst() {
        VerifiedTokenCache<String> cache = new VerifiedTokenCache<>(10);
        cache.put("old", expiringAt("old", NOW + 10_000), NOW);

        for (int i = 0; i < 1_000; i++) {
            cache.put("token-" + i, live("v" + i), NOW + 20_000);
        }

        assertThat(cache.size()).isLessThanOrEqualTo(10);
        assertThat(cache.get("old")).isNull();
        assertThat(cache.get("token-999")).isNotNull();
    }

    @Test
    void putWhenTokenTooLongOrAlreadyExpiredThenNotKept() {
        VerifiedTokenCache<String> cache = new VerifiedTokenCache<>(10);

        cache.put("x".repeat(VerifiedTokenCache.MAX_TOKEN_CHARS + 1), live("long"), NOW);
        cache.put("expired", expiringAt("e", NOW), NOW);

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
        cache.put("token", expiringAt("alice", NOW + 2_000), NOW, before);

        assertThat(cache.get("token")).isNull();
        cache.put("token", expiringAt("alice", NOW + 2_000), NOW, cache.generation());
        assertThat(cache.get("token")).isNotNull();
    }

    @Test
    void getWhenFoundOrNotThenHitsAndMissesCount() {
        VerifiedTokenCache<String> cache = new VerifiedTokenCache<>(10);
        cache.put("a", live("a"), NOW);

        cache.get("a");
        cache.get("a");
        cache.get("b");

        TokenCacheStatistics statistics = cache;
        assertThat(statistics.hits()).isEqualTo(2);
        assertThat(statistics.misses()).isEqualTo(1);
        assertThat(statistics.size()).isEqualTo(1);
        assertThat(statistics.evictions()).isZero();
    }

    @Test
    void putWhenFullThenEvictionsCountEveryEntryDropped() {
        VerifiedTokenCache<String> cache = new VerifiedTokenCache<>(10);

        for (int i = 0; i < 25; i++) {
            cache.put("token-" + i, live("v" + i), NOW);
        }

        assertThat(cache.evictions()).isEqualTo(25 - cache.size());
        assertThat(cache.evictions()).isPositive();
    }
}
