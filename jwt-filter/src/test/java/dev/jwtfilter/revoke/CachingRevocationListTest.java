package dev.jwtfilter.revoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jwtfilter.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The local memory in front of a shared list: what it saves, how stale it may be, and its bound. */
class CachingRevocationListTest {
    private static final Instant T0 = Instant.parse("2026-11-29T12:00:00Z");
    private static final Duration TTL = Duration.ofSeconds(5);
    private static final String ISSUER = "https://login.example.com";
    private static final String PARTNER = "https://sso.partner.example";
    private final MutableClock clock = new MutableClock(T0);
    private final InMemoryRevocationList shared = new InMemoryRevocationList(clock);
    private final AtomicInteger lookups = new AtomicInteger();
    private volatile boolean down;

    /** The shared list as another node sees it, counting the queries this node makes. */
    private final RevocationList counting = new RevocationList() {
        @Override
        public void revoke(String issuer, String jti, Instant keepUntil) {
            if (down) {
                throw new RevocationUnavailableException("down", null);
            }
            shared.revoke(issuer, jti, keepUntil);
        }

        @Override
        public boolean isRevoked(String issuer, String jti) {
            lookups.incrementAndGet();
            if (down) {
                throw new RevocationUnavailableException("down", null);
            }
            return shared.isRevoked(issuer, jti);
        }
    };

    private CachingRevocationList cache(int maxEntries) {
        return new CachingRevocationList(counting, TTL, maxEntries, clock);
    }

    @Test
    void isRevokedWhenAskedAgainWithinTheTtlThenAnsweredFromMemory() {
        CachingRevocationList cache = cache(100);

        cache.isRevoked(ISSUER, "a");
        clock.advance(TTL.minusMillis(1));
        cache.isRevoked(ISSUER, "a");

        assertThat(lookups).hasValue(1);
    }

    @Test
    void isRevokedWhenRevokedElsewhereThenSeenOnlyOnceTheTtlHasPassed() {
        CachingRevocationList cache = cache(100);
        assertThat(cache.isRevoked(ISSUER, "a")).isFalse();

        shared.revoke(ISSUER, "a", T0.plus(Duration.ofMinutes(15))); // another node

        assertThat(cache.isRevoked(ISSUER, "a")).isFalse();
        clock.advance(TTL);
        assertThat(cache.isRevoked(ISSUER, "a")).isTrue();
        assertThat(lookups).hasValue(2);
    }

    @Test
    void revokeWhenThroughTheCacheThenRefusedHereAtOnceAndStoredForOthers() {
        CachingRevocationList cache = cache(100);
        assertThat(cache.isRevoked(ISSUER, "a")).isFalse();

        cache.revoke(ISSUER, "a", T0.plus(Duration.ofMinutes(15)));

        assertThat(cache.isRevoked(ISSUER, "a")).isTrue();
        assertThat(shared.isRevoked(ISSUER, "a")).isTrue();
        assertThat(lookups).hasValue(1);
    }

    @Test
    void isRevokedWhenRevokedAnswerIsOlderThanTheTtlThenStillAnsweredFromMemory() {
        CachingRevocationList cache = cache(100);
        shared.revoke(ISSUER, "a", T0.plus(Duration.ofMinutes(15)));
        cache.isRevoked(ISSUER, "a");

        clock.advance(Duration.ofMinutes(10));

        assertThat(cache.isRevoked(ISSUER, "a")).isTrue();
        assertThat(lookups).hasValue(1);
    }

    @Test
    void isRevokedWhenTheSharedListFailsThenTheFailurePropagatesAndIsNotRemembered() {
        CachingRevocationList cache = cache(100);
        down = true;

        assertThatThrownBy(() -> cache.isRevoked(ISSUER, "a")).isInstanceOf(RevocationUnavailableException.class);

        down = false;
        assertThat(cache.isRevoked(ISSUER, "a")).isFalse();
        assertThat(lookups).hasValue(2);
    }

    @Test
    void revokeWhenTheSharedListFailsThenRefusedHereAnywayAndTheFailurePropagates() {
        CachingRevocationList cache = cache(100);
        down = true;

        assertThatThrownBy(() -> cache.revoke(ISSUER, "a", T0.plusSeconds(60)))
                .isInstanceOf(RevocationUnavailableException.class);

        assertThat(cache.isRevoked(ISSUER, "a")).isTrue();
    }

    @Test
    void isRevokedWhenASlowNotRevokedAnswerArrivesAfterALocalRevocationThenTheRevocationWins() {
        CachingRevocationList[] cache = new CachingRevocationList[1];
        RevocationList slow = new RevocationList() {
            @Override
            public void revoke(String issuer, String jti, Instant keepUntil) {}

            @Override
            public boolean isRevoked(String issuer, String jti) {
                cache[0].revoke(ISSUER, jti, T0.plusSeconds(60)); // another request revokes while this query runs
                return false;
            }
        };
        cache[0] = new CachingRevocationList(slow, TTL, 100, clock);

        assertThat(cache[0].isRevoked(ISSUER, "a"))
                .isFalse(); // the answer of the query that began before the revocation

        assertThat(cache[0].isRevoked(ISSUER, "a")).isTrue();
    }

    @Test
    void isRevokedWhenTheSameIdWasRevokedByAnotherIssuerThenNotRevokedHereNorRememberedSo() {
        CachingRevocationList cache = cache(100);
        assertThat(cache.isRevoked(ISSUER, "a")).isFalse();

        cache.revoke(PARTNER, "a", T0.plus(Duration.ofMinutes(15)));

        assertThat(cache.isRevoked(PARTNER, "a")).isTrue();
        assertThat(cache.isRevoked(ISSUER, "a")).isFalse();
        assertThat(shared.isRevoked(ISSUER, "a")).isFalse();
    }

    @Test
    void revokeWhenIssuerOrIdEmptyThenRefusedAndNothingRemembered() {
        CachingRevocationList cache = cache(100);

        assertThatThrownBy(() -> cache.revoke("", "a", T0.plusSeconds(60)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> cache.revoke(ISSUER, "", T0.plusSeconds(60)))
                .isInstanceOf(IllegalArgumentException.class);

        assertThat(cache.size()).isZero();
    }

    @Test
    void sizeWhenManyIdsThenBounded() {
        CachingRevocationList cache = cache(10);

        for (int i = 0; i < 100; i++) {
            cache.isRevoked(ISSUER, "id-" + i);
            assertThat(cache.size()).isLessThanOrEqualTo(10);
        }
        int before = lookups.get();
        assertThat(cache.isRevoked(ISSUER, "id-99")).isFalse();
        assertThat(lookups).as("the latest answer is still remembered").hasValue(before);
    }

    @Test
    void isRevokedWhenFullThenStaleAnswersAreDroppedBeforeRevocations() {
        CachingRevocationList cache = cache(10);
        cache.revoke(ISSUER, "revoked", T0.plus(Duration.ofMinutes(15)));
        for (int i = 0; i < 9; i++) {
            cache.isRevoked(ISSUER, "old-" + i);
        }
        clock.advance(TTL);

        cache.isRevoked(ISSUER, "new");

        assertThat(cache.size()).isEqualTo(2);
        int before = lookups.get();
        assertThat(cache.isRevoked(ISSUER, "revoked")).isTrue();
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
