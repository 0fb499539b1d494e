package dev.jwtfilter.revoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.jwtfilter.MutableClock;
import dev.jwtfilter.verify.VerifiedJwt;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link RevocationList} owes, run against each implementation. Two list instances
 * over the same data stand for two application nodes.
 */
abstract class RevocationListContract {
    static final Instant T0 = Instant.parse("2026-11-29T12:00:00Z");
    static final String ISSUER = "https://login.example.com";
    static final String PARTNER = "https://sso.partner.example";
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
        assertThat(nodeA().isRevoked(ISSUER, id())).isFalse();
    }

    @Test
    void revokeWhenRevokedOnOneNodeThenRevokedOnBoth() {
        String jti = id();

        nodeA().revoke(ISSUER, jti, T0.plus(Duration.ofMinutes(16)));

        assertThat(nodeA().isRevoked(ISSUER, jti)).isTrue();
        assertThat(nodeB().isRevoked(ISSUER, jti)).isTrue();
    }

    @Test
    void revokeWhenSameIdRevokedTwiceOnEitherNodeThenNoErrorAndStillRevoked() {
        String jti = id();
        nodeA().revoke(ISSUER, jti, T0.plus(Duration.ofMinutes(16)));

        assertThatCode(() -> nodeA().revoke(ISSUER, jti, T0.plus(Duration.ofMinutes(16))))
                .doesNotThrowAnyException();
        assertThatCode(() -> nodeB().revoke(ISSUER, jti, T0.plus(Duration.ofMinutes(10))))
                .doesNotThrowAnyException();

        assertThat(nodeB().isRevoked(ISSUER, jti)).isTrue();
    }

    @Test
    void revokeWhenEntryOutlivedByTheClockThenStillRevokedUntilPurged() {
        String jti = id();
        nodeA().revoke(ISSUER, jti, T0.plusSeconds(60));

        clock.advance(Duration.ofSeconds(61));

        assertThat(nodeA().isRevoked(ISSUER, jti)).isTrue(); // harmless: the token itself is expired by now
    }

    @Test
    void isRevokedWhenTheSameIdWasRevokedForAnotherIssuerThenNotRevoked() {
        String jti = id();

        nodeA().revoke(PARTNER, jti, T0.plus(Duration.ofMinutes(16)));

        assertThat(nodeB().isRevoked(PARTNER, jti)).isTrue();
        assertThat(nodeB().isRevoked(ISSUER, jti))
                .as("a partner's revocation never ends our token")
                .isFalse();
        nodeB().revoke(ISSUER, jti, T0.plus(Duration.ofMinutes(16)));
        assertThat(nodeA().isRevoked(ISSUER, jti)).isTrue();
    }

    @Test
    void revokeWhenIssuerOrIdEmptyThenRefused() {
        assertThatThrownBy(() -> nodeA().revoke("", id(), T0.plusSeconds(60)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> nodeA().revoke(ISSUER, "", T0.plusSeconds(60)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void revokeWhenGivenAVerifiedTokenThenItsIssuerAndIdAreRevokedUntilExpPlusTheSkew() {
        String jti = id();
        VerifiedJwt jwt = new VerifiedJwt(
                Map.of("iss", PARTNER, "jti", jti, "exp", T0.plusSeconds(300).getEpochSecond()), "RS256", null);

        assertThat(nodeA().revoke(jwt, Duration.ofMinutes(5))).isTrue();

        assertThat(nodeB().isRevoked(PARTNER, jti)).isTrue();
        assertThat(nodeB().isRevoked(ISSUER, jti)).isFalse();
        assertThat(nodeA().revoke(
                                new VerifiedJwt(Map.of("iss", PARTNER, "exp", T0.getEpochSecond()), "RS256", null),
                                Duration.ZERO))
                .as("no jti: nothing to revoke")
                .isFalse();
    }
}
