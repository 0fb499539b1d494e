package dev.jwtfilter.proof;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jwtfilter.proof.DPoPProofException.Reason;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class InMemoryDPoPReplayCacheTest {
    private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
    private static final Instant LATER = NOW.plusSeconds(121);

    @Test
    void firstUseWhenKeyNewThenTrue() throws Exception {
        assertThat(new InMemoryDPoPReplayCache().firstUse("a", LATER, NOW)).isTrue();
    }

    @Test
    void firstUseWhenKeySeenAndNotExpiredThenFalse() throws Exception {
        InMemoryDPoPReplayCache cache = new InMemoryDPoPReplayCache();
        cache.firstUse("a", LATER, NOW);

        assertThat(cache.firstUse("a", LATER, LATER.minusSeconds(1))).isFalse();
    }

    @Test
    void firstUseWhenEntryExpiredThenForgotten() throws Exception {
        InMemoryDPoPReplayCache cache = new InMemoryDPoPReplayCache();
        cache.firstUse("a", LATER, NOW);
        cache.firstUse("b", LATER.plusSeconds(10), NOW);

        assertThat(cache.firstUse("c", LATER.plusSeconds(20), LATER)).isTrue();
        assertThat(cache.size()).isEqualTo(2);
    }

    @Test
    void firstUseWhenFullOfUnexpiredEntriesThenFailsClosed() throws Exception {
        InMemoryDPoPReplayCache cache = new InMemoryDPoPReplayCache(2);
        cache.firstUse("a", LATER, NOW);
        cache.firstUse("b", LATER, NOW);

        assertThatThrownBy(() -> cache.firstUse("c", LATER, NOW))
                .isInstanceOfSatisfying(
                        DPoPProofException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.REPLAY_CHECK_UNAVAILABLE));
        assertThat(cache.firstUse("a", LATER, NOW)).isFalse();
        assertThat(cache.size()).isEqualTo(2);
    }

    @Test
    void firstUseWhenFloodedThenNeverHoldsMoreThanItsCapacity() throws Exception {
        InMemoryDPoPReplayCache cache = new InMemoryDPoPReplayCache(100);
        int refused = 0;
        for (int i = 0; i < 10_000; i++) {
            try {
                cache.firstUse("k" + i, LATER, NOW);
            } catch (DPoPProofException e) {
                refused++;
            }
        }

        assertThat(cache.size()).isEqualTo(100);
        assertThat(refused).isEqualTo(9_900);
    }

    @Test
    void firstUseWhenFullButEntriesExpiredThenRoomIsMade() throws Exception {
        InMemoryDPoPReplayCache cache = new InMemoryDPoPReplayCache(1);
        cache.firstUse("a", LATER, NOW);

        assertThat(cache.firstUse("b", LATER.plusSeconds(60), LATER)).isTrue();
    }

    @Test
    void firstUseWhenManyThreadsRaceOnOneKeyThenExactlyOneWins() throws Exception {
        InMemoryDPoPReplayCache cache = new InMemoryDPoPReplayCache();
        int threads = 8;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            Callable<Boolean> use = () -> {
                start.await();
                return cache.firstUse("same", LATER, NOW);
            };
            for (int i = 0; i < threads; i++) {
                results.add(pool.submit(use));
            }
            start.countDown();
            int winners = 0;
            for (Future<Boolean> result : results) {
                winners += result.get() ? 1 : 0;
            }

            assertThat(winners).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void constructorWhenCapacityNotPositiveThenRefused() {
        assertThatThrownBy(() -> new InMemoryDPoPReplayCache(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
