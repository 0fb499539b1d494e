package dev.jwtfilter.revoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.jwtfilter.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link RevocationList} owes, run against each implementation. Two list instances
 * over the same data stand for two application nodes.
 */
abstract class RevocationListContract {
    static final Instant T0 = Instant.parse("2026-11-29T12:00:00Z");
    /** The clock of both nodes; tests move it by hand. */
    final MutableClock clock = new MutableClock(T0);

    /** @return the list of node A */
    abstract RevocationList nodeA();

    /** @return another list instance over the same data: node B */
    abstract RevocationList nodeB();

    static String id() {
        return UUID.randomUUID().toString();
    }

    @Test
    void isRevokedWhenNeverRevokedThenFalse() {
        assertThat(nodeA().isRevoked(id())).isFalse();
    }

    @Test
    void revokeWhenRevokedOnOneNodeThenRevokedOnBoth() {
        String jti = id();

        nodeA().revoke(jti, T0.plus(Duration.ofMinutes(16)));

        assertThat(nodeA().isRevoked(jti)).isTrue();
        assertThat(nodeB().isRevoked(jti)).isTrue();
    }

    @Test
    void revokeWhenSameIdRevokedTwiceOnEitherNodeThenNoErrorAndStillRevoked() {
        String jti = id();
        nodeA().revoke(jti, T0.plus(Duration.ofMinutes(16)));

        assertThatCode(() -> nodeA().revoke(jti, T0.plus(Duration.ofMinutes(16)))).doesNotThrowAnyException();
        assertThatCode(() -> nodeB().revoke(jti, T0.plus(Duration.ofMinutes(10)))).doesNotThrowAnyException();

        assertThat(nodeB().isRevoked(jti)).isTrue();
    }

    @Test
    void revokeWhenEntryOutlivedByTheClockThenStillRevokedUntilPurged() {
        String jti = id();
        nodeA().revoke(jti, T0.plusSeconds(60));

        clock.advance(Duration.ofSeconds(61));

        assertThat(nodeA().isRevoked(jti)).isTrue(); // harmless: the token itself is expired by now
    }
}
