package dev.jwtfilter.revoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jwtfilter.MutableClock;
import dev.jwtfilter.verify.RevocationUnavailableException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The local memory in front of a shared list: what it saves, how stale it may be, and its bound. */
class CachingRevocationListTest {
    private static final Instant T0 = Instant.parse("2026-11-29T12:00:00Z");
    private static final Duration TTL = Duration.ofSeconds(5);
    private final MutableClock clock = new MutableClock(T0);
    private final InMemoryRevocationList shared = new InMemoryRevocationList(clock);
    private final AtomicInteger lookups = new AtomicInteger();
    private volatile boolean down;

    /** The shared list as another node sees it, counting the queries this node makes. */
    private final RevocationList counting = new RevocationList() {
        @Override
        public void revoke(String jti, Instant keepUntil) {
            if (down) {
                throw new RevocationUnavailableException("down", null);
            }
            shared.revoke(jti, keepUntil);
        }

        @Override
        public boolean isRevoked(String jti) {
            lookups.incrementAndGet();
            if (down) {
                throw new RevocationUnavailableException("down", null);
            }
            return shared.isRevoked(jti);
        }
    };

    private CachingRevocationList cache(int maxEntries) {
        return new CachingRevocationList(counting, TTL, maxEntries, clock);
    }

    @Test
    void isRevokedWhenAskedAgainWithinTheTtlThenAnsweredFromMemory() {
        CachingRevocationList cache = cache(100);

        cache.isRevoked("a");
        clock.advance(TTL.minusMillis(1));
        cache.isRevoked("a");

        assertThat(lookups).hasValue(1);
    }

    @Test
    void isRevokedWhenRevokedElsewhereThenSeenOnlyOnceTheTtlHasPassed() {
        CachingRevocationList cache = cache(100);
        assertThat(cache.isRevoked("a")).isFalse();

        shared.revoke("a", T0.plus(Duration.ofMinutes(15))); // another node

        assertThat(cache.isRevoked("a")).isFalse();
        clock.advance(TTL);
        assertThat(cache.isRevoked("a")).isTrue();
        assertThat(lookups).hasValue(2);
    }

    @Test
    void revokeWhenThroughTheCacheThenRefusedHereAtOnceAndStoredForOthers() {
        CachingRevocationList cache = cache(100);
        assertThat(cache.isRevoked("a")).isFalse();

        cache.revoke("a", T0.plus(Duration.ofMinutes(15)));

        assertThat(cache.isRevoked("a")).isTrue();
        assertThat(shared.isRevoked("a")).isTrue();
        assertThat(lookups).hasValue(1);
    }

    @Test
    void isRevokedWhenRevokedAnswerIsOlderThanTheTtlThenStillAnsweredFromMemory() {
        CachingRevocationList cache = cache(100);
        shared.revoke("a", T0.plus(Duration.ofMinutes(15)));
        cache.isRevoked("a");

        clock.advance(Duration.ofMinutes(10));

        assertThat(cache.isRevoked("a")).isTrue();
        assertThat(lookups).hasValue(1);
    }

    @Test
    void isRevokedWhenTheSharedListFailsThenTheFailurePropagatesAndIsNotRemembered() {
        CachingRevocationList cache = cache(100);
        down = true;

        assertThatThrownBy(() -> cache.isRevoked("a")).isInstanceOf(RevocationUnavailableException.class);

        down = false;
        assertThat(cache.isRevoked("a")).isFalse();
        assertThat(lookups).hasValue(2);
    }

    @Test
    void revokeWhenTheSharedListFailsThenRefusedHereAnywayAndTheFailurePropagates() {
        CachingRevocationList cache = cache(100);
        down = true;

        assertThatThrownBy(() -> cache.revoke("a", T0.plusSeconds(60))).isInstanceOf(RevocationUnavailableException.class);

        assertThat(cache.isRevoked("a")).isTrue();
    }

    @Test
    void isRevokedWhenASlowNotRevokedAnswerArrivesAfterALocalRevocationThenTheRevocationWins() {
        CachingRevocationList[] cache = new CachingRevocationList[1];
        RevocationList slow = new RevocationList() {
            @Override
            public void revoke(String jti, Instant keepUntil) {
            }

            @Override
            public boolean isRevoked(String jti) {
                cache[0].revoke(jti, T0.plusSeconds(60)); // another request revokes while this query runs
                return false;
            }
        };
        cache[0] = new CachingRevocationList(slow, TTL, 100, clock);

        assertThat(cache[0].isRevoked("a")).isFalse(); // the answer of the query that began before the revocation

        assertThat(cache[0].isRevoked("a")).isTrue();
    }

    @Test
    void sizeWhenManyIdsThenBounded() {
        CachingRevocationList cache = cache(10);

        for (int i = 0; i < 100; i++) {
            cache.isRevoked("id-" + i);
            assertThat(cache.size()).isLessThanOrEqualTo(10);
        }
        int before = lookups.get();
        assertThat(cache.isRevoked("id-99")).isFalse();
        assertThat(lookups).as("the latest answer is still remembered").hasValue(before);
    }

    @Test
    void isRevokedWhenFullThenStaleAnswersAreDroppedBeforeRevocations() {
        CachingRevocationList cache = cache(10);
        cache.revoke("revoked", T0.plus(Duration.ofMinutes(15)));
        for (int i = 0; i < 9; i++) {
            cache.isRevoked("old-" + i);
        }
        clock.advance(TTL);

        cache.isRevoked("new");

        assertThat(cache.size()).isEqualTo(2);
        int before = lookups.get();
        assertThat(cache.isRevoked("revoked")).isTrue();
        assertThat(lookups).hasValue(before);
    }

    @Test
    void constructorWhenTtlNotPositiveOrNoRoomThenRefused() {
        assertThatThrownBy(() -> new CachingRevocationList(counting, Duration.ZERO, 10, clock))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new CachingRevocationList(counting, TTL, 0, clock))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
