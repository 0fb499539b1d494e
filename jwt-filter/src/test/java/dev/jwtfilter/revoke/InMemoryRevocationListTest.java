package dev.jwtfilter.revoke;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The in-memory list; "two nodes" are one object, as in a single process. */
class InMemoryRevocationListTest extends RevocationListContract {
    private final InMemoryRevocationList list = new InMemoryRevocationList(clock);

    @Override
    RevocationList nodeA() {
        return list;
    }

    @Override
    RevocationList nodeB() {
        return list;
    }

    @Test
    void revokeWhenOlderEntriesHavePassedTheirInstantThenTheyAreDropped() {
        String old = id();
        list.revoke(ISSUER, old, T0.plusSeconds(60));
        clock.advance(Duration.ofSeconds(61));

        list.revoke(ISSUER, id(), T0.plus(Duration.ofMinutes(20)));

        assertThat(list.isRevoked(ISSUER, old)).isFalse();
        assertThat(list.size()).isEqualTo(1);
    }

    @Test
    void revokeWhenRevokedAgainWithAnEarlierInstantThenTheLaterOneIsKept() {
        String jti = id();
        list.revoke(ISSUER, jti, T0.plus(Duration.ofMinutes(20)));
        list.revoke(ISSUER, jti, T0.plusSeconds(60));
        clock.advance(Duration.ofSeconds(61));

        list.revoke(ISSUER, id(), T0.plus(Duration.ofMinutes(20)));

        assertThat(list.isRevoked(ISSUER, jti)).isTrue();
    }
}
